package dev.dmasim.core.mem;

import dev.dmasim.core.result.LatencyStats;

/**
 * A log-linear histogram of latencies in ps, for streams too long to keep every sample: exact
 * count, min, max and mean; percentiles to within 1/{@value #SUB} of the value (below
 * {@value #SUB} ps exactly). Recording allocates nothing.
 */
public final class LatencyHistogram {
    static final int SUB_BITS = 7;
    static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long n, sum, min = Long.MAX_VALUE, max = Long.MIN_VALUE;

    public void record(long ps) {
        if (ps < 0) throw new IllegalStateException("invariant: negative latency " + ps);
        counts[index(ps)]++;
        n++;
        sum += ps;
        if (ps < min) min = ps;
        if (ps > max) max = ps;
    }

    public long count() { return n; }

    public long sumPs() { return sum; }

    public double meanPs() { return n == 0 ? 0 : (double) sum / n; }

    public long minPs() { return n == 0 ? 0 : min; }

    public long maxPs() { return n == 0 ? 0 : max; }

    /** Nearest-rank percentile (0 < p <= 100), as the low edge of its bucket clamped to [min, max]. */
    public long percentilePs(double p) {
        if (n == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.max(min, Math.min(max, lowEdge(i)));
        }
        return max;
    }

    public LatencyStats toStats() {
        if (n == 0) return LatencyStats.EMPTY;
        return new LatencyStats(n, min / 1000.0, percentilePs(50) / 1000.0, percentilePs(95) / 1000.0,
                percentilePs(99) / 1000.0, max / 1000.0, (double) sum / n / 1000.0);
    }

    static int index(long v) {
        if (v < SUB) return (int) v;
        int e = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int sub = (int) ((v >>> (e - SUB_BITS)) & (SUB - 1));
        return (e - SUB_BITS + 1) * SUB + sub;
    }

    static long lowEdge(int i) {
        if (i < SUB) return i;
        int e = i / SUB + SUB_BITS - 1;
        long sub = i % SUB;
        return (1L << e) | (sub << (e - SUB_BITS));
    }
}
