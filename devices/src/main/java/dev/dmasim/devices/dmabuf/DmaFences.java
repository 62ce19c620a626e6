package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.engine.Engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the fences of one simulation (ids, the stub, merges). Creating a fence takes no
 * simulated time; waiting and signalling go through {@link DmaBufLayer}.
 */
public final class DmaFences {
    private final Engine engine;
    private final HappensBefore hb;
    private final DmaFence stub;
    private long nextId = 1;

    public DmaFences(Engine engine, HappensBefore hb) {
        this.engine = engine;
        this.hb = hb;
        this.stub = new DmaFence(0, "stub fence", FenceSignaller.NONE, List.of(), true);
        stub.signal(0, null);
    }

    /** {@code dma_fence_get_stub()}: already signalled, carries no clock. */
    public DmaFence stub() { return stub; }

    /** An unsignalled fence that any thread may signal: {@code f = fence()}. */
    public DmaFence user(String name) {
        return new DmaFence(nextId++, "user fence " + name, FenceSignaller.ANY_THREAD, List.of(), false);
    }

    /** A declared fence that no thread's code signals: a wait for it can only end in a timeout or a deadlock. */
    public DmaFence neverSignalled(String name) {
        return new DmaFence(nextId++, "user fence " + name, FenceSignaller.NO_THREAD, List.of(), false);
    }

    /** A device job's completion fence, signalled by that job. */
    public DmaFence job(Party job) {
        return new DmaFence(nextId++, job.name(), FenceSignaller.job(job), List.of(), false);
    }

    /** A fence an agent signals (the display's release fence, a camera's buffer-done). */
    public DmaFence agent(String description, Party signaller) {
        return new DmaFence(nextId++, description, FenceSignaller.agent(signaller), List.of(), false);
    }

    /**
     * {@code merge(f1, f2, ...)}: signals when all components have; its error is the first error
     * to arrive (as {@code dma_fence_array}); its clock joins the components' clocks. Merged
     * components are flattened. A merge of one fence is that fence.
     */
    public DmaFence merge(List<DmaFence> fences) {
        return container(fences, null, null);
    }

    /**
     * A sync file over a snapshot of reservation fences: the stub if there are none (carrying
     * {@code extraClock}, the clock of signalled fences the snapshot found, if any); the fence
     * itself if there is one; else a merged container.
     */
    public DmaFence syncFile(List<DmaFence> fences, Object extraClock, String description) {
        if (fences.isEmpty()) {
            if (extraClock == null) return stub;
            DmaFence s = new DmaFence(nextId++, "stub fence", FenceSignaller.NONE, List.of(), true);
            s.signal(engine.now(), extraClock);
            return s;
        }
        return container(fences, extraClock, description);
    }

    private DmaFence container(List<DmaFence> fences, Object extraClock, String description) {
        List<DmaFence> flat = new ArrayList<>();
        for (DmaFence f : fences) {
            for (DmaFence leaf : f.leaves()) if (!flat.contains(leaf)) flat.add(leaf);
        }
        if (flat.isEmpty()) return stub;
        if (flat.size() == 1 && extraClock == null) return flat.get(0);
        if (description == null) {
            StringBuilder b = new StringBuilder("merge(");
            for (int i = 0; i < flat.size(); i++) b.append(i > 0 ? ", " : "").append(flat.get(i).description());
            description = b.append(')').toString();
        }
        DmaFence merged = new DmaFence(nextId++, description, FenceSignaller.NONE, List.copyOf(flat), false);
        Object[] clock = {extraClock};
        int[] pending = {flat.size()};
        for (DmaFence f : flat) {
            f.whenSignalled(done -> {
                clock[0] = HappensBefore.joinNullable(hb, clock[0], done.clock());
                if (done.error() != null && merged.error() == null) merged.setError(done.error());
                if (--pending[0] == 0) merged.signal(engine.now(), clock[0]);
            });
        }
        return merged;
    }
}
