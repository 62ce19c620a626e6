package dev.dmasim.reports.charts;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.time.Time;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.DrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of one run's report.html (MODEL.md, Outputs): latency CDF and histogram, per-frame
 * latency, a timeline of device activity and the bus bandwidth over time. Built from the
 * {@link RunResult} alone; a chart with nothing to plot becomes a note instead.
 */
public final class RunCharts {
    /** Series drawn at most in one chart (the first ones, in the run's order). */
    static final int MAX_SERIES = 8;
    /** Corners of a CDF at most, per series. */
    static final int CDF_POINTS = 1000;
    static final int HISTOGRAM_BINS = 50;
    /** Tracks of the timeline at most. */
    static final int MAX_TRACKS = 40;
    /** Timeline resolution: intervals closer than the run's length / this merge into one bar. */
    static final int TIMELINE_RESOLUTION = 2000;
    /** Width of an instant (violation) on the timeline, in resolution steps: about two pixels. */
    static final int VIOLATION_WIDTH = 5;

    private RunCharts() {}

    /** Every chart of the run, in page order. */
    public static Charts of(RunResult r) {
        List<ChartImage> images = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, long[]> samples = LatencySamples.of(r);
        if (samples.isEmpty()) {
            notes.add("No latency charts: the run recorded no span and no frame.");
        } else {
            images.add(ChartRenderer.render("latency-cdf", latencyCdf("Latency CDF", samples)));
            images.add(ChartRenderer.render("latency-histogram", latencyHistogram(samples)));
        }
        if (r.frames().isEmpty()) notes.add("No per-frame latency chart: no frame reached the display.");
        else images.add(ChartRenderer.render("frame-latency", frameLatency(r.frames())));
        JFreeChart timeline = timeline(r);
        if (timeline == null) notes.add("No timeline: no span, device job or violation was recorded.");
        else images.add(ChartRenderer.render("timeline", timeline, ChartRenderer.WIDTH, timelineHeight(r)));
        if (r.busSeries().masters().isEmpty()) notes.add("No bus bandwidth chart: nothing crossed the bus.");
        else images.add(ChartRenderer.render("bus-bandwidth", busBandwidth(r.busSeries())));
        return new Charts(images, notes);
    }

    static JFreeChart latencyCdf(String title, Map<String, long[]> samples) {
        TimeScale scale = TimeScale.of(maxOf(samples));
        XYSeriesCollection data = new XYSeriesCollection();
        int k = 0;
        for (Map.Entry<String, long[]> e : samples.entrySet()) {
            if (k++ == MAX_SERIES) break;
            XYSeries s = new XYSeries(e.getKey() + " (" + e.getValue().length + ")", false, true);
            data.addSeries(s);
            if (e.getValue().length == 0) continue;   // kept empty, so that each key keeps its colour
            double[][] xy = LatencySamples.cdf(e.getValue(), CDF_POINTS);
            s.add(scale.value(xy[0][0]), 0.0);
            for (int i = 0; i < xy[0].length; i++) s.add(scale.value(xy[0][i]), xy[1][i]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "latency (" + scale.unit() + ")", "fraction of samples at or below",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYStepRenderer());
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.0);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return style(chart);
    }

