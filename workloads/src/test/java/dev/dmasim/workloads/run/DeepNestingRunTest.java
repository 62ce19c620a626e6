package dev.dmasim.workloads.run;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.workloads.lang.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * WORKLOAD-LANGUAGE.md: "Nesting depth is bounded (at least 256 levels)". Every kind of nesting,
 * to within a few levels of what the parser accepts, inside a thread, goes through the check and
 * the whole run, called from a thread with the JVM's default 1 MiB stack (as {@code dmasim run}'s
 * main thread has): no stack overflow in any pass, and the values come out right.
 */
class DeepNestingRunTest {
    /** Each kind of nesting {@code N} levels deep, inside a thread's span; each computes 1 us. */
    static Map<String, String> shapes(int N) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("repeat blocks", "repeat 1 {\n".repeat(N) + "compute(1us)\n" + "}\n".repeat(N));
        m.put("span blocks", "span \"s\" {\n".repeat(N) + "compute(1us)\n" + "}\n".repeat(N));
        // Each shape's value is 1 us of compute, so the run's span says it was evaluated right.
        m.put("parentheses", "compute(" + "(".repeat(N) + "1us" + ")".repeat(N) + ")\n");
        m.put("additive chain", "compute((" + "1 + ".repeat(N) + "1 - " + N + ") * 1us)\n");
        m.put("multiplicative chain", "compute(" + "1 * ".repeat(N) + "1us)\n");
        m.put("unary minus", "compute(" + "-".repeat(N % 2 == 0 ? N : N - 1) + "1 * 1us)\n");
        m.put("indexing", "n = [0]\nt = [1us]\ncompute(t[" + "n[".repeat(N) + "0" + "]".repeat(N) + "])\n");
        return m;
    }

    @Test
    void theDeepestAcceptedNestingOfEveryKindChecksAndRuns(@TempDir Path dir) throws Exception {
        // 256 levels of the script's own nesting, inside a thread and a span: the contract's floor.
        // Within a few levels of the limit (the thread, the span and compute(...) take some): no stack overflow.
        for (int depth : new int[]{256, Parser.MAX_DEPTH - 8}) {
            for (Map.Entry<String, String> e : shapes(depth).entrySet()) run(dir, depth + " " + e.getKey(), e.getValue());
        }
    }

    private static void run(Path dir, String name, String body) throws Exception {
        Path script = dir.resolve(name.replace(' ', '-') + ".dmasim");
        Files.writeString(script, "thread main {\n span \"all\" {\n" + body + " }\n}\n");
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(WorkloadRunner.run(new RunRequest(script, null, null, Map.of())));
            } catch (Throwable x) {
                out.set(x);
            }
        }, "default-stack", 1 << 20);
        t.start();
        t.join();
        if (out.get() instanceof Throwable x) fail(name + ": " + x, x);
        RunResult r = (RunResult) out.get();
        assertEquals(RunStatus.COMPLETED, r.status(), name);
        assertEquals(1000.0, r.spans().get("all").mean(), 0.001, name + ": the nested value is 1 us (spans are in ns)");
    }
}
