package dev.dmasim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.reports.AtomicFiles;
import dev.dmasim.reports.ReportWriter;
import dev.dmasim.reports.SummaryJson;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Runs one script under several policies with the same seed and compares them.")
final class CompareCommand implements Callable<Integer> {
    @Mixin ScriptOptions opts;
    @Spec CommandSpec spec;

    @Option(names = "--policies", paramLabel = "P,P,...", split = ",",
            defaultValue = "nonblocking,enforced,exclusive,implicit,explicit", description = "policies to run (default: all five)")
    List<String> policies;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default out/<workload>/compare)")
    Path out;

    @Override
    public Integer call() {
        Map<String, RunResult> results = new LinkedHashMap<>();
        try {
            for (String p : policies) results.put(p, WorkloadRunner.run(opts.request(p)));
        } catch (UserErrors e) {
            e.lines().forEach(spec.commandLine().getErr()::println);
            return ExitCodes.BAD_INPUT;
        }
        RunResult first = results.values().iterator().next();
        Path dir = out != null ? out : Path.of("out", first.workload(), "compare");
        Map<String, Object> comparison = new LinkedHashMap<>();
        results.forEach((p, r) -> comparison.put(p, SummaryJson.toMap(r)));
        try {
            for (Map.Entry<String, RunResult> e : results.entrySet()) ReportWriter.writeAll(e.getValue(), dir.resolve(e.getKey()));
            AtomicFiles.write(dir.resolve("comparison.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(comparison) + "\n");
            AtomicFiles.write(dir.resolve("compare.html"), html(first.workload(), results));
        } catch (IOException e) {
            spec.commandLine().getErr().println("dmasim: cannot write the comparison to " + dir + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%-12s %-11s %14s %10s  %s%n", "policy", "status", "simulated", "violations", "kinds");
        results.forEach((p, r) -> o.printf(Locale.ROOT, "%-12s %-11s %14s %10d  %s%n", p, r.status().wire(),
                dev.dmasim.core.time.Time.format(r.simulatedTimePs()), r.violations().size(), kinds(r)));
        o.println("comparison: " + dir.resolve("comparison.json"));
        return ExitCodes.OK;
    }

    private static String kinds(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (ViolationKind k : ViolationKind.values()) {
            long n = r.violationCounts().getOrDefault(k, 0L);
            if (n > 0) sb.append(sb.length() == 0 ? "" : ", ").append(k.wire()).append(' ').append(n);
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static String html(String workload, Map<String, RunResult> results) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(workload)).append(" — policy comparison</title><style>body{font-family:sans-serif}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}"
                        + "table{border-collapse:collapse}</style></head><body><h1>")
                .append(esc(workload)).append("</h1><table><tr><th>policy</th><th>status</th><th>simulated</th>");
        for (ViolationKind k : ViolationKind.values()) sb.append("<th>").append(k.wire()).append("</th>");
        sb.append("</tr>");
        results.forEach((p, r) -> {
            sb.append("<tr><td>").append(esc(p)).append("</td><td>").append(r.status().wire()).append("</td><td>")
                    .append(dev.dmasim.core.time.Time.format(r.simulatedTimePs())).append("</td>");
            for (ViolationKind k : ViolationKind.values()) sb.append("<td>").append(r.violationCounts().getOrDefault(k, 0L)).append("</td>");
            sb.append("</tr>");
        });
        sb.append("</table>");
        results.forEach((p, r) -> {
            if (r.spans().isEmpty()) return;
            sb.append("<h2>").append(esc(p)).append(" spans</h2><table><tr><th>span</th><th>count</th><th>p50 ns</th><th>p99 ns</th><th>max ns</th></tr>");
            r.spans().forEach((n, s) -> sb.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>", esc(n), s.count(), s.p50(), s.p99(), s.max())));
            sb.append("</table>");
        });
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
