package dev.dmasim.core.result;

/** The violation kinds of MODEL.md, spelt exactly so on the wire. */
public enum ViolationKind {
    STALE_READ("stale-read"),
    LOST_WRITE("lost-write"),
    DATA_RACE("data-race"),
    TORN_FRAME("torn-frame"),
    UNMAPPED_ACCESS("unmapped-access"),
    DEADLOCK("deadlock"),
    FENCE_TIMEOUT("fence-timeout"),
    FENCE_ERROR("fence-error"),
    FRAME_DROP("frame-drop"),
    MISSED_VBLANK("missed-vblank"),
    DEADLINE_MISS("deadline-miss");

    private final String wire;

    ViolationKind(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static ViolationKind fromWire(String s) {
        for (ViolationKind k : values()) if (k.wire.equals(s)) return k;
        throw new IllegalArgumentException("no violation kind " + s);
    }
}
