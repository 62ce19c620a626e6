package dev.dmasim.workloads.lang;

/** A 1-based line and column in a script. */
public record Pos(int line, int col) {
    @Override
    public String toString() { return line + ":" + col; }
}
