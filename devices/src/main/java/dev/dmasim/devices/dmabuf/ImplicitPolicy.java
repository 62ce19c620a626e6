package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * {@code implicit}: today's Linux implicit sync. A job waits, before it starts, for the fences
 * {@code dma_resv_usage_rw} names (a writer for READ and WRITE fences, a reader for WRITE
 * fences); a flip waits for WRITE fences; begin_cpu_access waits (read: WRITE; write/rw: READ,
 * i.e. all but BOOKKEEP) and then invalidates; a device map waits for KERNEL fences, as
 * {@code __map_dma_buf} does. {@code after=} as under explicit.
 */
public final class ImplicitPolicy implements DmaBufPolicy {
    @Override public String name() { return "implicit"; }
    @Override public DmaResvUsage beginCpuAccessWaits(DmaDir dir) { return DmaResvUsage.usageRw(dir.writes()); }
    @Override public DmaResvUsage mapWaits(DmaDir dir) { return DmaResvUsage.KERNEL; }
    @Override public DmaResvUsage jobWaits(DmaDir dir) { return DmaResvUsage.usageRw(dir.writes()); }
    @Override public DmaResvUsage flipWaits() { return DmaResvUsage.WRITE; }
    @Override public boolean afterBlocksSubmitter() { return false; }
    @Override public boolean mayProceed(Access request, List<Access> others) { return true; }
    @Override public boolean releaseAcquireEdges() { return false; }
}
