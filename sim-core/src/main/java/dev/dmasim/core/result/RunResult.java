package dev.dmasim.core.result;

import java.util.List;
import java.util.Map;

/**
 * Everything a run produced, as plain data: what reports read (they know nothing else about
 * the models). Maps are ordered as they should be shown.
 *
 * @param violations every violation record, in the order found
 * @param violationCounts every kind, zero included
 * @param warnings warning kind (wire name) -> count, every kind included
 * @param frames frame records, in frame order
 * @param spans span name -> latency of its executions
 * @param bus bus totals
 * @param caches cache name -> counters
 * @param agents agent name -> busy and stall time
 * @param stats further statistics sections by name (DRAM, per-master bus, ...), nested maps
 *              of numbers and strings, written to summary.json as they are
 * @param trace timeline of the run (spans, device jobs, violations) for trace.json, in time order
 * @param busSeries the bus's bytes over time per master, for the bandwidth chart
 */
public record RunResult(String workload, String policy, long seed, RunStatus status, long simulatedTimePs,
                        long events, long wallTimeMs, List<Violation> violations,
                        Map<ViolationKind, Long> violationCounts, Map<String, Long> warnings,
                        List<FrameRecord> frames, LatencyStats frameLatency, Map<String, LatencyStats> spans,
                        BusTotals bus, Map<String, CacheCounters> caches, Map<String, AgentTimes> agents,
                        Map<String, Object> stats, List<TraceEvent> trace, BusSeries busSeries) {

    /** One frame: which camera frame, when captured, when its scanout started. */
    public record FrameRecord(long frame, long captureStartPs, long scanoutStartPs, long latencyPs, boolean deadlineMiss) {}

    public record BusTotals(long bytes, double utilization) {
        public static final BusTotals NONE = new BusTotals(0, 0.0);
    }

    /**
     * Bytes the bus moved per master in consecutive buckets of {@code bucketPs} from time 0 to
     * {@code endPs} (the last bucket may be cut short by the run's end). A tenure's bytes are
     * spread evenly over the tenure, so a bucket's bytes / its length is the bandwidth then.
     */
    public record BusSeries(long bucketPs, long endPs, List<String> masters, List<double[]> bytes) {
        public static final BusSeries NONE = new BusSeries(1, 0, List.of(), List.of());

        public int buckets() { return bytes.isEmpty() ? 0 : bytes.get(0).length; }

        /** Length of bucket {@code k}: {@code bucketPs}, except the last, which ends at {@code endPs}. */
        public long lengthPs(int k) { return Math.max(1, Math.min(bucketPs, endPs - k * bucketPs)); }

        /** GB/s during bucket {@code k} of a row of bytes (B/ps x 1000). */
        public double gbps(double[] row, int k) { return row[k] / lengthPs(k) * 1000.0; }

        /** Every master's bytes added, per bucket. */
        public double[] total() {
            double[] t = new double[buckets()];
            for (double[] row : bytes) for (int k = 0; k < t.length; k++) t[k] += row[k];
            return t;
        }

        // By content: the arrays' values, not their identities (runs are compared for equality).
        @Override public boolean equals(Object o) {
            return o instanceof BusSeries b && bucketPs == b.bucketPs && endPs == b.endPs && masters.equals(b.masters)
                    && java.util.Arrays.deepEquals(bytes.toArray(), b.bytes.toArray());
        }

        @Override public int hashCode() {
            return java.util.Objects.hash(bucketPs, endPs, masters, java.util.Arrays.deepHashCode(bytes.toArray()));
        }
    }

    public record CacheCounters(long hits, long misses, long writebacks, long cleanedLines, long invalidatedLines) {}

    public record AgentTimes(long busyPs, long stallPs) {}

    /**
     * One interval ({@code durationPs >= 0}) or instant ({@code durationPs < 0}) on a named track
     * (a thread, a device): what a timeline viewer shows.
     */
    public record TraceEvent(String track, String name, String category, long startPs, long durationPs) {}
}
