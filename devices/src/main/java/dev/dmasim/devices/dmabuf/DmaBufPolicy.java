package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * What the kernel enforces on a shared buffer (MODEL.md "The policies"). The layer consults
 * its policy at each call: which reservation fences the call waits for (by usage level; null =
 * none), whether a holding may start now given the others, and which happens-before edges the
 * policy itself creates. The mechanics (snapshots, FIFO queues, cache maintenance, clocks) are
 * the layer's; a policy only answers these questions. One class per policy; a new policy is a
 * new class and a line in {@link DmaBufPolicies#standard}.
 */
public interface DmaBufPolicy {
    /** The name scripts use: {@code implicit}. */
    String name();

    /** Fences {@code begin_cpu_access(dir)} waits for before its cache maintenance, or null. */
    DmaResvUsage beginCpuAccessWaits(DmaDir dir);

    /** Fences a device mapping ({@code map}, and a job's own map) waits for, or null. */
    DmaResvUsage mapWaits(DmaDir dir);

    /** Fences a job waits for before it starts, per buffer it accesses in {@code dir}, or null. */
    DmaResvUsage jobWaits(DmaDir dir);

    /** Fences a flip waits for before it may take effect, or null. */
    DmaResvUsage flipWaits();

    /**
     * True if a submission or flip with {@code after=} blocks the submitting thread until those
     * fences signal and only then is queued (no cross-device fences). False: the job is queued
     * at once and waits for them on the device.
     */
    boolean afterBlocksSubmitter();

    /**
     * May {@code request} (a CPU bracket or device mapping) start now, given the holdings of
     * other parties ({@code others}; the requester's own holdings are never in the way)?
     */
    boolean mayProceed(Access request, List<Access> others);

    /**
     * True if every release (unmap, end_cpu_access) happens-before every later acquire (map,
     * begin_cpu_access) of the same buffer, whether or not the acquire waited: the policy acts
     * as a lock.
     */
    boolean releaseAcquireEdges();
}
