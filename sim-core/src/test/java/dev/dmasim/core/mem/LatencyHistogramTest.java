package dev.dmasim.core.mem;

import dev.dmasim.core.result.LatencyStats;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class LatencyHistogramTest {
    @Test
    void smallValuesAreExactAndCountsMinMaxMeanAlways() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100; v++) h.record(v);
        assertEquals(100, h.count());
        assertEquals(50, h.percentilePs(50));
        assertEquals(95, h.percentilePs(95));
        assertEquals(100, h.percentilePs(100));
        assertEquals(1, h.minPs());
        assertEquals(50.5, h.meanPs(), 1e-12);
        LatencyStats s = h.toStats();
        assertEquals(0.05, s.p50(), 1e-12);
        assertEquals(0.1, s.max(), 1e-12);
    }

    @Test
    void largeValuesAreWithinOneBucketOfTheNearestRank() {
        Random r = new Random(5);
        long[] v = new long[10_001];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000 + (long) (r.nextDouble() * r.nextDouble() * 5_000_000);
            h.record(v[i]);
        }
        Arrays.sort(v);
        for (int p : new int[]{1, 50, 95, 99}) {
            long exact = v[(int) Math.ceil(p / 100.0 * v.length) - 1];
            long got = h.percentilePs(p);
            assertTrue(got <= exact && exact - got <= exact / 128, p + ": " + got + " vs " + exact);
        }
        assertEquals(v[v.length - 1], h.maxPs());
        assertEquals(v[0], h.minPs());
        for (int i = 0; i < 20_000; i++) {
            long x = r.nextLong() >>> 2;
            assertTrue(LatencyHistogram.lowEdge(LatencyHistogram.index(x)) <= x);
            assertTrue(LatencyHistogram.lowEdge(LatencyHistogram.index(x) + 1) > x);
        }
    }
}
