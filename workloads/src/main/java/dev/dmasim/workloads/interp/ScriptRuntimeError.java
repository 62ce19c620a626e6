package dev.dmasim.workloads.interp;

import dev.dmasim.workloads.lang.Pos;

/** A user error found while running a script (an index or a range out of bounds). */
public final class ScriptRuntimeError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Pos pos;

    public ScriptRuntimeError(String message) { this(null, message); }

    public ScriptRuntimeError(Pos pos, String message) {
        super(message, null, false, false);
        this.pos = pos;
    }

    /** Where in the script, or null if the machine did not know (the interpreter adds the call's). */
    public Pos pos() { return pos; }
}
