package dev.dmasim.workloads.run;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunnerTest {
    static RunResult run(Path dir, String src, String policy, Map<String, String> sets) throws Exception {
        Path s = dir.resolve("t.dmasim");
        Files.writeString(s, src);
        return WorkloadRunner.run(new RunRequest(s, policy, null, sets));
    }

    /**
     * MODEL.md "When a run ends": free-running work keeps no run alive. Speculation at 100 lines
     * per us always has reads in flight; once the thread is done it stops, and the run completes
     * when the reads in flight are back (one DRAM access plus queueing, well under a microsecond).
     */
    @Test
    void speculationInFlightDoesNotKeepAFinishedRunGoing(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "time_limit 2ms\nsystem { cpu.prefetch = speculative\n cpu.prefetch_rate = 100 }\n"
                + "buffer b 64MiB\nthread main { sleep(1us) }\n", null, Map.of());
        assertEquals(RunStatus.COMPLETED, r.status());
        assertTrue(r.simulatedTimePs() >= Time.US && r.simulatedTimePs() < 2 * Time.US, Time.format(r.simulatedTimePs()));
    }

    /** ... nor does it hide a deadlock behind the time limit: once every thread waits for another, it stops. */
    @Test
    void speculationInFlightDoesNotHideADeadlock(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "time_limit 1ms\nsystem { cpu.prefetch = speculative\n cpu.prefetch_rate = 100 }\n"
                + "buffer b 1MiB\nfence a\nfence c\nthread t1 { read(b, bytes=0..4096); wait(c); signal(a) }\n"
                + "thread t2 { wait(a); signal(c) }\n", null, Map.of());
        assertEquals(RunStatus.DEADLOCK, r.status());
        assertEquals(1L, r.violationCounts().get(ViolationKind.DEADLOCK));
        assertTrue(r.simulatedTimePs() < 10 * Time.US, Time.format(r.simulatedTimePs()));
    }

    @Test
    void twoThreadsWaitingForEachOthersFenceDeadlockWithTheCycleNamed(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "fence a\nfence b\nthread t1 { wait(b); signal(a) }\nthread t2 { wait(a); signal(b) }\n", null, Map.of());
        assertEquals(RunStatus.DEADLOCK, r.status());
        assertEquals(1L, r.violationCounts().get(ViolationKind.DEADLOCK));
        assertEquals(1, r.violations().size());
        String m = r.violations().get(0).message();
        assertTrue(m.contains("cpu0/t1") && m.contains("cpu0/t2") && m.contains("fence a") && m.contains("fence b"), m);
    }

    @Test
    void aDeclaredFenceNoThreadSignalsIsNamedAsSuchInTheDeadlock(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "fence never\nthread main { wait(never) }\n", null, Map.of());
        assertEquals(RunStatus.DEADLOCK, r.status());
        assertEquals("cpu0/main waits for user fence never (signalled by no thread: the script never signals it)",
                r.violations().get(0).message());
    }

    @Test
    void aNegativeSeedIsAnErrorAsInTheScript(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("t.dmasim");
        Files.writeString(s, "thread main { compute(1us) }\n");
        UserErrors e = assertThrows(UserErrors.class, () -> WorkloadRunner.run(new RunRequest(s, null, -5L, Map.of())));
        assertEquals(java.util.List.of("--seed:1:1: seed must be 0 or more, got -5"), e.lines());
    }

    @Test
    void aWaitNobodyCanSignalIsADeadlockNotAHang(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "thread main { f = fence(); compute(1us); wait(f) }\n", null, Map.of());
        assertEquals(RunStatus.DEADLOCK, r.status());
        assertEquals(1L, r.violationCounts().get(ViolationKind.DEADLOCK));
        assertTrue(r.simulatedTimePs() < 10 * Time.US, "found at once, not at the time limit");
    }

    @Test
    void fenceTimeoutIsReportedAndTheThreadContinues(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "fence a\nthread main { wait(a, timeout=16ms); compute(1us) }\n", null, Map.of());
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(1L, r.violationCounts().get(ViolationKind.FENCE_TIMEOUT));
        assertTrue(r.simulatedTimePs() >= 16 * Time.MS + Time.US, Time.format(r.simulatedTimePs()));
    }

    @Test
    void timeLimitStopsARunCleanly(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "time_limit 5us\nthread main { repeat 100 { compute(1us) } }\n", null, Map.of());
        assertEquals(RunStatus.TIME_LIMIT, r.status());
        assertEquals(5 * Time.US, r.simulatedTimePs());
    }

    @Test
    void computeInCyclesUsesTheCpuClockAndSpansMeasureIt(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "system { cpu.freq = 1GHz }\nthread main { repeat 4 { span \"c\" { compute(5000 cycles) } } }\n",
                null, Map.of());
        assertEquals(4, r.spans().get("c").count());
        assertEquals(5000.0, r.spans().get("c").p50(), 1e-9, "5000 cycles at 1 GHz = 5000 ns");
        assertEquals(20 * Time.US, r.simulatedTimePs());
    }

    @Test
    void sameSeedGivesTheSameResultAndSetOverridesApply(@TempDir Path dir) throws Exception {
        String src = "buffer A 64KiB\nbuffer B 64KiB\nthread main { begin_cpu_access(A, write); write(A); end_cpu_access(A, write);"
                + " f = dma0.copy(A, B); g = dma1.copy(A, B); wait(merge(f, g)) }\n";
        RunResult a = run(dir, src, "nonblocking", Map.of());
        RunResult b = run(dir, src, "nonblocking", Map.of());
        assertEquals(a.simulatedTimePs(), b.simulatedTimePs());
        assertEquals(a.events(), b.events());
        assertEquals(a.violations(), b.violations());
        RunResult wide = run(dir, src, "nonblocking", Map.of("bus.width", "64B"));
        assertTrue(wide.simulatedTimePs() < a.simulatedTimePs(), "a wider bus finishes sooner");
    }

    @Test
    void runtimeErrorsAreUserErrorsWithAPosition(@TempDir Path dir) {
        UserErrors e = assertThrows(UserErrors.class, () -> run(dir, "buffer A 4KiB\nthread main {\n  read(A, bytes=0..8192)\n}\n", null, Map.of()));
        assertTrue(e.lines().get(0).matches(".*t\\.dmasim:3:\\d+: .*outside A.*"), e.lines().toString());
    }

    @Test
    void crossParameterErrorsPointAtTheSetting(@TempDir Path dir) {
        UserErrors e = assertThrows(UserErrors.class, () -> run(dir, "system {\n  cpu.l1.size = 48KiB\n}\nthread main { compute(1us) }\n", null, Map.of()));
        assertTrue(e.lines().get(0).contains(":2:"), e.lines().toString());
        assertTrue(e.lines().get(0).contains("cpu.l1"), e.lines().toString());
        Path s = dir.resolve("t.dmasim");
        UserErrors checkOnly = assertThrows(UserErrors.class, () -> WorkloadRunner.check(new RunRequest(s, null, null, Map.of())));
        assertEquals(e.lines(), checkOnly.lines(), "dmasim check finds the models' parameter errors too");
    }

    @Test
    void crossParameterErrorsComeWithTheScriptsOtherErrorsInLineOrder(@TempDir Path dir) {
        UserErrors e = assertThrows(UserErrors.class, () -> run(dir,
                "system {\n  cpu.l1.size = 48KiB\n}\nthread main { wait(3) }\n", null, Map.of()));
        assertEquals(2, e.lines().size(), e.lines().toString());
        assertTrue(e.lines().get(0).contains("t.dmasim:2:3: cpu.l1.size = 48KiB"), e.lines().toString());
        assertTrue(e.lines().get(1).contains("t.dmasim:4:"), e.lines().toString());
        // A setting invalid by itself is reported alone: no combination check on a value it replaced.
        UserErrors alone = assertThrows(UserErrors.class, () -> run(dir,
                "system {\n  cpu.l1.size = 48KiB\n  cpu.l1.ways = 0\n}\nthread main { compute(1us) }\n", null, Map.of()));
        assertEquals(1, alone.lines().size(), alone.lines().toString());
        assertTrue(alone.lines().get(0).contains("cpu.l1.ways"), alone.lines().toString());
        // ... but a refused setting of another model does not hide this one's rule (check reports every error).
        UserErrors both = assertThrows(UserErrors.class, () -> run(dir,
                "system {\n  cpu.l1.size = 24KiB\n  bus.width = 0B\n}\nthread main { compute(1us) }\n", null, Map.of()));
        assertEquals(2, both.lines().size(), both.lines().toString());
        assertTrue(both.lines().get(0).startsWith(dir.resolve("t.dmasim") + ":2:3: cpu.l1.size = 24KiB with 8 ways"), both.lines().toString());
        assertTrue(both.lines().get(1).contains("t.dmasim:3:15: bus.width = 0B is out of range"), both.lines().toString());
        UserErrors cli = assertThrows(UserErrors.class, () -> run(dir, "thread main { compute(1us) }\n", null,
                new java.util.LinkedHashMap<>(Map.of("cpu.l1.size", "24KiB", "bus.width", "0B"))));
        assertEquals(2, cli.lines().size(), cli.lines().toString());
    }

    @Test
    void aSyntaxErrorInTheSystemBlockIsNotFollowedByModelErrorsAboutWhatItDropped(@TempDir Path dir) {
        UserErrors e = assertThrows(UserErrors.class, () -> run(dir,
                "system {\n  cpu.l1.size = 48KiB\n  cpu.l1.ways 12\n}\nthread main { compute(1us) }\n", null, Map.of()));
        assertEquals(1, e.lines().size(), e.lines().toString());
        assertTrue(e.lines().get(0).contains("t.dmasim:3:"), e.lines().toString());
    }

    @Test
    void aFenceSignalledThroughAVariableIsNotCalledNeverSignalled(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "fence ready\nthread main { wait(ready) }\nthread other { g = ready; compute(1us); wait(g); signal(g) }\n",
                null, Map.of());
        assertEquals(RunStatus.DEADLOCK, r.status());
        String m = r.violations().get(0).message();
        assertTrue(m.contains("user fence ready (signalled by any thread)"), m);
    }

    /** Buffers are placed from 0x1000_0000, where DRAM is mapped: every placement that fits in dram.size runs. */
    @Test
    void everyBufferThatFitsInDramCanBeAccessed(@TempDir Path dir) throws Exception {
        RunResult high = run(dir, "buffer A 4KiB\nbuffer B 4KiB align=4GiB\nthread main { write(B); f = tg0.stream(B, read); wait(f) }\n",
                null, Map.of());
        assertEquals(RunStatus.COMPLETED, high.status());
        RunResult small = run(dir, "buffer A 60KiB\nthread main { write(A); f = dma0.copy(A, A); wait(f) }\n", null,
                Map.of("dram.size", "64KiB", "dram.channels", "1", "dram.banks", "1"));
        assertEquals(RunStatus.COMPLETED, small.status());
    }

    /** A wait longer than the time left never ends within the run: it reaches time_limit, never wraps into the past. */
    @Test
    void durationsBeyondTheLastRepresentableTimeEndAtTheTimeLimit(@TempDir Path dir) throws Exception {
        for (String body : new String[]{"compute(18446744073709552 cycles)", "sleep(1ms); sleep(9223372036854775807ps)",
                "sleep(1ms); compute(9223372036854775807ps)",
                "sleep(1ms); f = tg0.stream(A, read, interval=9223372036854775807ps); wait(f)",
                "sleep(1ms); f = tg0.stream(A, read, interval=exp(9223372036854775807ps)); wait(f)",
                "u = fence(); signal(u); v = fence(); wait(v, timeout=9223372036854775807ps); signal(v)"}) {
            RunResult r = run(dir, "time_limit 5ms\nbuffer A 4KiB\nthread main { " + body + " }\n", null, Map.of());
            assertEquals(RunStatus.TIME_LIMIT, r.status(), body);
            assertEquals(5 * Time.MS, r.simulatedTimePs(), body);
        }
    }

    /** A combination error points at the setting it comes from: in the system block, else in --set. */
    @Test
    void crossParameterErrorsPointAtTheSettingThatCausedThemWhereverItWas(@TempDir Path dir) {
        UserErrors fromSet = assertThrows(UserErrors.class, () -> run(dir, "thread main { compute(1us) }\n", null,
                Map.of("cpu.l1.size", "64B")));
        assertEquals(1, fromSet.lines().size(), fromSet.lines().toString());
        assertTrue(fromSet.lines().get(0).startsWith("--set:1:1: cpu.l1.ways = 8 exceeds"), fromSet.lines().toString());
        UserErrors fromScript = assertThrows(UserErrors.class, () -> run(dir,
                "system {\n  cpu.l1.size = 64B\n}\nthread main { compute(1us) }\n", null, Map.of()));
        assertTrue(fromScript.lines().get(0).contains("t.dmasim:2:3: cpu.l1.ways = 8 exceeds"), fromScript.lines().toString());
        // The rule is about size, ways and line; only the ways were set: the error points there.
        UserErrors ways = assertThrows(UserErrors.class, () -> run(dir,
                "workload \"w\"\nsystem {\n  cpu.l1.ways = 3\n}\nthread main { compute(1us) }\n", null, Map.of()));
        assertTrue(ways.lines().get(0).contains("t.dmasim:3:3: cpu.l1.size = 32KiB with 3 ways"), ways.lines().toString());
        UserErrors waysSet = assertThrows(UserErrors.class, () -> run(dir, "thread main { compute(1us) }\n", null,
                Map.of("cpu.l1.ways", "3")));
        assertTrue(waysSet.lines().get(0).startsWith("--set:1:1: cpu.l1.size = 32KiB with 3 ways"), waysSet.lines().toString());
    }

    /** A coherent traffic generator's reads go through the snoop port (they carry no versions array of their own). */
    @Test
    void coherentTrafficGeneratorsStream(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, "buffer A 64KiB\nthread main { begin_cpu_access(A, write); write(A); end_cpu_access(A, write)\n"
                + "  f = tg0.stream(A, read); wait(f); g = tg1.stream(A, write); wait(g) }\n", null, Map.of("cpu.coherent", "true"));
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(0, r.violations().size(), describe(r));
    }

    /** Caches whose state cannot fit in the heap are a parameter error with the numbers, not an OutOfMemoryError. */
    @Test
    void cachesTooLargeForTheSimulatorsMemoryAreAParameterError(@TempDir Path dir) {
        UserErrors e = assertThrows(UserErrors.class, () -> run(dir, "system {\n  cpu.cores = 64\n  cpu.l1.size = 1GiB\n}\n"
                + "thread main { compute(1us) }\n", null, Map.of()));
        assertEquals(1, e.lines().size(), e.lines().toString());
        assertTrue(e.lines().get(0).matches(".*t\\.dmasim:3:3: the CPU caches .* need about [0-9.]+ GiB of simulator memory, more than .*"),
                e.lines().toString());
    }

    static String describe(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (Violation v : r.violations()) sb.append(v.message()).append('\n');
        return sb.toString();
    }
}
