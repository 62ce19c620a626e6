package dev.dmasim.workloads.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to run: a script and the command line's overrides.
 *
 * @param script    the workload script
 * @param policy    overrides the script's {@code policy}, or null
 * @param seed      overrides the script's {@code seed}, or null
 * @param overrides {@code --set key=value} pairs, applied after the script's {@code system} block
 */
public record RunRequest(Path script, String policy, Long seed, Map<String, String> overrides) {
    public RunRequest {
        // In the order given: errors are numbered by it.
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
