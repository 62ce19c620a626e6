package dev.dmasim.cli;

import dev.dmasim.workloads.run.RunRequest;
import dev.dmasim.workloads.run.UserErrors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options shared by the commands that take a script. */
final class ScriptOptions {
    @Parameters(index = "0", paramLabel = "SCRIPT", description = "the workload script (*.dmasim)")
    Path script;

    @Option(names = "--seed", paramLabel = "N", description = "overrides the script's seed")
    Long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "overrides a parameter, e.g. --set cpu.coherent=true (repeatable; names ignore case: dram.tRCD)")
    List<String> sets = new ArrayList<>();

    RunRequest request(String policy) throws UserErrors {
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                errors.add("--set:1:1: expected KEY=VALUE, got '" + s + "'");
                continue;
            }
            overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        if (!errors.isEmpty()) throw new UserErrors(errors);
        return new RunRequest(script, policy, seed, overrides);
    }
}
