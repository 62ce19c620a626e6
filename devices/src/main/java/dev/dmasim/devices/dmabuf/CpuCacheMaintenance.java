package dev.dmasim.devices.dmabuf;

/**
 * CPU cache maintenance by address range, reaching every level of every core's caches (ARM's
 * maintenance to the point of coherency). Each op takes simulated time (cycles per line
 * visited) and calls {@code done} at the simulated time it is complete (possibly before
 * returning, when there is nothing to do: the layer tolerates both). The lead implements it on
 * the CPU cache hierarchy.
 *
 * <p>{@code agent} is the thread or device queue on whose behalf the kernel performs the op
 * (for accounting and for naming the cleaner in reports).
 */
public interface CpuCacheMaintenance {
    /** Write back dirty lines of the range (they stay valid). */
    void clean(int agent, long addr, long len, Runnable done);

    /** Drop the lines of the range, dirty data included. */
    void invalidate(int agent, long addr, long len, Runnable done);

    /** Write back dirty lines, then drop them. */
    void cleanInvalidate(int agent, long addr, long len, Runnable done);
}
