package dev.dmasim.core.mem;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.result.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusActivityTest {
    private static double sum(double[] b) {
        double s = 0;
        for (double v : b) s += v;
        return s;
    }

    /** A recorder on a bus with one master, tg0, fed by hand. */
    private static BusActivity oneMaster() {
        Bus b = BusTest.bus(new Engine(), BusSpec.defaults(), DramSpec.defaults());
        b.attachMaster("tg0");
        return new BusActivity(b);
    }

    @Test
    void aTenureIsSpreadEvenlyOverTheBucketsItCovers() {
        BusActivity a = oneMaster();
        a.add(0, 500, 2_500, 64);   // 2 ns: a quarter, a half, a quarter of three 1 ns buckets
        RunResult.BusSeries s = a.series(3_000);
        assertEquals(1_000, s.bucketPs());
        assertEquals(List.of("tg0"), s.masters());
        assertArrayEquals(new double[]{16, 32, 16}, s.bytes().get(0), 1e-9);
    }

    @Test
    void coarseningDoublesTheWidthAndKeepsEveryByte() {
        BusActivity a = oneMaster();
        a.add(0, 0, 1_000, 10);
        a.add(0, 1_000, 2_000, 20);
        long end = 3L * BusActivity.MAX_BUCKETS * 1_000;   // needs 4 ns buckets
        a.add(0, end - 1_000, end, 40);
        RunResult.BusSeries s = a.series(end);
        assertEquals(4_000, s.bucketPs());
        assertEquals(30, s.bytes().get(0)[0], 1e-9);
        assertEquals(70, sum(s.bytes().get(0)), 1e-9);
        assertEquals(3 * BusActivity.MAX_BUCKETS / 4, s.buckets());
    }

    /** A run stopped by its time limit in the middle of a tenure counts the tenure's bytes up to the end only. */
    @Test
    void theRunsEndCutsTheLastTenure() {
        BusActivity a = oneMaster();
        a.add(0, 0, 4_000, 64);
        a.add(0, 4_000, 8_000, 64);
        RunResult.BusSeries s = a.series(6_000);
        assertArrayEquals(new double[]{16, 16, 16, 16, 16, 16}, s.bytes().get(0), 1e-9);
        assertEquals(1_000, s.lengthPs(5));
    }

    /** Times near the largest representable one (runs with huge sleeps) neither overflow nor loop. */
    @Test
    void tenuresNearTheEndOfTimeStayBounded() {
        BusActivity a = oneMaster();
        a.add(0, 0, 1_000, 8);
        long late = Long.MAX_VALUE - 10;
        a.add(0, late - 4_000, late, 64);
        RunResult.BusSeries s = a.series(late);
        int n = s.buckets();
        assertTrue(n <= BusActivity.MAX_BUCKETS && (long) (n - 1) * s.bucketPs() < late && late - (long) (n - 1) * s.bucketPs() <= s.bucketPs(),
                n + " buckets of " + s.bucketPs());
        assertEquals(72, sum(s.bytes().get(0)), 1e-6);
        assertEquals(8, s.bytes().get(0)[0], 1e-6);
        assertEquals(64, s.bytes().get(0)[n - 1], 1e-6);
    }

    /** A saturating stream: 64 B every tenure of (2 + 2) cycles at 1 GHz, 16 GB/s, = 16 B in every 1 ns bucket. */
    @Test
    void aSaturatingStreamShowsTheBusBoundInEveryBucketAndTheBusTotal() {
        Engine e = new Engine();
        Bus b = BusTest.bus(e, BusSpec.defaults(), DramSpec.defaults());
        BusActivity a = BusActivity.attach(b);
        b.attachMaster("tg0");   // attached, never used: not in the series
        int m = b.attachMaster("tg1");
        new BusTest.Streamer(b, m, 0, 4_000, false, true);
        e.run();
        RunResult.BusSeries s = a.series(e.now());
        assertEquals(List.of("tg1"), s.masters());
        double[] bytes = s.bytes().get(0);
        assertEquals(b.bytes(), sum(bytes), 1e-6);
        // Between the first grant (after the first read's DRAM latency) and the last, the data path never idles.
        long bucket = s.bucketPs();
        int from = (int) (100_000 / bucket) + 1, to = (int) ((e.now() - 100_000) / bucket) - 1;
        assertTrue(to - from > 100, "the stream spans many buckets");
        for (int k = from; k < to; k++) {
            assertEquals(16.0 * bucket / 1_000, bytes[k], 1e-6, "bucket " + k);
        }
    }
}
