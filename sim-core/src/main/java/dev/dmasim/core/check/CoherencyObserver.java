package dev.dmasim.core.check;

/**
 * The neutral interface through which models tell the checker what happened to data. The
 * models know caches, buses and dma-buf; the checker knows none of them, only these facts.
 *
 * <p>Conventions shared by every model:
 * <ul>
 *   <li>A <em>pass</em> is one operation of one agent on memory (a CPU read or write statement,
 *   a copy job's read of its source or write of its destination, a camera frame, a scanout).
 *   Pass ids are positive and come from the checker.</li>
 *   <li>The <em>version</em> written by a pass is its pass id; version 0 means never written.</li>
 *   <li>Versions are kept per sector of {@code granularity} bytes (4..64, a power of two);
 *   {@code versions[off + i]} belongs to sector {@code addr / granularity + i}. A write that
 *   covers part of a sector gives the whole sector the new version.</li>
 * </ul>
 */
public interface CoherencyObserver {
    /**
     * The agent of {@code pass} logically wrote {@code [addr, addr + len)}; the new data now
     * sit in {@code holder} (a cache's name, e.g. {@code cpu0.l1}), or in memory if null.
     */
    void write(int pass, long addr, long len, String holder);

    /**
     * The agent of {@code pass} read {@code [addr, addr + len)} and observed
     * {@code versions[off..]}, one per sector, supplied by {@code servedBy} (a cache's name, or
     * {@code "memory"}).
     */
    void read(int pass, long addr, long len, long[] versions, int off, String servedBy);

    /**
     * Data landed in memory: the sectors of {@code [addr, addr + len)} now hold
     * {@code versions[off..]}, put there by {@code by} (a cache write-back or clean, or a
     * cacheless master's write).
     */
    void memoryWrite(long addr, long len, long[] versions, int off, String by);

    /** Ignores everything (checker off, or a model tested alone). */
    CoherencyObserver NONE = new CoherencyObserver() {
        @Override public void write(int pass, long addr, long len, String holder) {}
        @Override public void read(int pass, long addr, long len, long[] versions, int off, String servedBy) {}
        @Override public void memoryWrite(long addr, long len, long[] versions, int off, String by) {}
    };
}
