package dev.dmasim.core.time;

/**
 * A clock of a given frequency. Its period is the exact rational {@code 10^12 / freqHz} ps,
 * kept as the reduced fraction {@code periodNum / periodDen} so that no rounding accumulates.
 *
 * <p>Rounding rule: cycle edge {@code k} lies at {@code floor(k * 10^12 / freqHz)} ps. Every
 * conversion is exact integer arithmetic on that definition: {@link #cycleToTime} is the edge,
 * {@link #cyclesAt} counts the edges at or before a time, and {@link #nextEdge} is the first edge
 * at or after a time. Edges of one domain are therefore never more than 1 ps from the ideal.
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

    /** Time of cycle edge {@code k}: floor(k * num / den), computed without overflow. */
    public long cycleToTime(long k) {
        if (k < 0) throw new IllegalArgumentException("negative cycle " + k);
        long q = k / periodDen, r = k % periodDen;
        return Math.addExact(Math.multiplyExact(q, periodNum), mulDivFloor(r, periodNum, periodDen));
    }

    /** Duration of {@code n} cycles counted from time 0's edge (same as {@link #cycleToTime}). */
    public long cycles(long n) { return cycleToTime(n); }

    /** Number of edges in (0, t], i.e. the largest k with cycleToTime(k) <= t. */
    public long cyclesAt(long t) {
        if (t < 0) throw new IllegalArgumentException("negative time " + t);
        // k <= (t+1)*den/num - epsilon  <=>  k = ceil((t+1)*den/num) - 1
        long tt = t + 1;
        long q = tt / periodNum, r = tt % periodNum;
        long k = Math.addExact(Math.multiplyExact(q, periodDen), mulDivCeil(r, periodDen, periodNum));
        return k - 1;
    }

    /** The first edge at or after {@code t}. */
    public long nextEdge(long t) {
        long k = cyclesAt(t);
        long e = cycleToTime(k);
        return e == t ? t : cycleToTime(k + 1);
    }

    /** The time {@code n} cycles after the first edge at or after {@code t}. */
    public long after(long t, long n) {
        long k = cyclesAt(t);
        if (cycleToTime(k) != t) k++;
        return cycleToTime(k + n);
    }

    /** floor(a*b/c) for non-negative operands, exact even when a*b overflows. */
    static long mulDivFloor(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        if (hi == 0 && a * b >= 0) return (a * b) / c;
        return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                .divide(java.math.BigInteger.valueOf(c)).longValueExact();
    }

    /** ceil(a*b/c) for non-negative operands. */
    static long mulDivCeil(long a, long b, long c) {
        long f = mulDivFloor(a, b, c);
        long hi = Math.multiplyHigh(a, b);
        boolean exact = (hi == 0 && a * b >= 0) ? (a * b) % c == 0
                : java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                        .mod(java.math.BigInteger.valueOf(c)).signum() == 0;
        return exact ? f : f + 1;
    }

    private static long gcd(long a, long b) {
        while (b != 0) { long t = a % b; a = b; b = t; }
        return a;
    }

    @Override public String toString() { return name + "@" + freqHz + "Hz"; }
}
