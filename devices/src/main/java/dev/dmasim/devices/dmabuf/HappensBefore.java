package dev.dmasim.devices.dmabuf;

/**
 * What the dma-buf layer and the devices need from the happens-before tracker (the checker's
 * vector clocks). Snapshots are opaque to the models. The lead binds it to the checker.
 */
public interface HappensBefore {
    /** Snapshot of {@code agent}'s clock (everything it did so far) and advance the agent. */
    Object release(int agent);

    /** {@code agent}'s later operations happen after everything in {@code snapshot}. */
    void acquire(int agent, Object snapshot);

    /** A snapshot covering both (neither argument is null). */
    Object join(Object a, Object b);

    /**
     * Start a pass (one operation of one agent on memory): returns its id, which is also the
     * version its writes carry. {@code frameRead}: a reading pass that must see one frame
     * (torn-frame check); {@code generation}: the producing generation the pass belongs to
     * (0 when not applicable).
     */
    int beginPass(int agent, String label, boolean frameRead, long generation);

    /** The pass is over. */
    void endPass(int pass);

    /** Join that treats null as "nothing". */
    static Object joinNullable(HappensBefore hb, Object a, Object b) {
        if (a == null) return b;
        if (b == null) return a;
        return hb.join(a, b);
    }
}
