package dev.dmasim.reports.charts;

import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencySamplesTest {
    @Test
    void cdfCornersAreEachDistinctValueWithTheFractionAtOrBelowIt() {
        double[][] xy = LatencySamples.cdf(new long[]{1, 2, 2, 3}, 100);
        assertArrayEquals(new double[]{1, 2, 3}, xy[0]);
        assertArrayEquals(new double[]{0.25, 0.75, 1.0}, xy[1]);
    }

    /** Downsampled or not, the CDF rises, ends at 1 at the maximum, starts at the minimum and keeps its size bound. */
    @Property(tries = 200)
    void cdfIsAMonotoneSubsetOfTheTrueCdf(@ForAll @Size(min = 1, max = 3000) List<@LongRange(min = 0, max = 50) Long> values,
                                          @ForAll @IntRange(min = 2, max = 500) int maxPoints) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        double[][] xy = LatencySamples.cdf(s, maxPoints);
        int k = xy[0].length;
        assertTrue(k >= 1 && k <= maxPoints);
        assertEquals(s[0], xy[0][0]);
        assertEquals(s[s.length - 1], xy[0][k - 1]);
        assertEquals(1.0, xy[1][k - 1]);
        for (int i = 0; i < k; i++) {
            if (i > 0) assertTrue(xy[0][i] > xy[0][i - 1] && xy[1][i] > xy[1][i - 1]);
            long x = (long) xy[0][i];
            long atOrBelow = Arrays.stream(s).filter(v -> v <= x).count();
            assertEquals((double) atOrBelow / s.length, xy[1][i], 1e-12, "the true fraction at " + x);
        }
    }

    @Test
    void samplesAreTheSpansInTheTraceThenTheFrames() {
        RunResult r = RunChartsTest.result(List.of(
                new RunResult.TraceEvent("cpu0/main", "b", "span", 0, 300),
                new RunResult.TraceEvent("cpu0/main", "a", "span", 10, 100),
                new RunResult.TraceEvent("dma0", "a", "job", 10, 999),
                new RunResult.TraceEvent("cpu0/main", "a", "span", 20, 50)),
                Map.of("a", LatencyStats.EMPTY), List.of(new RunResult.FrameRecord(0, 0, 5_000, 5_000, false)));
        Map<String, long[]> s = LatencySamples.of(r);
        assertEquals(List.of("a", LatencySamples.FRAMES), List.copyOf(s.keySet()), "spans the run summarised, then frames");
        assertArrayEquals(new long[]{50, 100}, s.get("a"), "sorted; jobs are not spans");
        assertArrayEquals(new long[]{5_000}, s.get(LatencySamples.FRAMES));
    }
}
