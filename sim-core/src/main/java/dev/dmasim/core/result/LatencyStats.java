package dev.dmasim.core.result;

import java.util.Arrays;

/**
 * Summary of a latency sample in nanoseconds: count, min, p50, p95, p99, max, mean. Percentiles
 * use the nearest-rank method (the smallest sample with at least p% of samples at or below it),
 * so every reported percentile is a latency that really occurred.
 */
public record LatencyStats(long count, double min, double p50, double p95, double p99, double max, double mean) {
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);

    /** Summarise samples given in picoseconds. */
    public static LatencyStats ofPicos(long[] samplesPs, int n) {
        if (n == 0) return EMPTY;
        long[] s = Arrays.copyOf(samplesPs, n);
        Arrays.sort(s);
        double sum = 0;
        for (long v : s) sum += v;
        return new LatencyStats(n, ns(s[0]), ns(rank(s, 50)), ns(rank(s, 95)), ns(rank(s, 99)), ns(s[n - 1]), sum / n / 1000.0);
    }

    private static long rank(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static double ns(long ps) { return ps / 1000.0; }
}
