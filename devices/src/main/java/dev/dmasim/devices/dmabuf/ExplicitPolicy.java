package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * {@code explicit} (Android / Vulkan): no automatic waits; a job or flip is queued at once and
 * waits on the device for its {@code after=} fences; sync files carry fences between agents.
 */
public final class ExplicitPolicy implements DmaBufPolicy {
    @Override public String name() { return "explicit"; }
    @Override public DmaResvUsage beginCpuAccessWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage mapWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage jobWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage flipWaits() { return null; }
    @Override public boolean afterBlocksSubmitter() { return false; }
    @Override public boolean mayProceed(Access request, List<Access> others) { return true; }
    @Override public boolean releaseAcquireEdges() { return false; }
}
