package dev.dmasim.workloads.lang;

/** One user error in a script or an option, shown as {@code FILE:LINE:COL: message}. */
public record Diagnostic(String file, int line, int col, String message) {
    @Override
    public String toString() { return file + ":" + line + ":" + col + ": " + message; }
}
