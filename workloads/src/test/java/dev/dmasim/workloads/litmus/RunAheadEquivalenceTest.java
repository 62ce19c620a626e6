package dev.dmasim.workloads.litmus;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.workloads.run.RunRequest;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bus running ahead (moving the engine's clock itself while nothing else is due) changes
 * nothing but the number of events: every litmus row and every example, run both ways, gives the
 * same status, violations (with their times and messages), frames, spans, statistics and trace.
 */
class RunAheadEquivalenceTest {
    @Test
    void everyLitmusRowAndExampleIsTheSameRunEventByEvent() throws IOException, UserErrors {
        List<RunRequest> requests = new ArrayList<>();
        for (Litmus.Row r : LitmusTest.rows()) requests.add(r.request());
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".dmasim")).sorted().toList()) {
                for (String policy : List.of("nonblocking", "implicit", "exclusive")) {
                    requests.add(new RunRequest(p, policy, null, Map.of()));
                }
            }
        }
        long fewer = 0;
        for (RunRequest req : requests) {
            RunResult ahead = WorkloadRunner.run(req, true);
            RunResult steps = WorkloadRunner.run(req, false);
            assertEquals(withoutCounts(steps), withoutCounts(ahead), req.script() + " " + req.policy() + " " + req.overrides());
            assertTrue(ahead.events() <= steps.events(), req.script() + ": running ahead took more events");
            if (ahead.events() < steps.events()) fewer++;
        }
        assertTrue(requests.size() > 200, "rows " + requests.size());
        assertTrue(fewer > requests.size() / 4, "running ahead saved events in only " + fewer + " of " + requests.size() + " runs");
    }

    /**
     * Random programs (ProgramGenerator), correct and with one bracket removed (so that they do
     * report violations), under every policy: the same run both ways.
     */
    @Test
    void randomProgramsAreTheSameRunEventByEvent(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException, UserErrors {
        int compared = 0;
        for (long seed = 101; seed <= 106; seed++) {
            ProgramGenerator.Program p = ProgramGenerator.generate(seed);
            ProgramGenerator.Mutation m = ProgramGenerator.choose(p, seed);
            String[] texts = {p.render(), p.render(m.thread(), m.index())};
            for (int k = 0; k < texts.length; k++) {
                Path script = dir.resolve("random-" + seed + "-" + k + ".dmasim");
                Files.writeString(script, texts[k]);
                for (String policy : Litmus.POLICIES) {
                    RunRequest req = new RunRequest(script, policy, null, Map.of());
                    RunResult ahead = WorkloadRunner.run(req, true);
                    assertEquals(withoutCounts(WorkloadRunner.run(req, false)), withoutCounts(ahead),
                            "seed " + seed + (k == 1 ? " without a bracket" : "") + " under " + policy + "\n" + texts[k]);
                    compared++;
                }
            }
        }
        assertEquals(6 * 2 * Litmus.POLICIES.size(), compared);
    }

    /** The result without what legitimately differs: the event count and the wall time. */
    private static RunResult withoutCounts(RunResult r) {
        return new RunResult(r.workload(), r.policy(), r.seed(), r.status(), r.simulatedTimePs(), 0, 0, r.violations(),
                r.violationCounts(), r.warnings(), r.frames(), r.frameLatency(), r.spans(), r.bus(), r.caches(), r.agents(),
                withoutEvents(r.stats()), r.trace(), r.busSeries());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutEvents(Map<String, Object> stats) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(stats);
        m.remove("events");
        m.remove("wall_time_ms");
        return m;
    }
}
