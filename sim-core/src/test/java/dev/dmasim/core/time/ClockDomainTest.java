package dev.dmasim.core.time;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.*;

class ClockDomainTest {
    private static final BigInteger PS_PER_S = BigInteger.valueOf(Time.S);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    // ---- the documented rule, in BigInteger ----

    /** Edge k at floor(k * 10^12 / f), or null if beyond Long.MAX_VALUE. */
    static Long refEdge(long f, long k) {
        BigInteger e = BigInteger.valueOf(k).multiply(PS_PER_S).divide(BigInteger.valueOf(f));
        return e.compareTo(MAX) > 0 ? null : e.longValueExact();
    }

    /** Largest k with edge(k) <= t: k*10^12 < (t+1)*f, so k = floor(((t+1)*f - 1) / 10^12). */
    static long refCyclesAt(long f, long t) {
        return BigInteger.valueOf(t).add(BigInteger.ONE).multiply(BigInteger.valueOf(f))
                .subtract(BigInteger.ONE).divide(PS_PER_S).longValueExact();
    }

    static long refNextEdge(long f, long t) {
        long k = refCyclesAt(f, t);
        if (refEdge(f, k) == t) return t;
        Long next = refEdge(f, k + 1);
        return next == null ? Time.NEVER : next;
    }

    // ---- named frequencies, exact values ----

    @Test
    void threeGigahertz() {
        ClockDomain c = new ClockDomain("cpu", 3_000_000_000L);
        assertEquals(1000, c.periodNum());
        assertEquals(3, c.periodDen());
        assertFalse(c.integralPeriod());
        assertEquals(0, c.cycleToTime(0));
        assertEquals(333, c.cycleToTime(1));
        assertEquals(666, c.cycleToTime(2));
        assertEquals(1000, c.cycleToTime(3));
        assertEquals(1333, c.cycleToTime(4));
        assertEquals(Time.S, c.cycleToTime(3_000_000_000L));
        assertEquals(0, c.cyclesAt(332));
        assertEquals(1, c.cyclesAt(333));
        assertEquals(2, c.cyclesAt(999));
        assertEquals(3, c.cyclesAt(1000));
        assertEquals(3_000_000_000L, c.cyclesAt(Time.S));
        assertEquals(333, c.nextEdge(1));
        assertEquals(666, c.nextEdge(334));
        assertEquals(1000, c.nextEdge(1000));
        assertEquals(2000, c.after(1000, 3));
        assertEquals(1333 + 333, c.after(1001, 1)); // first edge at or after 1001 is 1333
    }

    @Test
    void oneAndAHalfGigahertz() {
        ClockDomain c = new ClockDomain("gpu", 1_500_000_000L);
        assertEquals(2000, c.periodNum());
        assertEquals(3, c.periodDen());
        assertEquals(666, c.cycleToTime(1));
        assertEquals(1333, c.cycleToTime(2));
        assertEquals(2000, c.cycleToTime(3));
        assertEquals(0, c.cyclesAt(665));
        assertEquals(1, c.cyclesAt(666));
        assertEquals(2, c.cyclesAt(1999));
        assertEquals(1500, c.cyclesAt(Time.US));
        assertEquals(1333, c.nextEdge(667));
    }

    @Test
    void oneGigahertz() {
        ClockDomain c = new ClockDomain("bus", 1_000_000_000L);
        assertTrue(c.integralPeriod());
        assertEquals(1000, c.periodNum());
        assertEquals(1, c.periodDen());
        assertEquals(7000, c.cycleToTime(7));
        assertEquals(6, c.cyclesAt(6999));
        assertEquals(7, c.cyclesAt(7000));
        assertEquals(7000, c.nextEdge(6001));
        assertEquals(9000, c.after(6001, 2));
        assertEquals(Long.MAX_VALUE / 1000, c.cyclesAt(Time.NEVER));
    }

    @Test
    void pixelClock148_5MHz() {
        ClockDomain c = new ClockDomain("pix", 148_500_000L);
        assertEquals(2_000_000, c.periodNum()); // 10^12 / 148.5e6 = 2e6 / 297 ps
        assertEquals(297, c.periodDen());
        assertEquals(6734, c.cycleToTime(1)); // 6734.006...
        assertEquals(13468, c.cycleToTime(2)); // 13468.013...
        assertEquals(2_000_000, c.cycleToTime(297));
        assertEquals(0, c.cyclesAt(6733));
        assertEquals(1, c.cyclesAt(6734));
        assertEquals(148_500_000L, c.cyclesAt(Time.S));
        // one 1080p60 frame: 2200 x 1125 pixels = 2_475_000 cycles = 1/60 s, floored
        assertEquals(16_666_666_666L, c.cycleToTime(2_475_000));
        assertEquals(6734, c.nextEdge(1));
    }

