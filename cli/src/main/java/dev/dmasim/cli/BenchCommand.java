package dev.dmasim.cli;

import dev.dmasim.core.engine.bench.PholdBenchmark;
import dev.dmasim.core.mem.bench.MemoryBenchmark;
import dev.dmasim.devices.cpu.bench.CacheBenchmark;
import dev.dmasim.workloads.bench.CheckerOverheadBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Benchmarks that measure dmasim itself: engine and checker as ratios to a baseline run alongside; memory and caches as simulated bytes per second, one JVM per case. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures the simulator's own speed: engine and checker against a baseline run in the same process; memory and caches in a JVM per case.",
        subcommands = {BenchCommand.Engine.class, BenchCommand.Memory.class, BenchCommand.Caches.class, BenchCommand.Checker.class})
final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "engine", mixinStandardHelpOptions = true, description = "PHOLD with ROSS's parameters (1024 LPs, 16 events each, lookahead 0.1 + exp(0.9), "
            + "remote 0.25) on the dmasim engine and on a bare 4-ary heap of primitive timestamps.")
    static final class Engine implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--events", defaultValue = "10000000", description = "events per measured round (default 10 million)")
        long events;

        @Option(names = "--rounds", defaultValue = "3", description = "measured rounds; the best of each variant counts")
        int rounds;

        @Override
        public Integer call() {
            if (events <= 0 || rounds <= 0) {
                spec.commandLine().getErr().println("dmasim: --events and --rounds must be positive");
                return ExitCodes.BAD_INPUT;
            }
            spec.commandLine().getOut().println(PholdBenchmark.run(events, PholdBenchmark.DEFAULT_SEED, rounds).format());
            return ExitCodes.OK;
        }
    }

    @Command(name = "checker", mixinStandardHelpOptions = true, description = "A streaming run (CPU fills 1080p frames, dma0 copies them) with the coherency checker "
            + "on and off; reports the checker's overhead.")
    static final class Checker implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--frames", defaultValue = "4", description = "frames per run (default 4)")
        int frames;

        @Option(names = "--rounds", defaultValue = "3", description = "measured rounds; the best of each variant counts")
        int rounds;

        @Override
        public Integer call() throws Exception {
            if (frames <= 0 || rounds <= 0) {
                spec.commandLine().getErr().println("dmasim: --frames and --rounds must be positive");
                return ExitCodes.BAD_INPUT;
            }
            spec.commandLine().getOut().println(CheckerOverheadBenchmark.run(frames, rounds).format());
            return ExitCodes.OK;
        }
    }

    @Command(name = "memory", mixinStandardHelpOptions = true, description = "Streams through the bus and DRAM at line granularity (read, write, mixed), "
            + "running ahead and event by event, each case in a JVM of its own; reports simulated bytes per second and allocations per transaction.")
    static final class Memory implements Callable<Integer> {
        @Option(names = "--mib", defaultValue = "1024", description = "MiB streamed per case (default 1024)")
        long mib;

        @Option(names = "--masters", defaultValue = "1", description = "bus masters sharing the stream (default 1)")
        int masters;

        @Override
        public Integer call() {
            for (String kind : new String[]{"read", "write", "mixed"}) {
                for (String mode : new String[]{"ahead", "events"}) {
                    int rc = ForkedCase.run(MemoryBenchmark.class, Long.toString(mib), kind, Integer.toString(masters), "3", mode);
                    if (rc != 0) return ExitCodes.INTERNAL;
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "caches", mixinStandardHelpOptions = true, description = "Streams CPU loads and stores through L1/L2 (L1-, L2- and memory-resident buffers, "
            + "each case in a JVM of its own); reports simulated bytes per second and allocations per line.")
    static final class Caches implements Callable<Integer> {
        @Option(names = "--mib", defaultValue = "1024", description = "MiB per case (default 1024)")
        long mib;

        @Override
        public Integer call() {
            CacheBenchmark.printHeader();
            for (String c : CacheBenchmark.caseNames()) {
                int rc = ForkedCase.run(CacheBenchmark.class, Long.toString(mib), "80", c, "--no-header");
                if (rc != 0) return ExitCodes.INTERNAL;
            }
            return ExitCodes.OK;
        }
    }
}
