package dev.dmasim.workloads.run;

import java.util.List;

/**
 * Errors the user caused (script, options, parameters), each already formatted as
 * {@code FILE:LINE:COL: message}. The CLI prints them and exits with code 2.
 */
public final class UserErrors extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> lines;

    public UserErrors(List<String> lines) {
        super(String.join("\n", lines), null, false, false);
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() { return lines; }
}
