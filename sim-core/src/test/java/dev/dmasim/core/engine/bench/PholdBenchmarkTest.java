package dev.dmasim.core.engine.bench;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark's correctness only: nothing here is timed. */
class PholdBenchmarkTest {
    private static final long EVENTS = 100_000;

    @Test
    void engineAndReferenceProcessTheSameEvents() {
        PholdBenchmark.Run ref = PholdBenchmark.runReference(PholdBenchmark.LPS, PholdBenchmark.INITIAL_EVENTS_PER_LP, EVENTS, 42);
        PholdBenchmark.Run eng = PholdBenchmark.runEngine(PholdBenchmark.LPS, PholdBenchmark.INITIAL_EVENTS_PER_LP, EVENTS, 42);
        assertEquals(EVENTS, ref.events());
        assertEquals(EVENTS, eng.events());
        assertEquals(ref.checksum(), eng.checksum());
        assertEquals(ref.endPs(), eng.endPs());
        // 100k events over 16384 pending, each ~1 us apart per LP: a few us of simulated time
        assertTrue(ref.endPs() > 3 * PholdBenchmark.UNIT_PS && ref.endPs() < 20 * PholdBenchmark.UNIT_PS, "end " + ref.endPs());
        PholdBenchmark.Run other = PholdBenchmark.runEngine(PholdBenchmark.LPS, PholdBenchmark.INITIAL_EVENTS_PER_LP, EVENTS, 43);
        assertNotEquals(eng.checksum(), other.checksum(), "the checksum does not depend on the events");
    }

    @Test
    void smallConfigurationsAgreeToo() {
        PholdBenchmark.Run ref = PholdBenchmark.runReference(3, 2, 5_000, 7);
        PholdBenchmark.Run eng = PholdBenchmark.runEngine(3, 2, 5_000, 7);
        assertEquals(ref.checksum(), eng.checksum());
        assertEquals(ref.endPs(), eng.endPs());
    }

    @Test
    void incrementIsLookaheadPlusExponentialInPicoseconds() {
        SplittableRandom r = new SplittableRandom(1);
        long n = 200_000, sum = 0, min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long inc = PholdBenchmark.increment(r);
            sum += inc;
            min = Math.min(min, inc);
        }
        assertTrue(min >= 100_000, "below the lookahead: " + min);
        double mean = (double) sum / n;
        assertEquals(1_000_000, mean, 10_000); // 0.1 + 0.9 us, within ~5 standard errors
    }

    @Test
    void destinationIsRemoteAQuarterOfTheTimeAndNeverSelfWhenRemote() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 200_000, remote = 0;
        for (int i = 0; i < n; i++) {
            int d = PholdBenchmark.destination(r, 5, PholdBenchmark.LPS);
            assertTrue(d >= 0 && d < PholdBenchmark.LPS);
            if (d != 5) remote++;
        }
        assertEquals(0.25, (double) remote / n, 0.005);
    }

    @Test
    void formatPrintsTheThreeHeadlineLines() {
        PholdBenchmark.Result r = new PholdBenchmark.Result(10_000_000, 813_000_000L, 12.3e6, 497_500_000L, 20.1e6, 0.61);
        String text = r.format();
        assertTrue(text.contains("\ndmasim engine: 12.3 M events/s\n"), text);
        assertTrue(text.contains("\nreference 4-ary heap: 20.1 M events/s\n"), text);
        assertTrue(text.endsWith("\nratio: 0.61"), text);
        assertTrue(text.contains("engine 0.813 s, reference 0.498 s"), text);
    }
}
