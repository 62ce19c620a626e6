package dev.dmasim.reports.charts;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.ViolationKind;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The charts of compare.html: the policies side by side on one script and seed — violations found,
 * simulated run time, latency CDFs (one chart per span and for frames, a curve per policy) and the
 * bus's total bandwidth over time.
 */
public final class CompareCharts {
    /** Latency series (span names, frames) charted at most. */
    static final int MAX_LATENCY_CHARTS = 6;

    private CompareCharts() {}

    /** {@code results}: policy -> its run, in the order to show. */
    public static Charts of(Map<String, RunResult> results) {
        List<ChartImage> images = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        JFreeChart violations = violations(results);
        if (violations == null) notes.add("No violation under any policy.");
        else images.add(ChartRenderer.render("compare-violations", violations));
        images.add(ChartRenderer.render("compare-simulated-time", simulatedTime(results)));

        // series -> policy -> samples; every policy in every chart (none: an empty curve), so a policy keeps its colour
        Map<String, Map<String, long[]>> samples = new LinkedHashMap<>();
        Map<String, Map<String, long[]>> byPolicy = new LinkedHashMap<>();
        results.forEach((policy, r) -> {
            byPolicy.put(policy, LatencySamples.of(r));
            byPolicy.get(policy).keySet().forEach(series -> samples.put(series, new LinkedHashMap<>()));
        });
        samples.forEach((series, perPolicy) -> byPolicy.forEach((policy, s) -> perPolicy.put(policy, s.getOrDefault(series, new long[0]))));
        if (samples.isEmpty()) notes.add("No latency charts: no policy's run recorded a span or a frame.");
        int i = 0;
        for (Map.Entry<String, Map<String, long[]>> e : samples.entrySet()) {
            if (i == MAX_LATENCY_CHARTS) {
                notes.add("Latency charts of " + (samples.size() - i) + " more series are in each policy's report.html.");
                break;
            }
            images.add(ChartRenderer.render("compare-latency-" + i++, RunCharts.latencyCdf("Latency CDF: " + e.getKey(), e.getValue())));
        }
        JFreeChart bus = busBandwidth(results);
        if (bus == null) notes.add("No bus bandwidth chart: nothing crossed the bus under any policy.");
        else images.add(ChartRenderer.render("compare-bus-bandwidth", bus));
        return new Charts(images, notes);
    }

    /** Records of each kind found by any policy, a bar per policy; null if none anywhere. */
    static JFreeChart violations(Map<String, RunResult> results) {
        Set<ViolationKind> found = new LinkedHashSet<>();
        for (ViolationKind k : ViolationKind.values()) {
            for (RunResult r : results.values()) if (r.violationCounts().getOrDefault(k, 0L) > 0) found.add(k);
        }
        if (found.isEmpty()) return null;
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        results.forEach((policy, r) -> {
            for (ViolationKind k : found) data.addValue(r.violationCounts().getOrDefault(k, 0L), policy, k.wire());
        });
        JFreeChart chart = ChartFactory.createBarChart("Violations by policy", "kind", "records", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().getRangeAxis().setStandardTickUnits(ChartRenderer.INTEGER_TICKS);
        return flat(chart);
    }

    static JFreeChart simulatedTime(Map<String, RunResult> results) {
        double max = results.values().stream().mapToLong(RunResult::simulatedTimePs).max().orElse(0);
        TimeScale scale = TimeScale.of(max);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        results.forEach((policy, r) -> data.addValue(scale.value(r.simulatedTimePs()), "simulated time", policy + " (" + r.status().wire() + ")"));
        JFreeChart chart = ChartFactory.createBarChart("Simulated run time by policy", "policy (status)",
                "simulated time (" + scale.unit() + ")", data, PlotOrientation.VERTICAL, false, false, false);
        return flat(chart);
    }

    /** The bus's total bandwidth over time, a curve per policy; null if no policy used the bus. */
    static JFreeChart busBandwidth(Map<String, RunResult> results) {
        long end = 0;
        for (RunResult r : results.values()) if (!r.busSeries().masters().isEmpty()) end = Math.max(end, r.busSeries().endPs());
        if (end == 0) return null;
        TimeScale scale = TimeScale.of(end);
        XYSeriesCollection data = new XYSeriesCollection();
        results.forEach((policy, r) -> {
            RunResult.BusSeries s = r.busSeries();
            if (s.masters().isEmpty()) {
                data.addSeries(new XYSeries(policy));   // empty, so that each policy keeps its colour
                return;
            }
            data.addSeries(RunCharts.steps(policy, s, s.total(), scale));
        });
        return RunCharts.bandwidthChart("Bus bandwidth over time (all masters)", scale, data);
    }

    private static JFreeChart flat(JFreeChart chart) {
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        plot.setDrawingSupplier(RunCharts.palette());
        plot.setBackgroundPaint(new Color(0xf8f8f8));
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
