package dev.dmasim.cli;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.reports.ReportWriter;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, description = {"Simulates a workload script and writes its report.",
        "Writes summary.json, violations.csv, frames.csv, trace.json",
        "(Perfetto, with a bus GB/s counter) and report.html with charts:",
        "latency CDF and histogram, per-frame latency, a timeline, bus",
        "bandwidth over time (also as charts/*.png and *.svg)."})
final class RunCommand implements Callable<Integer> {
    @Mixin ScriptOptions opts;
    @Spec CommandSpec spec;

    @Option(names = "--policy", paramLabel = "P",
            description = "overrides the script's policy: nonblocking | enforced | exclusive | implicit | explicit")
    String policy;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default out/<workload>/<policy>)")
    Path out;

    @Option(names = "--fail-on-violation", description = "exit with code 1 if any violation was found")
    boolean failOnViolation;

    @Override
    public Integer call() {
        RunResult r;
        try {
            r = WorkloadRunner.run(opts.request(policy));
        } catch (UserErrors e) {
            e.lines().forEach(spec.commandLine().getErr()::println);
            return ExitCodes.BAD_INPUT;
        }
        Path dir = out != null ? out : Path.of("out", r.workload(), r.policy());
        try {
            ReportWriter.writeAll(r, dir);
        } catch (IOException e) {
            spec.commandLine().getErr().println("dmasim: cannot write the report to " + dir + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        HumanSummary.print(r, dir, spec.commandLine().getOut());
        long found = r.violations().size();
        return failOnViolation && found > 0 ? ExitCodes.VIOLATIONS : ExitCodes.OK;
    }
}
