package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * {@code nonblocking}: cache maintenance only; dma-buf never waits. No cross-device fences (as
 * in 2011): {@code after=} blocks the submitting thread, then the job is queued.
 */
public final class NonblockingPolicy implements DmaBufPolicy {
    @Override public String name() { return "nonblocking"; }
    @Override public DmaResvUsage beginCpuAccessWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage mapWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage jobWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage flipWaits() { return null; }
    @Override public boolean afterBlocksSubmitter() { return true; }
    @Override public boolean mayProceed(Access request, List<Access> others) { return true; }
    @Override public boolean releaseAcquireEdges() { return false; }
}
