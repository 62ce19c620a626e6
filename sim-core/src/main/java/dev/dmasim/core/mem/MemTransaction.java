package dev.dmasim.core.mem;

import dev.dmasim.core.component.Message;

/**
 * One memory transaction of whole sectors or lines: what a master (a cache, a copy engine, a
 * traffic generator, the camera) sends to the bus. Mutable and reusable, so that hot paths can
 * pool them: a transaction belongs to its requester again once {@link MemoryRequester#memoryResponse}
 * has returned.
 *
 * <p>Data are not simulated, their versions are: {@code versions[i]} is the version of sector
 * {@code i} of {@code [addr, addr + size)} (sector size = the run's check granularity). A write
 * carries the versions it stores; a read comes back with the versions it found.
 */
public final class MemTransaction implements Message {
    public long addr;
    public int size;
    public boolean write;
    /** Bus master index, from {@code attachMaster}. */
    public int master;
    /** Per-sector versions carried (write) or found (read). */
    public long[] versions;
    /** The requester's own cookie (e.g. an MSHR index or a job id). */
    public long tag;
    /** Who is told when the transaction completes. */
    public MemoryRequester requester;
    /** Who supplied a read's data: a cache's name or "memory"; set by whoever answered. */
    public String servedBy;
    /** When the master issued it, and when it completed (ps); filled in by the memory system. */
    public long issuedPs, completedPs;

    public MemTransaction set(long addr, int size, boolean write, int master, MemoryRequester requester, long tag) {
        this.addr = addr;
        this.size = size;
        this.write = write;
        this.master = master;
        this.requester = requester;
        this.tag = tag;
        return this;
    }

    @Override public String toString() {
        return (write ? "W" : "R") + "[0x" + Long.toHexString(addr) + "+" + size + " m" + master + "]";
    }
}
