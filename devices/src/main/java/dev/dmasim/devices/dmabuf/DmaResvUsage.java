package dev.dmasim.devices.dmabuf;

/**
 * {@code enum dma_resv_usage}: KERNEL &lt; WRITE &lt; READ &lt; BOOKKEEP. Asking a reservation
 * object for usage U returns the fences of U and every lower level, as the kernel does.
 */
public enum DmaResvUsage {
    /** In-kernel memory management; nothing in the model adds these, map waits for them. */
    KERNEL,
    /** Implicit write dependency: a job that writes the buffer. */
    WRITE,
    /** Implicit read dependency: a job that reads the buffer. */
    READ,
    /** No implicit sync: fences of explicit-only drivers ({@code DEV.publish_fences = false}). */
    BOOKKEEP;

    /** True if a query for {@code this} usage returns fences added with {@code added}. */
    public boolean includes(DmaResvUsage added) { return added.ordinal() <= ordinal(); }

    /**
     * {@code dma_resv_usage_rw(write)}: what a new access must wait for. A writer waits for
     * readers and writers (READ), a reader only for writers (WRITE).
     */
    public static DmaResvUsage usageRw(boolean write) { return write ? READ : WRITE; }

    /** The usage a job's fence is added with on a buffer it accesses in {@code dir}. */
    public static DmaResvUsage forAccess(DmaDir dir, boolean publishFences) {
        if (!publishFences) return BOOKKEEP;
        return dir.writes() ? WRITE : READ;
    }
}
