package dev.dmasim.reports.charts;

import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.ViolationKind;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CompareChartsTest {
    private static RunResult run(long races, long spanPs) {
        RunResult r = RunChartsTest.result(List.of(new RunResult.TraceEvent("cpu0/main", "frame", "span", 0, spanPs)),
                Map.of("frame", LatencyStats.ofPicos(new long[]{spanPs}, 1)), List.of());
        Map<ViolationKind, Long> counts = new EnumMap<>(r.violationCounts());
        counts.put(ViolationKind.DATA_RACE, races);
        return new RunResult(r.workload(), r.policy(), r.seed(), r.status(), r.simulatedTimePs(), r.events(), r.wallTimeMs(),
                r.violations(), counts, r.warnings(), r.frames(), r.frameLatency(), r.spans(), r.bus(), r.caches(), r.agents(),
                r.stats(), r.trace(), r.busSeries());
    }

    @Test
    void policiesSideBySide() {
        Map<String, RunResult> results = new LinkedHashMap<>();
        results.put("nonblocking", run(2, 1_000));
        results.put("implicit", run(0, 3_000));
        Charts c = CompareCharts.of(results);
        assertEquals(List.of("compare-violations", "compare-simulated-time", "compare-latency-0", "compare-bus-bandwidth"),
                c.images().stream().map(ChartImage::name).toList());
        CategoryDataset v = CompareCharts.violations(results).getCategoryPlot().getDataset();
        assertEquals(List.of("nonblocking", "implicit"), v.getRowKeys());
        assertEquals(List.of("data-race"), v.getColumnKeys(), "only the kinds some policy found");
        assertEquals(2, v.getValue("nonblocking", "data-race").intValue());
        assertEquals(0, v.getValue("implicit", "data-race").intValue());
        assertEquals(2, CompareCharts.busBandwidth(results).getXYPlot().getDataset().getSeriesCount(), "a curve per policy");
    }

    /** A policy whose run recorded no span still has its (empty) curve, so the colours match across charts. */
    @Test
    void everyPolicyHasACurveInEveryLatencyChart() {
        Map<String, RunResult> results = new LinkedHashMap<>();
        results.put("nonblocking", run(0, 1_000));
        RunResult none = run(0, 1_000);
        results.put("enforced", new RunResult(none.workload(), none.policy(), none.seed(), none.status(), none.simulatedTimePs(),
                none.events(), none.wallTimeMs(), none.violations(), none.violationCounts(), none.warnings(), none.frames(),
                none.frameLatency(), Map.of(), none.bus(), none.caches(), none.agents(), none.stats(), List.of(),
                RunResult.BusSeries.NONE));
        results.put("implicit", run(0, 2_000));
        Charts c = CompareCharts.of(results);
        assertEquals(List.of("compare-simulated-time", "compare-latency-0", "compare-bus-bandwidth"),
                c.images().stream().map(ChartImage::name).toList());
        var bus = CompareCharts.busBandwidth(results).getXYPlot().getDataset();
        assertEquals(3, bus.getSeriesCount());
        assertEquals(0, bus.getItemCount(1), "enforced moved nothing");
    }

    @Test
    void noViolationAnywhereIsANoteNotAnEmptyChart() {
        Map<String, RunResult> results = new LinkedHashMap<>();
        results.put("exclusive", run(0, 1_000));
        results.put("implicit", run(0, 1_000));
        assertNull(CompareCharts.violations(results));
        assertEquals("No violation under any policy.", CompareCharts.of(results).notes().get(0));
    }
}
