package dev.dmasim.core.result;

/** How a run ended (MODEL.md "When a run ends"). */
public enum RunStatus {
    COMPLETED("completed"), DEADLOCK("deadlock"), TIME_LIMIT("time-limit");

    private final String wire;

    RunStatus(String wire) { this.wire = wire; }

    /** The spelling used in summary.json. */
    public String wire() { return wire; }
}
