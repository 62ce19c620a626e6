package dev.dmasim.reports;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.reports.charts.ChartImage;
import dev.dmasim.reports.charts.Charts;
import dev.dmasim.reports.charts.RunCharts;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's outputs into a directory, each file atomically. */
public final class ReportWriter {
    private ReportWriter() {}

    public static void writeAll(RunResult r, Path dir) throws IOException {
        // Everything is made in memory first: a failure there leaves no output at all.
        Charts charts = Charts.drawOrExplain(() -> RunCharts.of(r));
        String html = ReportHtml.toHtml(r, charts);
        String trace = TraceJson.toJson(r);
        AtomicFiles.write(dir.resolve("violations.csv"), Csv.violations(r));
        AtomicFiles.write(dir.resolve("frames.csv"), Csv.frames(r));
        AtomicFiles.write(dir.resolve("trace.json"), trace);
        writeCharts(charts, dir);
        AtomicFiles.write(dir.resolve("report.html"), html);
        // summary.json last: its presence says the run's outputs are complete.
        AtomicFiles.write(dir.resolve("summary.json"), SummaryJson.toJson(r));
    }

    /** Each chart as {@code DIR/charts/NAME.svg} and {@code .png}, which the HTML pages link to. */
    public static void writeCharts(Charts charts, Path dir) throws IOException {
        for (ChartImage c : charts.images()) {
            AtomicFiles.write(dir.resolve("charts").resolve(c.name() + ".svg"), c.svg() + "\n");
            AtomicFiles.write(dir.resolve("charts").resolve(c.name() + ".png"), c.png());
        }
    }
}
