package dev.dmasim.caches;

/** Cache maintenance by address range, as the kernel's dma_sync_* / DC C(I)VAC do it. */
public enum MaintenanceOp {
    /** Write back dirty lines; they stay valid and become clean. */
    CLEAN(true, false),
    /** Drop lines without writing anything back (dirty data is lost). */
    INVALIDATE(false, true),
    /** Write back dirty lines, then drop every line. */
    CLEAN_INVALIDATE(true, true);

    private final boolean cleans;
    private final boolean invalidates;

    MaintenanceOp(boolean cleans, boolean invalidates) {
        this.cleans = cleans;
        this.invalidates = invalidates;
    }

    public boolean cleans() { return cleans; }

    public boolean invalidates() { return invalidates; }
}
