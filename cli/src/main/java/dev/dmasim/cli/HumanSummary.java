package dev.dmasim.cli;

import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.time.Time;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The few lines printed after a run. */
final class HumanSummary {
    private HumanSummary() {}

    static void print(RunResult r, Path dir, PrintWriter out) {
        out.printf(Locale.ROOT, "%s [%s, seed %d]: %s at %s simulated, %d events, %d ms wall%n", r.workload(), r.policy(),
                r.seed(), r.status().wire(), Time.format(r.simulatedTimePs()), r.events(), r.wallTimeMs());
        StringBuilder v = new StringBuilder();
        r.violationCounts().forEach((k, n) -> {
            if (n > 0) v.append(v.length() == 0 ? "" : ", ").append(k.wire()).append(' ').append(n);
        });
        out.println("violations: " + (v.length() == 0 ? "none" : v));
        StringBuilder w = new StringBuilder();
        r.warnings().forEach((k, n) -> {
            if (n > 0) w.append(w.length() == 0 ? "" : ", ").append(k).append(' ').append(n);
        });
        if (w.length() > 0) out.println("warnings: " + w);
        int shown = 0;
        for (Violation x : r.violations()) {
            if (shown++ == 3) {
                out.println("  ... (" + r.violations().size() + " in violations.csv)");
                break;
            }
            out.println("  " + x.kind().wire() + ": " + x.message());
        }
        r.spans().forEach((name, s) -> out.printf(Locale.ROOT, "span %-16s n=%d  p50 %s  p99 %s  max %s%n", name, s.count(),
                ns(s.p50()), ns(s.p99()), ns(s.max())));
        if (!r.frames().isEmpty()) {
            LatencyStats f = r.frameLatency();
            out.printf(Locale.ROOT, "frames: %d, latency p50 %s p99 %s%n", f.count(), ns(f.p50()), ns(f.p99()));
        }
        if (r.bus().bytes() > 0) {
            out.printf(Locale.ROOT, "bus: %d bytes, utilization %.1f%%%n", r.bus().bytes(), 100 * r.bus().utilization());
        }
        out.println("report: " + dir.resolve("summary.json"));
    }

    private static String ns(double v) {
        return Time.format(Math.round(v * 1000));
    }
}
