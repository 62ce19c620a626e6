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
 */
public record RunResult(String workload, String policy, long seed, RunStatus status, long simulatedTimePs,
                        long events, long wallTimeMs, List<Violation> violations,
                        Map<ViolationKind, Long> violationCounts, Map<String, Long> warnings,
                        List<FrameRecord> frames, LatencyStats frameLatency, Map<String, LatencyStats> spans,
                        BusTotals bus, Map<String, CacheCounters> caches, Map<String, AgentTimes> agents,
                        Map<String, Object> stats, List<TraceEvent> trace) {

    /** One frame: which camera frame, when captured, when its scanout started. */
    public record FrameRecord(long frame, long captureStartPs, long scanoutStartPs, long latencyPs, boolean deadlineMiss) {}

    public record BusTotals(long bytes, double utilization) {
        public static final BusTotals NONE = new BusTotals(0, 0.0);
    }

    public record CacheCounters(long hits, long misses, long writebacks, long cleanedLines, long invalidatedLines) {}

    public record AgentTimes(long busyPs, long stallPs) {}

    /**
     * One interval ({@code durationPs >= 0}) or instant ({@code durationPs < 0}) on a named track
     * (a thread, a device): what a timeline viewer shows.
     */
    public record TraceEvent(String track, String name, String category, long startPs, long durationPs) {}
}
