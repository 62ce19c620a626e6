package dev.dmasim.core.result;

import java.util.List;

/**
 * One violation record (MODEL.md "Outputs": kind, time_ps, buffer, offset, length, agents,
 * cause, message). {@code buffer} is null and offset/length are 0 for violations not tied to
 * a buffer (deadlock, fence-timeout, ...); {@code cause} is null where the kind has none.
 */
public record Violation(ViolationKind kind, long timePs, String buffer, long offset, long length,
                        List<String> agents, String cause, String message) {
    public Violation {
        agents = List.copyOf(agents);
    }
}
