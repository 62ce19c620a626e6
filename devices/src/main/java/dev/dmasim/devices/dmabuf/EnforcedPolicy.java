package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * {@code enforced}: CPU access and device mappings exclude each other; several devices may map
 * at once, several CPU brackets may be open at once. {@code after=} as under explicit.
 */
public final class EnforcedPolicy implements DmaBufPolicy {
    @Override public String name() { return "enforced"; }
    @Override public DmaResvUsage beginCpuAccessWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage mapWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage jobWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage flipWaits() { return null; }
    @Override public boolean afterBlocksSubmitter() { return false; }

    @Override public boolean mayProceed(Access request, List<Access> others) {
        for (Access a : others) if (a.cpu() != request.cpu()) return false;
        return true;
    }

    @Override public boolean releaseAcquireEdges() { return true; }
}
