package dev.dmasim.core.time;

/**
 * A clock of a given frequency. Its period is the exact rational {@code 10^12 / freqHz} ps,
 * kept as the reduced fraction {@code periodNum / periodDen} so that no rounding accumulates.
 *
 * <p>Rounding rule: cycle edge {@code k} lies at {@code floor(k * 10^12 / freqHz)} ps. Every
 * conversion is exact integer arithmetic on that definition: {@link #cycleToTime} is the edge,
 * {@link #cyclesAt} is the largest {@code k} whose edge is at or before a time, and
 * {@link #nextEdge} is the first edge at or after a time. Edges of one domain are therefore never
 * more than 1 ps before the ideal instant and never after it; since the period is at least 1 ps
 * (frequency at most 1 THz), edges are strictly increasing.
 *
 * <p>No conversion allocates: products that overflow 64 bits are divided in 128-bit arithmetic.
 * A result beyond {@link Time#NEVER} (about 106 days) throws {@link ArithmeticException}, except
 * in {@link #nextEdge}, which answers {@link Time#NEVER} when no later edge is representable.
 */
public final class ClockDomain {
    private final String name;
    private final long freqHz;
    private final long periodNum;
    private final long periodDen;

    public ClockDomain(String name, long freqHz) {
        if (freqHz <= 0 || freqHz > Time.S) {
            throw new IllegalArgumentException("clock " + name + ": frequency must be in 1 Hz..1 THz, got " + freqHz);
        }
        this.name = name;
        this.freqHz = freqHz;
        long g = gcd(Time.S, freqHz);
        this.periodNum = Time.S / g;
        this.periodDen = freqHz / g;
    }

    public String name() { return name; }
    public long freqHz() { return freqHz; }
    /** Numerator of the exact period in ps. */
    public long periodNum() { return periodNum; }
    /** Denominator of the exact period in ps. */
    public long periodDen() { return periodDen; }
    /** True if the period is a whole number of picoseconds. */
    public boolean integralPeriod() { return periodDen == 1; }

    /** Time of cycle edge {@code k}: floor(k * num / den). */
    public long cycleToTime(long k) {
        if (k < 0) throw new IllegalArgumentException("negative cycle " + k);
        // k = q*den + r: floor(k*num/den) = q*num + floor(r*num/den), and r*num/den < num.
        long q = k / periodDen, r = k % periodDen;
        return Math.addExact(Math.multiplyExact(q, periodNum), mulDivFloor(r, periodNum, periodDen));
    }

    /** Duration of {@code n} cycles counted from time 0's edge (same as {@link #cycleToTime}). */
    public long cycles(long n) { return cycleToTime(n); }

    /** The largest k with cycleToTime(k) <= t, i.e. the number of edges in (0, t]. */
    public long cyclesAt(long t) {
        if (t < 0) throw new IllegalArgumentException("negative time " + t);
        // floor(k*num/den) <= t  <=>  k*num < (t+1)*den  <=>  k = ceil((t+1)*den/num) - 1.
        // With t = q*num + r: k = q*den + ceil((r+1)*den/num) - 1, where r+1 <= num, so t+1
        // itself (which overflows at Time.NEVER) is never formed and q*den <= t.
        long q = t / periodNum, r = t % periodNum;
        return q * periodDen + (mulDivCeil(r + 1, periodDen, periodNum) - 1);
    }

    /** The first edge at or after {@code t}, or {@link Time#NEVER} if it is not representable. */
    public long nextEdge(long t) {
        long k = cyclesAt(t);
        long e = cycleToTime(k);
        if (e == t) return t;
        try {
            return cycleToTime(k + 1);
        } catch (ArithmeticException beyond) {
            return Time.NEVER;
        }
    }

    /** The time {@code n} cycles after the first edge at or after {@code t}. */
    public long after(long t, long n) {
        if (n < 0) throw new IllegalArgumentException("negative cycle count " + n);
        long k = cyclesAt(t);
        if (cycleToTime(k) != t) k++;
        return cycleToTime(Math.addExact(k, n));
    }

    /**
     * floor(a*b/c) for 0 <= a, b and 0 < c < 2^47 when the result fits in a long; exact even when
     * a*b needs 128 bits (long division in 16-bit digits, so nothing is allocated).
     */
    static long mulDivFloor(long a, long b, long c) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        if (hi == 0 && lo >= 0) return lo / c;
        long rem = 0;
        for (int shift = 48; shift >= 0; shift -= 16) {
            rem = (rem << 16) | ((hi >>> shift) & 0xFFFF);
            if (rem >= c) throw new ArithmeticException("mulDiv overflow");
        }
        long q = 0;
        for (int shift = 48; shift >= 0; shift -= 16) {
            rem = (rem << 16) | ((lo >>> shift) & 0xFFFF);
            q = (q << 16) | (rem / c);
            rem %= c;
        }
        if (q < 0) throw new ArithmeticException("mulDiv overflow");
        return q;
    }

    /** ceil(a*b/c) under the same conditions as {@link #mulDivFloor}. */
    static long mulDivCeil(long a, long b, long c) {
        long f = mulDivFloor(a, b, c);
        // a*b - f*c is the remainder, in [0, c): exact in wrapping 64-bit arithmetic.
        return a * b - f * c == 0 ? f : f + 1;
    }

    private static long gcd(long a, long b) {
        while (b != 0) { long t = a % b; a = b; b = t; }
        return a;
    }

    @Override public String toString() { return name + "@" + freqHz + "Hz"; }
}
