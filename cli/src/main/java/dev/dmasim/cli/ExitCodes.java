package dev.dmasim.cli;

/** Exit codes of MODEL.md. */
final class ExitCodes {
    static final int OK = 0;
    static final int VIOLATIONS = 1;
    static final int BAD_INPUT = 2;
    /** A bug in dmasim itself. */
    static final int INTERNAL = 3;

    private ExitCodes() {}
}
