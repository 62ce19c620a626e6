package dev.dmasim.reports.charts;

import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.ViolationKind;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunChartsTest {
    static RunResult result(List<RunResult.TraceEvent> trace, Map<String, LatencyStats> spans, List<RunResult.FrameRecord> frames) {
        return result(trace, spans, frames, new RunResult.BusSeries(1_000, 4_000, List.of("cpu", "dma0"),
                List.of(new double[]{16, 16, 8, 0}, new double[]{0, 0, 8, 4})));
    }

    static RunResult result(List<RunResult.TraceEvent> trace, Map<String, LatencyStats> spans, List<RunResult.FrameRecord> frames,
                            RunResult.BusSeries bus) {
        Map<ViolationKind, Long> counts = new EnumMap<>(ViolationKind.class);
        for (ViolationKind k : ViolationKind.values()) counts.put(k, 0L);
        return new RunResult("w", "implicit", 1, RunStatus.COMPLETED, 4_000, 10, 0, List.of(), counts, Map.of(), frames,
                LatencyStats.EMPTY, spans, new RunResult.BusTotals(52, 0.5), Map.of(), Map.of(), Map.of(), trace, bus);
    }

    private static RunResult typical() {
        return result(List.of(new RunResult.TraceEvent("cpu0/main", "upload", "span", 0, 1_500),
                        new RunResult.TraceEvent("dma0", "copy", "job", 500, 2_000),
                        new RunResult.TraceEvent("cpu0/main", "upload", "span", 2_000, 1_000),
                        new RunResult.TraceEvent("dma0", "data-race fb", "violation", 2_500, -1)),
                Map.of("upload", LatencyStats.ofPicos(new long[]{1_500, 1_000}, 2)), List.of());
    }

    private static List<String> names(Charts c) {
        return c.images().stream().map(ChartImage::name).toList();
    }

    @Test
    void aRunWithSpansJobsAndBusTrafficHasEveryChartButPerFrameLatency() throws Exception {
        Charts c = RunCharts.of(typical());
        assertEquals(List.of("latency-cdf", "latency-histogram", "timeline", "bus-bandwidth"), names(c));
        assertEquals(1, c.notes().size());
        assertTrue(c.notes().get(0).contains("no frame"), c.notes().get(0));
        for (ChartImage i : c.images()) {
            assertTrue(i.svg().startsWith("<svg id='" + i.name() + "'"), i.svg().substring(0, 80));
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(i.png()));
            assertEquals(ChartRenderer.WIDTH, png.getWidth(), i.name());
            assertEquals(ChartRenderer.HEIGHT, png.getHeight(), i.name());
        }
    }

    @Test
    void framesAddThePerFrameChartAndTheirLatencyCurve() {
        RunResult r = result(List.of(), Map.of(), List.of(new RunResult.FrameRecord(0, 0, 30_000, 30_000, false),
                new RunResult.FrameRecord(1, 16_000, 50_000, 34_000, true)));
        Charts c = RunCharts.of(r);
        assertEquals(List.of("latency-cdf", "latency-histogram", "frame-latency", "bus-bandwidth"), names(c));
        assertTrue(c.notes().get(0).startsWith("No timeline"), c.notes().toString());
    }

    @Test
    void aRunWithNothingToPlotHasNotesOnly() {
        Charts c = RunCharts.of(result(List.of(), Map.of(), List.of(), RunResult.BusSeries.NONE));
        assertEquals(List.of(), c.images());
        assertEquals(4, c.notes().size(), c.notes().toString());
    }

    @Test
    void theSameRunDrawsTheSameBytes() {
        Charts a = RunCharts.of(typical()), b = RunCharts.of(typical());
        for (int i = 0; i < a.images().size(); i++) {
            assertEquals(a.images().get(i).svg(), b.images().get(i).svg());
            assertArrayEquals(a.images().get(i).png(), b.images().get(i).png());
        }
    }

    @Test
    void aFailureToDrawBecomesANote() {
        Charts c = Charts.drawOrExplain(() -> { throw new IllegalStateException("no fonts"); });
        assertEquals(List.of(), c.images());
        assertTrue(c.notes().get(0).contains("no fonts"), c.notes().get(0));
        // What Java2D throws on JDK 17 when fontconfig finds no fonts: an Error, with the reason deep inside.
        Charts f = Charts.drawOrExplain(() -> {
            throw new InternalError(new java.lang.reflect.InvocationTargetException(new RuntimeException("Fontconfig head is null")));
        });
        assertEquals(List.of(), f.images());
        assertTrue(f.notes().get(0).contains("caused by java.lang.RuntimeException: Fontconfig head is null"), f.notes().get(0));
    }

    /** Tick labels do not follow the machine's locale: the same run draws the same bytes everywhere. */
    @Test
    void chartsAreTheSameInEveryLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        Charts root, german;
        try {
            java.util.Locale.setDefault(java.util.Locale.ROOT);
            root = RunCharts.of(typical());
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            german = RunCharts.of(typical());
        } finally {
            java.util.Locale.setDefault(before);
        }
        for (int i = 0; i < root.images().size(); i++) {
            assertEquals(root.images().get(i).svg(), german.images().get(i).svg(), root.images().get(i).name());
        }
    }

    /** Bucket bytes / bucket length: 16 B in 1 ns = 16 GB/s; the total adds the masters; the last bucket is as long as the run. */
    @Test
    void busBandwidthIsBytesPerBucketLength() {
        RunResult.BusSeries s = new RunResult.BusSeries(1_000, 2_500, List.of("cpu", "dma0"),
                List.of(new double[]{16, 8, 4}, new double[]{0, 8, 2}));
        XYDataset d = RunCharts.busBandwidth(s).getXYPlot().getDataset();
        assertEquals(3, d.getSeriesCount());
        assertEquals("total", d.getSeriesKey(2));
        // two corners per bucket: (start, bw), (end, bw); times in ns
        double[] cpu = {16, 16, 8, 8, 8, 8}, total = {16, 16, 16, 16, 12, 12};
        double[] x = {0, 1, 1, 2, 2, 2.5};
        for (int i = 0; i < 6; i++) {
            assertEquals(x[i], d.getXValue(0, i), 1e-12);
            assertEquals(cpu[i], d.getYValue(0, i), 1e-12);
            assertEquals(total[i], d.getYValue(2, i), 1e-12);
        }
    }

    /** A hundred thousand back-to-back spans merge into one bar: the picture stays small. */
    @Test
    void theTimelineMergesIntervalsCloserThanItsResolution() {
        List<RunResult.TraceEvent> trace = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) trace.add(new RunResult.TraceEvent("cpu0/main", "s", "span", i * 10L, 9));
        trace.add(new RunResult.TraceEvent("dma0", "copy", "job", 2_000_000, 10_000));
        JFreeChart t = RunCharts.timeline(result(trace, Map.of(), List.of()));
        var data = (org.jfree.data.xy.XYIntervalSeriesCollection) t.getXYPlot().getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals(1, data.getItemCount(0), "the spans are one bar");
        assertEquals(0.0, data.getStartXValue(0, 0), 1e-12);
        assertEquals(1, data.getItemCount(1));
        ChartImage img = ChartRenderer.render("timeline", t);
        assertTrue(img.svg().length() < 100_000, "svg of " + img.svg().length() + " chars");
    }

    @Test
    void theLatencyCdfHasOneCurvePerSeriesEndingAtOne() {
        Map<String, long[]> samples = new LinkedHashMap<>();
        long[] many = new long[50_000];
        for (int i = 0; i < many.length; i++) many[i] = 1_000 + i;
        samples.put("a", many);
        samples.put("b", new long[]{5_000});
        XYDataset d = RunCharts.latencyCdf("t", samples).getXYPlot().getDataset();
        assertEquals(2, d.getSeriesCount());
        assertTrue(d.getItemCount(0) <= RunCharts.CDF_POINTS + 1, "downsampled: " + d.getItemCount(0));
        assertEquals(1.0, d.getYValue(0, d.getItemCount(0) - 1));
        assertEquals(0.0, d.getYValue(1, 0));
        assertEquals(1.0, d.getYValue(1, 1));
        assertEquals(5.0, d.getXValue(1, 1), 1e-12, "in ns, the unit of the largest sample (50.999 ns)");
    }
}
