package dev.dmasim.workloads.litmus;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.workloads.lang.ScriptFrontEnd;
import dev.dmasim.workloads.litmus.ProgramGenerator.Kind;
import dev.dmasim.workloads.litmus.ProgramGenerator.Mutation;
import dev.dmasim.workloads.litmus.ProgramGenerator.Program;
import dev.dmasim.workloads.run.RunRequest;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties over random programs ({@link ProgramGenerator}), seeded so every failure names a
 * reproducible script:
 * <ol>
 *   <li>correct use reports nothing: status completed, every violation kind zero, every warning
 *   zero, under each of the five policies ("Correct use must report nothing: a false positive is
 *   as much a bug as a miss");</li>
 *   <li>removing one end_cpu_access(write|rw) or one begin_cpu_access(read) only ever produces
 *   consequences of missing cache maintenance: stale-read, lost-write, torn-frame, never a race or
 *   a deadlock (the happens-before order is unchanged under nonblocking, implicit and explicit),
 *   and every record names the buffer whose bracket was removed or one copied from it.</li>
 * </ol>
 */
class CorrectUseProperties {
    static final int PROGRAMS = 12;
    static final Set<ViolationKind> MAINTENANCE_KINDS =
            EnumSet.of(ViolationKind.STALE_READ, ViolationKind.LOST_WRITE, ViolationKind.TORN_FRAME);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, PROGRAMS);
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static RunResult run(Path script, String policy, String text) {
        try {
            return WorkloadRunner.run(new RunRequest(script, policy, null, Map.of()));
        } catch (UserErrors e) {
            return fail("generated script is invalid: " + e.getMessage() + "\n" + text);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void correctUseReportsNothingUnderEveryPolicy(long seed, @TempDir Path dir) throws IOException {
        Program p = ProgramGenerator.generate(seed);
        String text = p.render();
        Path script = write(dir, "generated-" + seed + ".dmasim", text);
        for (String policy : Litmus.POLICIES) {
            RunResult r = run(script, policy, text);
            List<String> problems = new ArrayList<>();
            if (r.status() != RunStatus.COMPLETED) problems.add("status " + r.status().wire());
            r.violationCounts().forEach((k, n) -> { if (n != 0) problems.add(k.wire() + " " + n); });
            if (!r.violations().isEmpty()) problems.add(r.violations().size() + " records");
            r.warnings().forEach((k, n) -> { if (n != 0) problems.add("warning " + k + " " + n); });
            if (!problems.isEmpty()) {
                fail("seed " + seed + ", policy " + policy + ": correct use reported " + problems + "\n"
                        + Litmus.dump(r) + text);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRemovedBracketOnlyCausesMaintenanceViolationsOnItsBuffer(long seed, @TempDir Path dir) throws IOException {
        Program p = ProgramGenerator.generate(seed);
        assertFalse(ProgramGenerator.mutations(p).isEmpty(), "seed " + seed + " has no bracket to remove");
        Mutation m = ProgramGenerator.choose(p, seed);
        String text = p.render(m.thread(), m.index());
        Path script = write(dir, "mutated-" + seed + ".dmasim", text);
        String buf = m.removed().buf();
        Set<String> allowed = p.copiedFrom(buf);
        boolean mustBeStale = m.removed().kind() == Kind.END && p.nextUseIsCopyRead(m.thread(), m.index());
        for (String policy : List.of(Litmus.NB, Litmus.IM, Litmus.EP)) {
            RunResult r = run(script, policy, text);
            String where = "seed " + seed + ", policy " + policy + ", removed '" + m.removed().text() + "'";
            assertEquals(RunStatus.COMPLETED, r.status(), where + "\n" + Litmus.dump(r) + text);
            for (ViolationKind k : ViolationKind.values()) {
                if (!MAINTENANCE_KINDS.contains(k)) {
                    assertEquals(0L, (long) r.violationCounts().getOrDefault(k, 0L), where + ": " + k.wire() + "\n" + Litmus.dump(r) + text);
                }
            }
            for (Violation v : r.violations()) {
                assertTrue(MAINTENANCE_KINDS.contains(v.kind()), where + ": " + v);
                assertTrue(allowed.contains(v.buffer()), where + ": record on " + v.buffer() + ", expected one of "
                        + allowed + ": " + v + "\n" + text);
            }
            if (mustBeStale) {
                boolean found = false;
                for (Violation v : r.violations()) found |= v.kind() == ViolationKind.STALE_READ && buf.equals(v.buffer());
                assertTrue(found, where + ": the next use of " + buf + " is a copy reading it: expected a stale-read on it\n"
                        + Litmus.dump(r) + text);
            }
        }
    }

    /** Check-only (works before integration): every generated program and mutation is a valid script. */
    @Test
    void generatedProgramsAreValidScripts() {
        int mutations = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Program p = ProgramGenerator.generate(seed);
            String text = p.render();
            assertValid(text, seed);
            for (Mutation m : ProgramGenerator.mutations(p)) {
                assertValid(p.render(m.thread(), m.index()), seed);
                mutations++;
            }
            for (String b : p.buffers) assertTrue(text.contains("buffer " + b + " "), text);
        }
        assertTrue(mutations > 200, "mutations " + mutations);
    }

    @Test
    void theGeneratorIsDeterministicAndVaried() {
        assertEquals(ProgramGenerator.generate(5).render(), ProgramGenerator.generate(5).render());
        int withCopies = 0, twoThreads = 0, withAfter = 0, withPoll = 0, copyAfterRemovedEnd = 0;
        for (long seed = 1; seed <= PROGRAMS; seed++) {
            Program p = ProgramGenerator.generate(seed);
            String text = p.render();
            if (ProgramGenerator.census(p).getOrDefault(Kind.COPY, 0) > 0) withCopies++;
            if (p.threads.size() == 2) twoThreads++;
            if (text.contains("after=")) withAfter++;
            if (text.contains("poll(")) withPoll++;
            Mutation m = ProgramGenerator.choose(p, seed);
            if (m.removed().kind() == Kind.END && p.nextUseIsCopyRead(m.thread(), m.index())) copyAfterRemovedEnd++;
        }
        String census = "copies " + withCopies + ", two threads " + twoThreads + ", after= " + withAfter + ", poll "
                + withPoll + ", positive mutations " + copyAfterRemovedEnd;
        assertTrue(withCopies >= PROGRAMS * 2 / 3, census);
        assertTrue(twoThreads >= 2, census);
        assertTrue(withAfter >= 2, census);
        assertTrue(withPoll >= 2, census);
        assertTrue(copyAfterRemovedEnd >= 3, census);
    }

    private static void assertValid(String text, long seed) {
        ScriptFrontEnd.Result r = ScriptFrontEnd.check("generated-" + seed + ".dmasim", text, Litmus.modelRegistry(), Map.of());
        assertTrue(r.ok(), "seed " + seed + ": " + r.errors() + "\n" + text);
    }
}
