package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.result.WarningKind;
import dev.dmasim.core.time.Time;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The dma-buf layer of one simulation: buffers, attachments, mappings, CPU access brackets,
 * reservation objects, sync files and job bookkeeping, under one {@link DmaBufPolicy}.
 *
 * <p>Every call takes simulated time and completes through its callback. A call proceeds in
 * this order: the fences it waits for (a snapshot taken when the call is made) and the holding
 * it needs (FIFO per buffer) as the policy says; then cache maintenance; then its fixed cost
 * ({@code dmabuf.ioctl_cost} for userspace calls, {@code dmabuf.map_cost} for a driver's own
 * map/unmap); then the callback. Waits are simulated time: the caller is blocked meanwhile and
 * {@link #blocked()} describes it for deadlock reports.
 *
 * <p>Agents are ints (threads and device queues); {@code agentNames} gives their report names.
 */
public final class DmaBufLayer {
    private static final EventHandler RUN = (type, payload, att) -> ((Runnable) att).run();

    private final Engine engine;
    private final DmaBufSpec spec;
    private final DmaBufPolicy policy;
    private final HappensBefore hb;
    private final CpuCacheMaintenance cpu;
    private final DmaBufListener listener;
    private final IntFunction<String> agentNames;
    private final DmaFences fences;
    private final List<DmaBuf> buffers = new ArrayList<>();
    private final Map<FenceWait, FenceWait> fenceWaits = new LinkedHashMap<>();
    private final Map<Integer, String> pendingFenceErrors = new HashMap<>();
    private final Map<Integer, Party> threads = new HashMap<>();

    public DmaBufLayer(Engine engine, DmaBufSpec spec, DmaBufPolicy policy, HappensBefore hb,
                       CpuCacheMaintenance cpu, DmaBufListener listener, IntFunction<String> agentNames) {
        this.engine = engine;
        this.spec = spec;
        this.policy = policy;
        this.hb = hb;
        this.cpu = cpu;
        this.listener = listener;
        this.agentNames = agentNames;
        this.fences = new DmaFences(engine, hb);
    }

    public Engine engine() { return engine; }

    public DmaBufSpec spec() { return spec; }

    public DmaBufPolicy policy() { return policy; }

    public HappensBefore happensBefore() { return hb; }

    public DmaBufListener listener() { return listener; }

    /** Fence factory: user fences, merges, the stub. */
    public DmaFences fences() { return fences; }

    /** A buffer, placed by the caller (the runner computes addresses). */
    public DmaBuf createBuffer(String name, long addr, long size, String exporter) {
        DmaBuf b = new DmaBuf(name, addr, size, exporter, new DmaResv(hb));
        buffers.add(b);
        return b;
    }

    public List<DmaBuf> buffers() { return Collections.unmodifiableList(buffers); }

    /** The party of a thread (or any agent acting for itself). */
    public Party thread(int agent) {
        return threads.computeIfAbsent(agent, a -> Party.agent(a, agentNames.apply(a)));
    }

    // ---------------------------------------------------------------- attachments

    /** {@code dma_buf_attach}: {@code dev} is attached to {@code buf} (again, if it already was). */
    public void attach(int agent, DmaDevice dev, DmaBuf buf, Runnable done) {
        buf.attachments.add(dev);
        after(spec.ioctlCostPs(), done);
    }

    /** {@code dma_buf_detach}: one attachment of {@code dev} goes (none: nothing happens). */
    public void detach(int agent, DmaDevice dev, DmaBuf buf, Runnable done) {
        buf.attachments.remove(dev);
        after(spec.ioctlCostPs(), done);
    }

    // ---------------------------------------------------------------- CPU access

    /**
     * {@code begin_cpu_access(buf, dir)} ({@code SYNC_START}): wait for the fences the policy
     * names, take the CPU holding (enforced/exclusive may block), invalidate the CPU caches for
     * read/rw (if the exporter's hooks and {@code export.sync_targets} say so), then return.
     */
    public void beginCpuAccess(int agent, DmaBuf buf, DmaDir dir, Runnable done) {
        Party p = thread(agent);
        noteBufferUse(agent, buf);
        String op = "begin_cpu_access(" + buf.name() + ", " + dir + ")";
        DmaResvUsage u = policy.beginCpuAccessWaits(dir);
        ResvSnapshot snap = u == null ? ResvSnapshot.EMPTY : buf.resv().snapshot(u);
        awaitFences(p, op, snap.fences(), Time.NEVER, ok -> {
            acquireSnapshot(agent, snap);
            String err = firstError(snap.fences());
            if (err != null) fenceError(p, buf, err);
            lock(buf, new Access(p, p, true, dir), agent, op, () -> {
                Runnable ret = () -> after(spec.ioctlCostPs(), done);
                if (cpuHooksApply(buf) && dir.reads()) cacheOp(agent, DmaBufSpec.CacheOp.INVALIDATE, buf, ret);
                else ret.run();
            });
        });
    }

    /**
     * {@code end_cpu_access(buf, dir)} ({@code SYNC_END}): clean (write/rw) or
     * {@code dma.for_device_from_device} (read), then release the CPU holding.
     */
    public void endCpuAccess(int agent, DmaBuf buf, DmaDir dir, Runnable done) {
        Party p = thread(agent);
        Runnable release = () -> {
            release(buf, p, true, agent);
            after(spec.ioctlCostPs(), done);
        };
        if (cpuHooksApply(buf)) {
            cacheOp(agent, dir == DmaDir.READ ? spec.forDeviceFromDevice() : DmaBufSpec.CacheOp.CLEAN, buf, release);
        } else {
            release.run();
        }
    }

    /** True while {@code agent} has a CPU bracket open on {@code buf} (for {@code missing-bracket}). */
    public boolean cpuAccessOpen(DmaBuf buf, int agent) {
        for (Access a : buf.holders) if (a.cpu() && a.holder().agent() == agent) return true;
        return false;
    }

    // ---------------------------------------------------------------- device mappings

    /**
     * The script's {@code map(dev, buf, dir)} ({@code dma_buf_map_attachment}) made by thread
     * {@code agent}: the device holds the mapping until {@code unmap}. Attaches {@code dev} if
     * it is not attached.
     */
    public void map(int agent, DmaDevice dev, DmaBuf buf, DmaDir dir, Runnable done) {
        noteBufferUse(agent, buf);
        if (!buf.attachments.contains(dev)) buf.attachments.add(dev);
        Party t = thread(agent);
        doMap(dev.party(), t, agent, dev, buf, dir, () -> after(spec.ioctlCostPs(), done));
    }

    /** The script's {@code unmap(dev, buf, dir)}: device cache clean, CPU side per knob, release. */
    public void unmap(int agent, DmaDevice dev, DmaBuf buf, DmaDir dir, Runnable done) {
        doUnmap(dev.party(), agent, dev, buf, dir, () -> after(spec.ioctlCostPs(), done));
    }

    /**
     * A driver maps {@code buf} for {@code holder} (a job, or a device such as the camera from
     * QBUF to buffer-done): as {@link #map} but without a syscall, costing {@code dmabuf.map_cost}.
     */
    public void deviceMap(Party holder, DmaDevice dev, DmaBuf buf, DmaDir dir, Runnable done) {
        if (!buf.attachments.contains(dev)) buf.attachments.add(dev);
        doMap(holder, holder, holder.agent(), dev, buf, dir, () -> after(spec.mapCostPs(), done));
    }

    /** A driver unmaps {@code buf} for {@code holder}. */
    public void deviceUnmap(Party holder, DmaDevice dev, DmaBuf buf, DmaDir dir, Runnable done) {
        doUnmap(holder, holder.agent(), dev, buf, dir, () -> after(spec.mapCostPs(), done));
    }

    /** True if {@code dev} (itself, or one of its jobs) holds a mapping of {@code buf}. */
    public boolean isMapped(DmaDevice dev, DmaBuf buf) {
        for (Access a : buf.holders) if (!a.cpu() && a.holder().agent() == dev.agent()) return true;
        return false;
    }

    private void doMap(Party holder, Party releaser, int hbAgent, DmaDevice dev, DmaBuf buf, DmaDir dir, Runnable next) {
        String op = "map(" + buf.name() + ", " + dir + ")";
        DmaResvUsage u = policy.mapWaits(dir);
        ResvSnapshot snap = u == null ? ResvSnapshot.EMPTY : buf.resv().snapshot(u);
        awaitFences(releaser, op, snap.fences(), Time.NEVER, ok -> {
            acquireSnapshot(hbAgent, snap);
            lock(buf, new Access(holder, releaser, false, dir), hbAgent, op, () -> {
                Runnable deviceSide = () -> dev.cache().invalidate(buf.addr(), buf.size(), next);
                if (spec.mapSyncsCpu() && !dev.coherent() && dir == DmaDir.WRITE) {
                    cacheOp(hbAgent, spec.forDeviceFromDevice(), buf, deviceSide);
                } else if (spec.mapSyncsCpu() && !dev.coherent()) {
                    cacheOp(hbAgent, DmaBufSpec.CacheOp.CLEAN, buf, deviceSide);
                } else {
                    deviceSide.run();
                }
            });
        });
    }

    private void doUnmap(Party holder, int hbAgent, DmaDevice dev, DmaBuf buf, DmaDir dir, Runnable next) {
        dev.cache().clean(buf.addr(), buf.size(), () -> {
            Runnable rel = () -> {
                release(buf, holder, false, hbAgent);
                next.run();
            };
            if (spec.mapSyncsCpu() && !dev.coherent() && dir.writes()) cacheOp(hbAgent, DmaBufSpec.CacheOp.INVALIDATE, buf, rel);
            else rel.run();
        });
    }

    // ---------------------------------------------------------------- fences, poll, sync files

    /**
     * {@code wait(f [, timeout])} by a thread: returns when {@code f} signals (happens-before edge
     * from the signal), or after {@code timeoutPs} ({@link Time#NEVER} = none) with a
     * {@code fence-timeout} violation. A fence that signalled with an error is remembered: the
     * agent's next use of a buffer through this layer (or {@link #noteBufferUse}) is a
     * {@code fence-error}.
     */
    public void wait(int agent, DmaFence f, long timeoutPs, Consumer<WaitResult> done) {
        Party p = thread(agent);
        String op = "wait(" + f.description() + ")";
        awaitFences(p, op, List.of(f), timeoutPs, ok -> {
            WaitResult r;
            if (ok) {
                acquireFence(agent, f);
                if (f.error() != null) pendingFenceErrors.put(agent, f.description() + " signalled with error " + f.error());
                r = new WaitResult(true, f.error());
            } else {
                timeout(p, null, op, timeoutPs, List.of(f));
                r = WaitResult.TIMED_OUT;
            }
            after(spec.ioctlCostPs(), () -> done.accept(r));
        });
    }

    /** {@code signal(f)} of a user fence by a thread; a second signal has no effect. */
    public void signal(int agent, DmaFence f, Runnable done) {
        f.signal(engine.now(), hb.release(agent));
        after(spec.ioctlCostPs(), done);
    }

    /**
     * {@code poll(buf, in|out [, timeout])}: waits for the WRITE fences ({@code in}) or the WRITE
     * and READ fences ({@code out}) present at the call; no cache maintenance.
     */
    public void poll(int agent, DmaBuf buf, PollEvents ev, long timeoutPs, Consumer<WaitResult> done) {
        Party p = thread(agent);
        String op = "poll(" + buf.name() + ", " + ev.word() + ")";
        ResvSnapshot snap = buf.resv().snapshot(ev.usage());
        awaitFences(p, op, snap.fences(), timeoutPs, ok -> {
            WaitResult r;
            if (ok) {
                acquireSnapshot(agent, snap);
                String err = firstError(snap.fences());
                if (err != null) pendingFenceErrors.put(agent, err);
                r = new WaitResult(true, err);
            } else {
                timeout(p, buf, op, timeoutPs, snap.fences());
                r = WaitResult.TIMED_OUT;
            }
            after(spec.ioctlCostPs(), () -> done.accept(r));
        });
    }

    /**
     * {@code export_sync_file(buf, read|write)}: a sync file over the fences present now (read:
     * WRITE fences; write/rw: WRITE and READ), or the already-signalled stub when none is
     * pending. Getting the stub while a device holds a write mapping (an unfenced writer) is a
     * {@code stub-fence-wait} warning.
     */
    public void exportSyncFile(int agent, DmaBuf buf, DmaDir dir, Consumer<DmaFence> done) {
        ResvSnapshot snap = buf.resv().snapshot(DmaResvUsage.usageRw(dir.writes()));
        DmaFence f = fences.syncFile(snap.fences(), snap.retiredClock(),
                "sync file of " + buf.name() + " (" + (dir.writes() ? "write" : "read") + ")");
        if (snap.fences().isEmpty()) {
            Access w = unfencedWriter(buf);
            if (w != null) {
                listener.warning(WarningKind.STUB_FENCE_WAIT, engine.now(), buf.name(),
                        thread(agent).name() + " exported a sync file from " + buf.name() + " while " + w.holder().name()
                                + " holds a write mapping without a fence, and got the already-signalled stub");
            }
        }
        after(spec.ioctlCostPs(), () -> done.accept(f));
    }

    /** {@code import_sync_file(buf, f, read|write)}: each fence of {@code f} is added with READ or WRITE usage. */
    public void importSyncFile(int agent, DmaBuf buf, DmaFence f, DmaDir dir, Runnable done) {
        DmaResvUsage u = dir.writes() ? DmaResvUsage.WRITE : DmaResvUsage.READ;
        for (DmaFence leaf : f.leaves()) buf.resv().add(leaf, u);
        after(spec.ioctlCostPs(), done);
    }

    private Access unfencedWriter(DmaBuf buf) {
        for (Access a : buf.holders) if (!a.cpu() && a.dir().writes()) return a;
        return null;
    }

    // ---------------------------------------------------------------- jobs

    /** {@link #submit(int, DmaDevice, DmaJob.Kind, List, List, Consumer, Runnable)} of a plain job. */
    public DmaJob submit(int submitter, DmaDevice dev, List<BufferUse> uses, List<DmaFence> after,
                         Consumer<DmaJob> queued, Runnable submitted) {
        return submit(submitter, dev, DmaJob.Kind.JOB, uses, after, queued, submitted);
    }

    /**
     * A thread submits a job (or flip) to {@code dev}. Returns the job at once (its fence is
     * {@link DmaJob#fence}). When the job enters the device's queue, {@code queued} is called
     * (the device queues it); the submitting thread continues when {@code submitted} runs.
     *
     * <p>At queueing: the reservation fences the policy's automatic wait covers are snapshotted
     * (never the job's own, never later ones); the submitter's clock is released into the job;
     * the job's fence is added to each buffer (WRITE on written, READ on read buffers; BOOKKEEP
     * if {@code DEV.publish_fences = false}). Under {@code nonblocking} a job with {@code after=}
     * first blocks the submitter until those fences signal (a CPU round trip).
     */
    public DmaJob submit(int submitter, DmaDevice dev, DmaJob.Kind kind, List<BufferUse> uses, List<DmaFence> after,
                         Consumer<DmaJob> queued, Runnable submitted) {
        Party job = dev.nextJob();
        DmaJob j = new DmaJob(dev, job, kind, uses, after, fences.job(job));
        j.submittedPs = engine.now();
        Party t = thread(submitter);
        if (policy.afterBlocksSubmitter() && !after.isEmpty()) {
            awaitFences(t, "submit " + job.name() + " after=", after, Time.NEVER, ok -> {
                for (DmaFence f : after) acquireFence(submitter, f);
                String err = firstError(after);
                if (err != null) pendingFenceErrors.put(submitter, err);
                j.afterWaitedBySubmitter = true;
                queue(submitter, j, queued, submitted);
            });
        } else {
            queue(submitter, j, queued, submitted);
        }
        return j;
    }

    private void queue(int submitter, DmaJob j, Consumer<DmaJob> queued, Runnable submitted) {
        if (!j.uses().isEmpty()) noteBufferUse(submitter, j.uses().get(0).buf());
        List<ResvSnapshot> waits = new ArrayList<>(j.uses().size());
        for (BufferUse use : j.uses()) {
            DmaResvUsage u = j.kind() == DmaJob.Kind.FLIP ? policy.flipWaits() : policy.jobWaits(use.dir());
            waits.add(u == null ? ResvSnapshot.EMPTY : use.buf().resv().snapshot(u));
        }
        j.waits = waits;
        j.submitClock = hb.release(submitter);
        for (BufferUse use : j.uses()) {
            use.buf().resv().add(j.fence(), DmaResvUsage.forAccess(use.dir(), j.device().publishFences()));
        }
        j.state = DmaJob.State.QUEUED;
        j.queuedPs = engine.now();
        queued.accept(j);
        after(spec.ioctlCostPs(), submitted);
    }

    /**
     * The device starts {@code job} (it reached the head of its queue):
     * {@link #awaitDependencies} then {@link #mapBuffers}; {@code ready} runs when the device
     * may touch memory.
     */
    public void startJob(DmaJob job, Runnable ready) {
        awaitDependencies(job, () -> mapBuffers(job, ready));
    }

    /**
     * Wait for the job's {@code after=} fences (unless the submitter already did) and for the
     * snapshot of its automatic wait; then acquire the submitter's and those fences' clocks
     * into the device, and report a {@code fence-error} if one signalled with an error. A
     * display calls this at the flip request and {@link #mapBuffers} when the flip takes effect.
     */
    public void awaitDependencies(DmaJob job, Runnable satisfied) {
        if (job.state != DmaJob.State.QUEUED) throw new IllegalStateException("invariant: " + job + " started twice");
        job.state = DmaJob.State.WAITING;
        List<DmaFence> waitFor = new ArrayList<>();
        if (!job.afterWaitedBySubmitter) for (DmaFence f : job.after()) if (!waitFor.contains(f)) waitFor.add(f);
        for (ResvSnapshot s : job.waits) for (DmaFence f : s.fences()) if (!waitFor.contains(f)) waitFor.add(f);
        int agent = job.device().agent();
        awaitFences(job.party(), "start", waitFor, Time.NEVER, ok -> {
            hb.acquire(agent, job.submitClock);
            for (ResvSnapshot s : job.waits) if (s.retiredClock() != null) hb.acquire(agent, s.retiredClock());
            for (DmaFence f : waitFor) acquireFence(agent, f);
            String err = firstError(waitFor);
            if (err != null && !job.uses().isEmpty()) fenceError(job.party(), job.uses().get(0).buf(), err);
            job.state = DmaJob.State.SATISFIED;
            satisfied.run();
        });
    }

    /**
     * Map the job's buffers in order, as its driver does (each {@code dmabuf.map_cost}; under
     * enforced/exclusive each may block, holding the earlier ones). With
     * {@code DEV.manual_map} nothing is mapped and a buffer the device has not mapped is an
     * {@code unmapped-access}. Then the job is running and {@code ready} runs.
     */
    public void mapBuffers(DmaJob job, Runnable ready) {
        if (job.state != DmaJob.State.SATISFIED) throw new IllegalStateException("invariant: " + job + " mapped while " + job.state);
        job.state = DmaJob.State.MAPPING;
        mapUses(job, 0, () -> {
            job.state = DmaJob.State.RUNNING;
            job.startedPs = engine.now();
            ready.run();
        });
    }

    private void mapUses(DmaJob job, int i, Runnable ready) {
        if (i == job.uses().size()) {
            ready.run();
            return;
        }
        BufferUse use = job.uses().get(i);
        DmaDevice dev = job.device();
        if (dev.manualMap()) {
            if (!isMapped(dev, use.buf())) {
                listener.violation(new Violation(ViolationKind.UNMAPPED_ACCESS, engine.now(), use.buf().name(), 0,
                        use.buf().size(), List.of(dev.name()), null,
                        job.name() + " touched " + use.buf().name() + " (" + use.dir() + ") which " + dev.name() + " had not mapped"));
            }
            mapUses(job, i + 1, ready);
            return;
        }
        deviceMap(job.party(), dev, use.buf(), use.dir(), () -> mapUses(job, i + 1, ready));
    }

    /**
     * The device finished the work of {@code job}: unmap its buffers (last mapped first), then
     * signal its fence with the device's clock; then {@code done}.
     */
    public void finishJob(DmaJob job, Runnable done) {
        if (job.state != DmaJob.State.RUNNING) throw new IllegalStateException("invariant: " + job + " finished while " + job.state);
        job.state = DmaJob.State.UNMAPPING;
        unmapUses(job, job.uses().size() - 1, () -> {
            job.state = DmaJob.State.DONE;
            job.finishedPs = engine.now();
            job.fence().signal(engine.now(), hb.release(job.device().agent()));
            done.run();
        });
    }

    private void unmapUses(DmaJob job, int i, Runnable done) {
        if (i < 0 || job.device().manualMap()) {
            done.run();
            return;
        }
        BufferUse use = job.uses().get(i);
        deviceUnmap(job.party(), job.device(), use.buf(), use.dir(), () -> unmapUses(job, i - 1, done));
    }

    // ---------------------------------------------------------------- fence errors

    /**
     * {@code agent} uses {@code buf}: if its last wait found a fence signalled with an error,
     * that is a {@code fence-error} now (once). The interpreter calls this for CPU reads and
     * writes; the layer for its own buffer calls.
     */
    public void noteBufferUse(int agent, DmaBuf buf) {
        String err = pendingFenceErrors.remove(agent);
        if (err != null) fenceError(thread(agent), buf, err);
    }

    private void fenceError(Party who, DmaBuf buf, String err) {
        listener.violation(new Violation(ViolationKind.FENCE_ERROR, engine.now(), buf.name(), 0, buf.size(),
                List.of(who.name()), null, who.name() + " went on to use " + buf.name() + " after waiting on a fence that signalled with an error: " + err));
    }

    private void timeout(Party who, DmaBuf buf, String op, long timeoutPs, List<DmaFence> fs) {
        StringBuilder b = new StringBuilder();
        for (DmaFence f : fs) if (!f.isSignalled()) b.append(b.length() > 0 ? ", " : "").append(f.description());
        listener.violation(new Violation(ViolationKind.FENCE_TIMEOUT, engine.now(), buf == null ? null : buf.name(), 0, 0,
                List.of(who.name()), null, who.name() + ": " + op + " timed out after " + Time.format(timeoutPs) + " waiting for " + b));
    }

    private static String firstError(List<DmaFence> fs) {
        for (DmaFence f : fs) if (f.error() != null) return f.description() + " signalled with error " + f.error();
        return null;
    }

    // ---------------------------------------------------------------- waiting on fences

    private final class FenceWait implements Consumer<DmaFence> {
        final Party waiter;
        final String operation;
        final List<DmaFence> fences;
        final Consumer<Boolean> done;
        final long startPs;
        int remaining;
        long timeoutHandle = -1;
        boolean finished;

        FenceWait(Party waiter, String operation, List<DmaFence> fences, Consumer<Boolean> done) {
            this.waiter = waiter;
            this.operation = operation;
            this.fences = fences;
            this.done = done;
            this.startPs = engine.now();
            this.remaining = fences.size();
        }

        @Override public void accept(DmaFence f) {
            if (finished || --remaining > 0) return;
            finish(true);
        }

        void expire() {
            if (finished) return;
            for (DmaFence f : fences) f.removeCallback(this);
            finish(false);
        }

        private void finish(boolean ok) {
            finished = true;
            if (timeoutHandle >= 0) engine.cancel(timeoutHandle);
            fenceWaits.remove(this);
            listener.stalled(waiter, startPs, engine.now(), operation);
            done.accept(ok);
        }
    }

    /** Calls {@code done(true)} when every fence has signalled (at once if they have), or {@code done(false)} at the timeout. */
    private void awaitFences(Party waiter, String operation, List<DmaFence> fs, long timeoutPs, Consumer<Boolean> done) {
        List<DmaFence> pending = new ArrayList<>();
        for (DmaFence f : fs) if (!f.isSignalled() && !pending.contains(f)) pending.add(f);
        if (pending.isEmpty()) {
            done.accept(true);
            return;
        }
        FenceWait w = new FenceWait(waiter, operation, pending, done);
        fenceWaits.put(w, w);
        for (DmaFence f : pending) f.addCallback(w);
        if (timeoutPs != Time.NEVER) w.timeoutHandle = engine.scheduleAfter(timeoutPs, 0, RUN, 0, 0, (Runnable) w::expire);
    }

    private void acquireSnapshot(int agent, ResvSnapshot s) {
        if (s.retiredClock() != null) hb.acquire(agent, s.retiredClock());
        for (DmaFence f : s.fences()) acquireFence(agent, f);
    }

    private void acquireFence(int agent, DmaFence f) {
        if (f.clock() != null) hb.acquire(agent, f.clock());
    }

    // ---------------------------------------------------------------- holdings (the policy's lock)

    static final class LockRequest {
        final Access access;
        final int hbAgent;
        final String operation;
        final Runnable granted;
        final long startPs;

        LockRequest(Access access, int hbAgent, String operation, Runnable granted, long startPs) {
            this.access = access;
            this.hbAgent = hbAgent;
            this.operation = operation;
            this.granted = granted;
            this.startPs = startPs;
        }
    }

    /** Take a holding of {@code buf}: at once if the policy allows and nobody queues before it, else FIFO. */
    private void lock(DmaBuf buf, Access access, int hbAgent, String operation, Runnable granted) {
        LockRequest r = new LockRequest(access, hbAgent, operation, granted, engine.now());
        boolean reentrant = holdsAlready(buf, access.holder());
        if (reentrant || (buf.lockQueue.isEmpty() && mayProceed(buf, access))) {
            buf.holders.add(access);
            grant(buf, r);
        } else {
            buf.lockQueue.add(r);
        }
    }

    private boolean holdsAlready(DmaBuf buf, Party p) {
        for (Access a : buf.holders) if (a.holder().equals(p)) return true;
        return false;
    }

    private boolean mayProceed(DmaBuf buf, Access access) {
        List<Access> others = new ArrayList<>(buf.holders.size());
        for (Access a : buf.holders) if (!a.holder().equals(access.holder())) others.add(a);
        return policy.mayProceed(access, others);
    }

    private void grant(DmaBuf buf, LockRequest r) {
        if (policy.releaseAcquireEdges() && buf.releaseClock != null) hb.acquire(r.hbAgent, buf.releaseClock);
        if (engine.now() > r.startPs) listener.stalled(r.access.releaser(), r.startPs, engine.now(), r.operation);
        r.granted.run();
    }

    /** Drop one holding of {@code holder} (CPU or device) and let the queue move. */
    private void release(DmaBuf buf, Party holder, boolean cpuSide, int hbAgent) {
        for (int i = 0; i < buf.holders.size(); i++) {
            Access a = buf.holders.get(i);
            if (a.cpu() == cpuSide && a.holder().equals(holder)) {
                buf.holders.remove(i);
                break;
            }
        }
        if (policy.releaseAcquireEdges()) buf.releaseClock = HappensBefore.joinNullable(hb, buf.releaseClock, hb.release(hbAgent));
        List<LockRequest> granted = new ArrayList<>();
        while (!buf.lockQueue.isEmpty() && mayProceed(buf, buf.lockQueue.peek().access)) {
            LockRequest r = buf.lockQueue.poll();
            buf.holders.add(r.access);
            granted.add(r);
        }
        for (LockRequest r : granted) grant(buf, r);
    }

    // ---------------------------------------------------------------- cache maintenance

    /** Do begin/end_cpu_access maintain the CPU caches for {@code buf} (hooks and sync targets)? */
    public boolean cpuHooksApply(DmaBuf buf) {
        if (spec.cpuHooks() == DmaBufSpec.CpuHooks.NOOP) return false;
        switch (spec.syncTargets()) {
            case FIRST:
                return !buf.attachments.isEmpty() && !buf.attachments.get(0).coherent();
            case ATTACHED:
                for (DmaDevice d : buf.attachments) if (!d.coherent()) return true;
                return false;
            default:
                return !spec.cpuCoherent();
        }
    }

    private void cacheOp(int agent, DmaBufSpec.CacheOp op, DmaBuf buf, Runnable next) {
        if (op == DmaBufSpec.CacheOp.CLEAN) cpu.clean(agent, buf.addr(), buf.size(), next);
        else cpu.invalidate(agent, buf.addr(), buf.size(), next);
    }

    private void after(long delay, Runnable r) {
        engine.scheduleAfter(delay, 0, RUN, 0, 0, r);
    }

    // ---------------------------------------------------------------- deadlock support

    /**
     * Everyone blocked inside the layer now, with what they hold and wait for: fence waits
     * (threads in wait/poll/begin_cpu_access/submission, jobs waiting to start) first, in the
     * order they began, then callers queued for a holding, buffer by buffer in queue order.
     */
    public List<BlockedWait> blocked() {
        List<BlockedWait> out = new ArrayList<>();
        for (FenceWait w : fenceWaits.values()) {
            List<DmaFence> pending = new ArrayList<>();
            for (DmaFence f : w.fences) if (!f.isSignalled()) pending.add(f);
            out.add(BlockedWait.fences(w.waiter, w.operation, holdsOf(w.waiter), pending));
        }
        for (DmaBuf buf : buffers) {
            List<LockRequest> ahead = new ArrayList<>();
            for (LockRequest r : buf.lockQueue) {
                out.add(BlockedWait.holding(r.access.releaser(), r.operation, holdsOf(r.access.releaser()), buf.name(),
                        blockers(buf, r, ahead)));
                ahead.add(r);
            }
        }
        return out;
    }

    /**
     * True if {@code p} waits in this layer for another party and for nothing else: for fences
     * without a timeout, or for a holding of a buffer. Only someone else can wake it.
     */
    public boolean waitsForOthersOnly(Party p) {
        for (FenceWait w : fenceWaits.values()) if (w.waiter.equals(p) && !w.finished && w.timeoutHandle < 0) return true;
        for (DmaBuf buf : buffers) for (LockRequest r : buf.lockQueue) if (r.access.releaser().equals(p)) return true;
        return false;
    }

    /** Buffers {@code p} holds (as the party that will release them), by name. */
    public List<String> holdsOf(Party p) {
        List<String> out = new ArrayList<>();
        for (DmaBuf b : buffers) {
            for (Access a : b.holders) {
                if (a.releaser().equals(p)) {
                    out.add(b.name());
                    break;
                }
            }
        }
        return out;
    }

    private List<Access> blockers(DmaBuf buf, LockRequest r, List<LockRequest> ahead) {
        List<Access> in = conflicting(buf, r.access);
        if (!in.isEmpty()) return in;
        // Blocked only by FIFO order: it waits for what blocks the requests ahead of it.
        for (LockRequest a : ahead) {
            for (Access c : conflicting(buf, a.access)) if (!in.contains(c)) in.add(c);
        }
        return in;
    }

    private List<Access> conflicting(DmaBuf buf, Access request) {
        List<Access> out = new ArrayList<>();
        for (Access a : buf.holders) {
            if (!a.holder().equals(request.holder()) && !policy.mayProceed(request, List.of(a))) out.add(a);
        }
        return out;
    }
}
