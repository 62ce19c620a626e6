package dev.dmasim.workloads.system;

import dev.dmasim.core.check.CoherencyChecker;
import dev.dmasim.devices.dmabuf.BlockedWait;
import dev.dmasim.devices.dmabuf.BufferUse;
import dev.dmasim.devices.dmabuf.DmaBuf;
import dev.dmasim.devices.dmabuf.DmaBufLayer;
import dev.dmasim.devices.dmabuf.DmaDevice;
import dev.dmasim.devices.dmabuf.DmaFence;
import dev.dmasim.devices.dmabuf.DmaJob;
import dev.dmasim.devices.tg.Interval;
import dev.dmasim.devices.tg.Pattern;
import dev.dmasim.devices.tg.TrafficGenerator;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A traffic generator's streams as dma-buf jobs (MODEL.md: every job, traffic streams included,
 * adds its fence at submission and waits as the policy says): one stream at a time, in order.
 */
final class TrafficJobs {
    private final TrafficGenerator tg;
    private final DmaDevice device;
    private final DmaBufLayer layer;
    private final CoherencyChecker checker;
    private final int lineSize;
    private final java.util.function.Consumer<DmaJob> trace;
    /** A queued stream: its job and how to run it. */
    private record Pending(DmaJob job, Runnable run) {}

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private DmaJob current;
    private long busyPs;

    DmaDevice device() { return device; }

    TrafficJobs(TrafficGenerator tg, DmaDevice device, DmaBufLayer layer, CoherencyChecker checker, int lineSize,
                java.util.function.Consumer<DmaJob> trace) {
        this.trace = trace;
        this.tg = tg;
        this.device = device;
        this.layer = layer;
        this.checker = checker;
        this.lineSize = lineSize;
    }

    String name() { return tg.name(); }

    TrafficGenerator generator() { return tg; }

    /** Queue {@code tgK.stream(...)} for {@code submitter}; returns the job's fence at once. */
    DmaFence submit(int submitter, DmaBuf buf, long addr, long bytes, boolean write, Interval interval, Pattern pattern,
                    Runnable submitted) {
        BufferUse use = write ? BufferUse.write(buf) : BufferUse.read(buf);
        DmaJob job = layer.submit(submitter, device, List.of(use), List.of(), j -> {
            queue.add(new Pending(j, () -> run(j, buf, addr, bytes, write, interval, pattern)));
            if (current == null) next();
        }, submitted);
        trace.accept(job);
        return job.fence();
    }

    private void next() {
        Pending p = queue.poll();
        current = p == null ? null : p.job();
        if (p != null) p.run().run();
    }

    private void run(DmaJob job, DmaBuf buf, long addr, long bytes, boolean write, Interval interval, Pattern pattern) {
        layer.startJob(job, () -> {
            long start = tg.engine().now();
            int pass = checker.beginPass(device.agent(), job.name() + (write ? " write " : " read ") + buf.name(), false, 0);
            tg.stream(addr, bytes, write, interval, pattern, lineSize, pass, () -> {
                checker.endPass(pass);
                busyPs += tg.engine().now() - start;
                layer.finishJob(job, this::next);
            });
        });
    }

    boolean idle() { return current == null && queue.isEmpty(); }

    long busyPs() { return busyPs; }

    /** Streams queued behind the running one, for wait-for chains. */
    void describeBlocked(List<BlockedWait> out) {
        if (current == null) return;
        for (Pending p : queue) out.add(BlockedWait.queue(p.job().party(), "queued on " + tg.name(), current.party()));
    }
}
