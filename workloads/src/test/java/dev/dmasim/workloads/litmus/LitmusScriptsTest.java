package dev.dmasim.workloads.litmus;

import dev.dmasim.workloads.litmus.Litmus.Row;
import dev.dmasim.workloads.run.RunRequest;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Check-only: every litmus script (with every set of overrides a row gives it) passes
 * {@code dmasim check}, the table uses every script, and every script opens with a comment
 * naming its scenario and its expected result.
 */
class LitmusScriptsTest {

    static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.list(Litmus.scriptDir())) {
            return s.filter(p -> p.toString().endsWith(".dmasim")).sorted().toList();
        }
    }

    /** script file name -> the distinct override sets the table runs it with (the empty one first). */
    static Map<String, Set<Map<String, String>>> overridesByScript() {
        Map<String, Set<Map<String, String>>> m = new LinkedHashMap<>();
        for (Row r : LitmusTest.rows()) {
            m.computeIfAbsent(r.script, k -> new LinkedHashSet<>(List.of(Map.of()))).add(Map.copyOf(r.set));
        }
        for (LitmusTest.Latency l : LitmusTest.latencyRows()) {
            Set<Map<String, String>> s = m.computeIfAbsent(l.script(), k -> new LinkedHashSet<>(List.of(Map.of())));
            s.add(l.slowSet());
            s.add(l.fastSet());
        }
        return m;
    }

    @Test
    void everyScriptChecksCleanWithEveryOverrideItIsRunWith() throws IOException {
        Map<String, Set<Map<String, String>>> uses = overridesByScript();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path p : scripts()) {
            String name = p.getFileName().toString();
            for (Map<String, String> set : uses.getOrDefault(name, Set.of(Map.of()))) {
                checked++;
                // Through the runner's own check: the front end and the models' parameter rules.
                try {
                    WorkloadRunner.check(new RunRequest(p, null, null, set));
                } catch (UserErrors e) {
                    for (String line : e.lines()) problems.add(name + " " + set + ": " + line);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked >= scripts().size(), "checked " + checked);
    }

    @Test
    void everyPolicyNameOfTheTableIsValid() {
        for (Row r : LitmusTest.rows()) assertTrue(Litmus.POLICIES.contains(r.policy), r.toString());
    }

    @Test
    void theTableUsesEveryScriptAndOnlyExistingOnes() throws IOException {
        Set<String> files = new TreeSet<>();
        for (Path p : scripts()) files.add(p.getFileName().toString());
        Set<String> used = new TreeSet<>(overridesByScript().keySet());
        assertEquals(files, used, "scripts on disk vs scripts in the table");
    }

    @Test
    void everyScriptOpensWithItsScenarioAndExpectedResult() throws IOException {
        for (Path p : scripts()) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder();
            for (String l : lines) {
                if (!l.startsWith("#")) break;
                header.append(l).append('\n');
            }
            String h = header.toString();
            if (h.isEmpty()) fail(p.getFileName() + ": no opening comment");
            assertTrue(h.contains("Expected"), p.getFileName() + ": the opening comment states no expected result");
            assertTrue(h.matches("(?s).*(KERNEL-REFERENCE|MODEL\\.md|WORKLOAD-LANGUAGE|C\\d|M\\d).*"),
                    p.getFileName() + ": the opening comment names no scenario");
        }
    }

    @Test
    void theTableHasAtLeast35RowsAndCoversEveryPolicy() {
        List<Row> rows = LitmusTest.rows();
        assertTrue(rows.size() >= 35, "rows: " + rows.size());
        Set<String> policies = new TreeSet<>();
        for (Row r : rows) policies.add(r.policy);
        assertEquals(new TreeSet<>(Litmus.POLICIES), policies);
    }
}