    @Test
    void extremesAndErrors() {
        ClockDomain thz = new ClockDomain("max", Time.S);
        assertEquals(Long.MAX_VALUE, thz.cycleToTime(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, thz.cyclesAt(Time.NEVER));
        assertEquals(Time.NEVER, thz.nextEdge(Time.NEVER));
        ClockDomain hz = new ClockDomain("slow", 1);
        assertEquals(Time.S, hz.cycleToTime(1));
        assertEquals(Long.MAX_VALUE / Time.S, hz.cyclesAt(Time.NEVER));
        assertEquals(Time.NEVER, hz.nextEdge(Time.NEVER - 1)); // next edge beyond the range
        assertThrows(ArithmeticException.class, () -> hz.cycleToTime(Long.MAX_VALUE / Time.S + 1));
        assertThrows(ArithmeticException.class, () -> hz.after(0, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new ClockDomain("x", 0));
        assertThrows(IllegalArgumentException.class, () -> new ClockDomain("x", Time.S + 1));
        assertThrows(IllegalArgumentException.class, () -> hz.cyclesAt(-1));
        assertThrows(IllegalArgumentException.class, () -> hz.cycleToTime(-1));
    }

    // ---- random frequencies against the BigInteger rule ----

    @Provide
    Arbitrary<Long> frequencies() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, Time.S),
                Arbitraries.longs().between(1, 10_000),
                Arbitraries.longs().between(Time.S - 10_000, Time.S),
                // large primes and near-primes make num*den overflow 64 bits
                Arbitraries.of(999_999_999_989L, 1_234_567_891L, 148_500_000L, 3_000_000_000L, 999_999_937L, 7L));
    }

    @Provide
    Arbitrary<Long> times() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 10_000_000),
                Arbitraries.longs().between(Long.MAX_VALUE - 10_000_000_000_000L, Long.MAX_VALUE));
    }

    @Property(tries = 3000)
    void conversionsMatchTheRule(@ForAll("frequencies") long f, @ForAll("times") long t) {
        ClockDomain c = new ClockDomain("c", f);
        long k = c.cyclesAt(t);
        assertEquals(refCyclesAt(f, t), k, "cyclesAt");
        assertEquals(refEdge(f, k), c.cycleToTime(k), "edge k");
        assertTrue(c.cycleToTime(k) <= t);
        assertEquals(refNextEdge(f, t), c.nextEdge(t), "nextEdge");
        if (k == Long.MAX_VALUE) return;
        Long following = refEdge(f, k + 1);
        if (following == null) assertThrows(ArithmeticException.class, () -> c.cycleToTime(k + 1));
        else assertEquals(following, c.cycleToTime(k + 1), "edge k+1");
    }

    @Property(tries = 2000)
    void cycleToTimeMatchesTheRule(@ForAll("frequencies") long f,
                                   @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long k) {
        ClockDomain c = new ClockDomain("c", f);
        Long expected = refEdge(f, k);
        if (expected == null) assertThrows(ArithmeticException.class, () -> c.cycleToTime(k));
        else assertEquals(expected, c.cycleToTime(k));
        long small = k % (f * 1_000_000L); // within 10^6 s of simulated time: always representable
        assertEquals(refEdge(f, small), c.cycleToTime(small));
    }

    @Property(tries = 2000)
    void mulDivIsExact(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long a,
                       @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long b,
                       @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long c) {
        BigInteger p = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        BigInteger[] qr = p.divideAndRemainder(BigInteger.valueOf(c));
        if (qr[0].compareTo(MAX) > 0) {
            assertThrows(ArithmeticException.class, () -> ClockDomain.mulDivFloor(a, b, c));
        } else {
            assertEquals(qr[0].longValueExact(), ClockDomain.mulDivFloor(a, b, c));
            long ceil = qr[0].longValueExact() + (qr[1].signum() == 0 ? 0 : 1);
            if (ceil >= 0) assertEquals(ceil, ClockDomain.mulDivCeil(a, b, c));
        }
    }

    @Property(tries = 300)
    void edgesAreIncreasingAndCyclesAtInvertsThem(@ForAll("frequencies") long f,
                                                  @ForAll @LongRange(min = 0, max = 1L << 40) long k0) {
        ClockDomain c = new ClockDomain("c", f);
        long k = k0 % (f * 1_000_000L);
        long e = c.cycleToTime(k);
        long e1 = c.cycleToTime(k + 1);
        assertTrue(e1 > e);
        assertEquals(k, c.cyclesAt(e));
        assertEquals(k, c.cyclesAt(e1 - 1));
        assertEquals(e1, c.nextEdge(e + 1));
        assertEquals(c.cycleToTime(k + 5), c.after(e, 5));
    }

}
