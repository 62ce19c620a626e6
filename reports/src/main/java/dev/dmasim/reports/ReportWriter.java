package dev.dmasim.reports;

import dev.dmasim.core.result.RunResult;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's outputs into a directory, each file atomically. */
public final class ReportWriter {
    private ReportWriter() {}

    public static void writeAll(RunResult r, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("violations.csv"), Csv.violations(r));
        AtomicFiles.write(dir.resolve("frames.csv"), Csv.frames(r));
        AtomicFiles.write(dir.resolve("trace.json"), TraceJson.toJson(r));
        AtomicFiles.write(dir.resolve("report.html"), ReportHtml.toHtml(r));
        // summary.json last: its presence says the run's outputs are complete.
        AtomicFiles.write(dir.resolve("summary.json"), SummaryJson.toJson(r));
    }
}
