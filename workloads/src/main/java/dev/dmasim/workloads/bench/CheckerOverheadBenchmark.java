package dev.dmasim.workloads.bench;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.workloads.run.RunRequest;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What the coherency checker costs: one streaming workload (the CPU fills 1080p frames, a copy
 * engine streams them to a second buffer) run with {@code check.enabled = true} and
 * {@code false}, alternately, after as many warm-up rounds (at least five), best wall time of
 * each kept. The baseline is the same run with the checker off, in the same process.
 */
public final class CheckerOverheadBenchmark {
    static final String SCRIPT = String.join("\n",
            "workload \"checker-overhead\"",
            "buffer src[2] 1920x1080 XRGB8888",
            "buffer dst 1920x1080 XRGB8888",
            "thread main {",
            "  repeat FRAMES as i {",
            "    s = src[i % 2]",
            "    begin_cpu_access(s, write); write(s); end_cpu_access(s, write)",
            "    f = dma0.copy(s, dst)",
            "    wait(f)",
            "  }",
            "}", "");

    static final int WARMUP_ROUNDS = 5;

    private CheckerOverheadBenchmark() {}

    public record Result(int frames, long bytesMoved, long onNanos, long offNanos) {
        public double overhead() { return (double) onNanos / offNanos - 1.0; }

        public String format() {
            return String.format(Locale.ROOT,
                    "streaming run: %d frames of 1920x1080 XRGB8888 (CPU write + dma0 copy), %.1f MB through the bus%n"
                            + "checker off: %.3f s%nchecker on:  %.3f s%noverhead: %+.1f%% (target: at most +30%%)",
                    frames, bytesMoved / 1e6, offNanos / 1e9, onNanos / 1e9, 100 * overhead());
        }
    }

    public static Result run(int frames, int rounds) throws IOException, UserErrors {
        Path dir = Files.createTempDirectory("dmasim-bench");
        Path script = dir.resolve("checker-overhead.dmasim");
        try {
            Files.writeString(script, SCRIPT.replace("FRAMES", Integer.toString(frames)));
            long bestOn = Long.MAX_VALUE, bestOff = Long.MAX_VALUE, bytes = 0;
            // Warm up as long as we measure: the checker's paths must be compiled before its
            // cost is, or the first rounds charge it the JIT's time (+37 % after one warm-up
            // round each, +23 % after ten, at 4 frames).
            for (int i = 0; i < Math.max(WARMUP_ROUNDS, rounds); i++) {
                once(script, true);
                once(script, false);
            }
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                RunResult on = once(script, true);
                long t1 = System.nanoTime();
                RunResult off = once(script, false);
                long t2 = System.nanoTime();
                if (on.simulatedTimePs() != off.simulatedTimePs()) {
                    throw new IllegalStateException("invariant: the checker changed simulated time");
                }
                bestOn = Math.min(bestOn, t1 - t0);
                bestOff = Math.min(bestOff, t2 - t1);
                bytes = on.bus().bytes();
            }
            return new Result(frames, bytes, bestOn, bestOff);
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(dir);
        }
    }

    private static RunResult once(Path script, boolean check) throws UserErrors {
        return WorkloadRunner.run(new RunRequest(script, "implicit", 1L, Map.of("check.enabled", Boolean.toString(check))));
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 4, args.length > 1 ? Integer.parseInt(args[1]) : 3).format());
    }
}
