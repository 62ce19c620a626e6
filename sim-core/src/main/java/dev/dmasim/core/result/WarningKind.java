package dev.dmasim.core.result;

/** Warnings of MODEL.md: counted apart from violations. */
public enum WarningKind {
    MISSING_BRACKET("missing-bracket"),
    STUB_FENCE_WAIT("stub-fence-wait");

    private final String wire;

    WarningKind(String wire) { this.wire = wire; }

    public String wire() { return wire; }
}