    static JFreeChart latencyHistogram(Map<String, long[]> samples) {
        TimeScale scale = TimeScale.of(maxOf(samples));
        HistogramDataset data = new HistogramDataset();
        int k = 0;
        for (Map.Entry<String, long[]> e : samples.entrySet()) {
            if (k++ == MAX_SERIES) break;
            if (e.getValue().length == 0) continue;
            double[] v = Arrays.stream(e.getValue()).mapToDouble(scale::value).toArray();
            double lo = v[0], hi = v[v.length - 1];
            if (hi == lo) hi = lo + Math.max(1e-9, Math.abs(lo) * 1e-6);   // one distinct value: one thin bin
            data.addSeries(e.getKey(), v, HISTOGRAM_BINS, lo, hi);
        }
        JFreeChart chart = ChartFactory.createHistogram("Latency histogram", "latency (" + scale.unit() + ")", "samples",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        flat(renderer);
        chart.getXYPlot().setForegroundAlpha(0.75f);
        return style(chart);
    }

    static JFreeChart frameLatency(List<RunResult.FrameRecord> frames) {
        double max = frames.stream().mapToLong(RunResult.FrameRecord::latencyPs).max().orElse(0);
        TimeScale scale = TimeScale.of(max);
        XYSeries s = new XYSeries("glass-to-glass latency", false, true);
        XYSeries miss = new XYSeries("deadline missed", false, true);
        for (RunResult.FrameRecord f : frames) {
            s.add(f.frame(), scale.value(f.latencyPs()));
            if (f.deadlineMiss()) miss.add(f.frame(), scale.value(f.latencyPs()));
        }
        XYSeriesCollection data = new XYSeriesCollection(s);
        if (!miss.isEmpty()) data.addSeries(miss);
        JFreeChart chart = ChartFactory.createXYLineChart("Per-frame latency", "camera frame", "latency (" + scale.unit() + ")",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        if (!miss.isEmpty()) renderer.setSeriesLinesVisible(1, false);
        chart.getXYPlot().setRenderer(renderer);
        return style(chart);
    }

    /** Tracks (threads, devices) in order of first activity, at most {@link #MAX_TRACKS}. */
    static List<String> tracks(RunResult r) {
        List<String> tracks = new ArrayList<>();
        for (RunResult.TraceEvent e : r.trace()) {
            if (!tracks.contains(e.track())) {
                if (tracks.size() == MAX_TRACKS) break;
                tracks.add(e.track());
            }
        }
        return tracks;
    }

    private static int timelineHeight(RunResult r) {
        return Math.max(ChartRenderer.HEIGHT, 160 + 22 * tracks(r).size());
    }

    /**
     * One row per track; spans, device jobs and violations as bars in their own colours.
     * Intervals of one kind on one track that lie closer than half a pixel merge into one bar
     * (a million CPU spans stay a readable, small picture); a violation is drawn two pixels wide.
     */
    static JFreeChart timeline(RunResult r) {
        List<String> tracks = tracks(r);
        if (tracks.isEmpty()) return null;
        long end = Math.max(1, r.simulatedTimePs());
        for (RunResult.TraceEvent e : r.trace()) end = Math.max(end, e.startPs() + Math.max(0, e.durationPs()));
        long res = Math.max(1, end / TIMELINE_RESOLUTION);
        TimeScale scale = TimeScale.of(end);
        Map<String, XYIntervalSeries> byCategory = new LinkedHashMap<>();
        // per category and track: the bar being extended [start, end]
        Map<String, long[]> open = new LinkedHashMap<>();
        for (RunResult.TraceEvent e : r.trace()) {
            int y = tracks.indexOf(e.track());
            if (y < 0) continue;
            String category = e.category();
            XYIntervalSeries series = byCategory.computeIfAbsent(category, XYIntervalSeries::new);
            // an instant (a violation) is drawn about two pixels wide, so that it shows
            long s = e.startPs(), t = s + (e.durationPs() < 0 ? VIOLATION_WIDTH * res : Math.max(res, e.durationPs()));
            String key = category + '\u0000' + y;
            long[] bar = open.get(key);
            if (bar != null && s - bar[1] <= res) {
                bar[1] = Math.max(bar[1], t);
                continue;
            }
            if (bar != null) add(series, scale, bar, y);
            open.put(key, new long[]{s, t});
        }
        open.forEach((key, bar) -> add(byCategory.get(key.substring(0, key.indexOf('\u0000'))), scale, bar,
                Integer.parseInt(key.substring(key.indexOf('\u0000') + 1))));
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        byCategory.values().forEach(data::addSeries);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        flat(renderer);
        int i = 0;
        for (String category : byCategory.keySet()) renderer.setSeriesPaint(i++, colourOf(category));
        NumberAxis time = new NumberAxis("simulated time (" + scale.unit() + ")");
        time.setAutoRangeIncludesZero(true);
        SymbolAxis rows = new SymbolAxis(null, tracks.toArray(new String[0]));
        rows.setInverted(true);
        rows.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(data, time, rows, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);   // violations (added last) on top of jobs
        JFreeChart chart = new JFreeChart("Timeline of activity", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return style(chart);
    }

    private static Color colourOf(String category) {
        switch (category) {
            case "span": return new Color(0x3366cc);
            case "job": return new Color(0x109618);
            case "violation": return new Color(0xdc3912);
            default: return new Color(0xff9900);
        }
    }

    private static void add(XYIntervalSeries series, TimeScale scale, long[] bar, int y) {
        series.add(scale.value(bar[0]), scale.value(bar[0]), scale.value(bar[1]), y, y - 0.35, y + 0.35);
    }

    /**
     * Each master's bandwidth, and their total, per bucket, drawn as steps (the bucket's average
     * over its whole length), one path per series.
     */
    static JFreeChart busBandwidth(RunResult.BusSeries s) {
        TimeScale scale = TimeScale.of(s.endPs());
        XYSeriesCollection data = new XYSeriesCollection();
        for (int m = 0; m < s.masters().size(); m++) data.addSeries(steps(s.masters().get(m), s, s.bytes().get(m), scale));
        if (s.masters().size() > 1) data.addSeries(steps("total", s, s.total(), scale));
        JFreeChart chart = bandwidthChart("Bus bandwidth over time (average per " + Time.format(s.bucketPs()) + ")", scale, data);
        if (s.masters().size() > 1) chart.getXYPlot().getRenderer().setSeriesPaint(s.masters().size(), Color.DARK_GRAY);
        return chart;
    }

    /** GB/s over time, one path per series. */
    static JFreeChart bandwidthChart(String title, TimeScale scale, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "simulated time (" + scale.unit() + ")", "GB/s", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        chart.getXYPlot().setRenderer(renderer);
        return style(chart);
    }

    static XYSeries steps(String name, RunResult.BusSeries s, double[] bytes, TimeScale scale) {
        XYSeries series = new XYSeries(name, false, true);
        for (int k = 0; k < bytes.length; k++) {
            double gbps = s.gbps(bytes, k);
            long from = k * s.bucketPs();
            series.add(scale.value(from), gbps);
            series.add(scale.value(from + s.lengthPs(k)), gbps);
        }
        return series;
    }

    private static void flat(XYBarRenderer renderer) {
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
    }

    /** Series colours: distinct and dark enough on white (JFreeChart's default sequence has yellow third). */
    static final Paint[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};

    static DrawingSupplier palette() {
        return new DefaultDrawingSupplier(PALETTE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE);
    }

    static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xf8f8f8));
        if (chart.getPlot() instanceof XYPlot p) {
            p.setDrawingSupplier(palette());
            p.setDomainGridlinePaint(new Color(0xcccccc));
            p.setRangeGridlinePaint(new Color(0xcccccc));
        }
        return chart;
    }

    private static double maxOf(Map<String, long[]> samples) {
        long max = 0;
        for (long[] s : samples.values()) if (s.length > 0) max = Math.max(max, s[s.length - 1]);
        return max;
    }
}
