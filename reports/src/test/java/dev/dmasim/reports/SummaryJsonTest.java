package dev.dmasim.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SummaryJsonTest {
    static RunResult result(int nViolations) {
        List<Violation> vs = new ArrayList<>();
        Map<ViolationKind, Long> counts = new EnumMap<>(ViolationKind.class);
        for (int i = 0; i < nViolations; i++) {
            vs.add(new Violation(ViolationKind.DATA_RACE, i, "fb[1]", 64, 64, List.of("dma0", "cpu0/main"), null,
                    "race, \"quoted\", with comma"));
        }
        counts.put(ViolationKind.DATA_RACE, (long) nViolations);
        Map<String, Long> warnings = new LinkedHashMap<>();
        warnings.put("missing-bracket", 0L);
        warnings.put("stub-fence-wait", 0L);
        return new RunResult("w", "implicit", 7, RunStatus.COMPLETED, 1000, 5, 3, vs, counts, warnings, List.of(),
                LatencyStats.EMPTY, Map.of("render", LatencyStats.ofPicos(new long[]{1000, 3000}, 2)),
                new RunResult.BusTotals(640, 0.5), Map.of("cpu0.l1", new RunResult.CacheCounters(1, 2, 3, 4, 5)),
                Map.of("cpu0/main", new RunResult.AgentTimes(10, 20)), Map.of(),
                List.of(new RunResult.TraceEvent("cpu0/main", "render", "span", 1000, 2500),
                        new RunResult.TraceEvent("dma0", "data-race", "violation", 3000, -1)),
                new RunResult.BusSeries(500, 1000, List.of("cpu"), List.of(new double[]{320, 320})));
    }

    @Test
    void summaryHasEveryKeyOfTheContractAndEveryViolationKind() throws Exception {
        JsonNode n = new ObjectMapper().readTree(SummaryJson.toJson(result(150)));
        for (String k : List.of("schema_version", "workload", "policy", "seed", "status", "simulated_time_ps", "events",
                "wall_time_ms", "violations", "violation_samples", "warnings", "frames", "spans", "bus", "caches", "agents")) {
            assertTrue(n.has(k), "missing key " + k);
        }
        assertEquals(1, n.get("schema_version").asInt());
        assertEquals(ViolationKind.values().length, n.get("violations").size());
        assertEquals(150, n.get("violations").get("data-race").asLong());
        assertEquals(0, n.get("violations").get("stale-read").asLong());
        assertEquals(100, n.get("violation_samples").size(), "samples are capped at 100");
        assertEquals("fb[1]", n.get("violation_samples").get(0).get("buffer").asText());
        assertEquals(1.0, n.get("spans").get("render").get("latency_ns").get("p50").asDouble(), 1e-9, "nearest rank");
        assertEquals(3.0, n.get("spans").get("render").get("latency_ns").get("max").asDouble(), 1e-9);
        assertEquals(4, n.get("caches").get("cpu0.l1").get("cleaned_lines").asLong());
        assertEquals(0, n.get("frames").get("count").asInt());
        assertTrue(n.get("frames").get("latency_ns").has("p99"));
    }

    @Test
    void traceIsChromeTraceEventJsonWithOneTrackPerAgent() throws Exception {
        JsonNode t = new ObjectMapper().readTree(TraceJson.toJson(result(0)));
        JsonNode ev = t.get("traceEvents");
        assertEquals(7, ev.size(), "process name, two track names, a span, a violation, two bus counters: " + ev);
        JsonNode span = ev.get(2);
        assertEquals("X", span.get("ph").asText());
        assertEquals(0.001, span.get("ts").asDouble(), 1e-12, "1000 ps = 0.001 us");
        assertEquals(0.0025, span.get("dur").asDouble(), 1e-12);
        JsonNode instant = ev.get(4);
        assertEquals("i", instant.get("ph").asText());
        assertNotEquals(span.get("tid").asInt(), instant.get("tid").asInt());
        JsonNode counter = ev.get(6);
        assertEquals("C", counter.get("ph").asText());
        assertEquals(0.0005, counter.get("ts").asDouble(), 1e-12, "the second 500 ps bucket");
        assertEquals(640.0, counter.get("args").get("cpu").asDouble(), 1e-9, "320 B in 500 ps = 640 GB/s");
    }

    @Test
    void reportPageEscapesMessagesAndShowsEveryKind() {
        String html = ReportHtml.toHtml(result(3));
        for (ViolationKind k : ViolationKind.values()) assertTrue(html.contains("<td>" + k.wire() + "</td>"), k.wire());
        assertTrue(html.contains("race, &quot;quoted&quot;, with comma"), "messages are escaped");
        assertEquals(3, html.split("<td>data-race</td><td>").length - 1, "one table row per record");
    }

    @Test
    void csvQuotesAndKeepsEveryRecord(@TempDir Path dir) throws Exception {
        ReportWriter.writeAll(result(150), dir);
        List<String> lines = Files.readAllLines(dir.resolve("violations.csv"));
        assertEquals(151, lines.size());
        assertTrue(lines.get(1).endsWith(",\"race, \"\"quoted\"\", with comma\""), lines.get(1));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("charts", "frames.csv", "report.html", "summary.json", "trace.json", "violations.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
        try (var files = Files.list(dir.resolve("charts"))) {
            assertEquals(List.of("bus-bandwidth.png", "bus-bandwidth.svg", "latency-cdf.png", "latency-cdf.svg",
                            "latency-histogram.png", "latency-histogram.svg", "timeline.png", "timeline.svg"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String html = Files.readString(dir.resolve("report.html"));
        for (String chart : List.of("latency-cdf", "latency-histogram", "timeline", "bus-bandwidth")) {
            assertTrue(html.contains("<svg id='" + chart + "'"), chart + " inline");
            assertTrue(html.contains("href=\"charts/" + chart + ".png\""), chart + " PNG linked");
        }
        assertTrue(html.contains("No per-frame latency chart"), "a missing chart says why");
    }
}
