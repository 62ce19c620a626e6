package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * {@code exclusive}: one owner at a time, devices included (Arnd Bergmann's exclusive map).
 * With {@code policy.readers_share}, read-only owners overlap. {@code after=} as under explicit.
 */
public final class ExclusivePolicy implements DmaBufPolicy {
    private final boolean readersShare;

    public ExclusivePolicy(boolean readersShare) { this.readersShare = readersShare; }

    @Override public String name() { return "exclusive"; }
    @Override public DmaResvUsage beginCpuAccessWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage mapWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage jobWaits(DmaDir dir) { return null; }
    @Override public DmaResvUsage flipWaits() { return null; }
    @Override public boolean afterBlocksSubmitter() { return false; }

    @Override public boolean mayProceed(Access request, List<Access> others) {
        if (others.isEmpty()) return true;
        if (!readersShare || request.dir() != DmaDir.READ) return false;
        for (Access a : others) if (a.dir() != DmaDir.READ) return false;
        return true;
    }

    @Override public boolean releaseAcquireEdges() { return true; }
}
