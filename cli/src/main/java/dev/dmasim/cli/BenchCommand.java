package dev.dmasim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Benchmarks that measure dmasim itself; numbers are reported as ratios to a baseline run alongside. */
@Command(name = "bench", description = "Measures the simulator's own speed.", subcommands = {})
final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
