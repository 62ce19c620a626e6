package dev.dmasim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.reports.AtomicFiles;
import dev.dmasim.reports.CompareHtml;
import dev.dmasim.reports.ReportWriter;
import dev.dmasim.reports.SummaryJson;
import dev.dmasim.reports.charts.Charts;
import dev.dmasim.reports.charts.CompareCharts;
import dev.dmasim.workloads.lang.CheckedScript;
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

@Command(name = "compare", mixinStandardHelpOptions = true, description = {"Runs one script under several policies with the same seed and compares them.",
        "Writes comparison.json and compare.html (violations, simulated time,",
        "latency CDFs and bus bandwidth of the policies side by side; charts",
        "also in DIR/charts), and each policy's own report in DIR/<policy>/."})
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
        if (policies == null || policies.isEmpty()) {
            // picocli splits "," into no values at all
            spec.commandLine().getErr().println("--policies:1:1: no policy given (valid: " + String.join(", ", CheckedScript.POLICIES) + ")");
            return ExitCodes.BAD_INPUT;
        }
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
            Charts charts = Charts.drawOrExplain(() -> CompareCharts.of(results));
            ReportWriter.writeCharts(charts, dir);
            AtomicFiles.write(dir.resolve("compare.html"), CompareHtml.toHtml(first.workload(), results, charts));
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
}
