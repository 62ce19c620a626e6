package dev.dmasim.core.mem;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.hook.HookPos;
import dev.dmasim.core.hook.Hookable;
import dev.dmasim.core.time.Time;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one shared interconnect between the masters (caches, copy engines, camera, display,
 * traffic generators) and the memory controller.
 *
 * <h2>What occupies the bus</h2>
 * The shared resource is the data path: {@code width} bytes per cycle at {@code freq}, used by
 * one transaction at a time. Every transaction holds it for exactly one <em>tenure</em> of
 * {@code overhead + ceil(size / width)} bus cycles (overhead = arbitration, address and
 * turnaround). A write's tenure carries its address and data to the memory controller and
 * starts at its grant. A read's address goes to the controller over the address path, which is
 * not a bottleneck and costs no data-path cycles; its tenure carries the data back and starts
 * at its grant, which comes no earlier than the controller has the data. Tenures never overlap,
 * so the bandwidth can never exceed width x freq, and with overhead it is at most
 * width x freq x payload / (payload + overhead).
 *
 * <h2>Masters, queues and the outstanding limit</h2>
 * Each master has a FIFO queue. A master's transactions in flight (reads sent to memory and
 * not yet returned; writes granted and not yet committed by the memory) are limited to its
 * {@code maxOutstanding}; the rest wait in its queue, in order. The head of the queue leaves it
 * when: a read, as soon as the limit allows (it goes to the memory controller); a write, at the
 * end of its tenure (it is then in the controller), so a later read of the same master never
 * overtakes its earlier write.
 *
 * <h2>Arbitration</h2>
 * Whenever the data path is free, the bus grants a tenure among the masters that have a
 * candidate: a read whose data are ready, or a write at the head of its queue within the
 * outstanding limit (within one master, whichever became eligible first; reads on ties).
 * {@code round-robin}: the next master after the last one granted. {@code fixed-priority}: the
 * highest {@code priority} (ties round-robin). Decisions are made after every other event of the
 * same picosecond, so simultaneous requests compete. An idle bus grants at once: the model is
 * transaction-level, tenures are not aligned to clock edges.
 *
 * <h2>Timing summary (unloaded)</h2>
 * write latency = tenure (+ the controller's queueing); read latency = memory read latency +
 * tenure. A transaction's queueing delay = time waiting in its master's queue for the
 * outstanding limit + time from being eligible to its grant.
 */
public final class Bus extends Hookable implements MemoryTarget, EventHandler {
    /** A tenure starts; item = the transaction, detail = null. */
    public static final HookPos HOOK_GRANT = new HookPos("bus.grant");
    /** A transaction completes at its master; item = the transaction. */
    public static final HookPos HOOK_COMPLETE = new HookPos("bus.complete");
    /** Bus decisions run after every other event at the same time (DRAM's included). */
    public static final int STEP_PRIORITY = 1000;
    /** At most this many masters (a bit mask tracks the busy ones). */
    public static final int MAX_MASTERS = 64;

    private static final int TENURE_CACHE = 256;

    private final Engine engine;
    private final BusSpec spec;
    private final MemoryController memory;
    /** The memory when it is this package's DRAM, whose wake-ups the bus can run ahead; else null. */
    private final Dram dram;
    private final boolean fixedPriority;
    private final long periodNum, periodDen;
    private final long[] tenurePs = new long[TENURE_CACHE];
    private long lastSize = -1, lastTenure;

    /** One master's state, together (one object per master: the hot paths touch several fields of it at once). */
    private static final class Port {
        final String name;
        final int index, priority, maxOut;
        int outstanding;
        // Its FIFO (a ring buffer, capacity a power of two).
        MemTransaction[] fifo = new MemTransaction[16];
        int fifoHead, fifoSize;
        boolean headInTenure;
        // Its reads whose data are (or will be) ready, by ready time.
        MemTransaction[] resp = new MemTransaction[16];
        long[] respReady = new long[16];
        int respHead, respSize;
        // Statistics.
        long bytes, reads, writes, queuePs, grants;

        Port(String name, int index, int priority, int maxOut) {
            this.name = name;
            this.index = index;
            this.priority = priority;
            this.maxOut = maxOut;
        }

        MemTransaction head() { return fifo[fifoHead]; }
    }

    // Masters.
    private int masters;
    private Port[] ports = new Port[8];
    private long activeMask;

    // The data path.
    /** The transaction holding the data path while {@code inTenure} (kept after, to spare a store). */
    private MemTransaction current;
    private boolean inTenure, currentIsRead;
    private long busyUntil;
    private long stepTime = Time.NEVER;
    private long stepHandle;
    private boolean inStep;
    private int rrNext;
    private boolean runAhead = true;

    // Statistics.
    private long busyPs, bytes, tenures;

    public Bus(Engine engine, BusSpec spec, MemoryController memory) {
        super("bus");
        this.engine = engine;
        this.spec = spec;
        this.memory = memory;
        this.dram = memory instanceof Dram d ? d : null;
        this.fixedPriority = spec.arbitration() == BusSpec.Arbitration.FIXED_PRIORITY;
        long g = gcd(Time.S, spec.freqHz());
        this.periodNum = Time.S / g;
        this.periodDen = spec.freqHz() / g;
        for (int n = 0; n < TENURE_CACHE; n++) tenurePs[n] = cyclesCeil(n);
        memory.connect(new Upstream());
        if (dram != null) dram.drivenBy(this);
    }

    /** Time of the bus's pending step event, or {@link Time#NEVER}. */
    long pendingStep() { return stepTime; }

    public BusSpec spec() { return spec; }

    public Engine engine() { return engine; }

    /**
     * Attach a master; returns its index, to be put in {@link MemTransaction#master}.
     *
     * @param priority       under fixed-priority arbitration, higher wins
     * @param maxOutstanding its transactions in flight at most (>= 1)
     */
    public int attachMaster(String masterName, int priority, int maxOutstanding) {
        if (maxOutstanding < 1) throw new IllegalArgumentException("maxOutstanding must be >= 1");
        if (masters == MAX_MASTERS) throw new IllegalStateException("invariant: more than " + MAX_MASTERS + " bus masters");
        for (int i = 0; i < masters; i++) {
            if (ports[i].name.equals(masterName)) throw new IllegalStateException("invariant: bus master " + masterName + " attached twice");
        }
        if (masters == ports.length) ports = Arrays.copyOf(ports, masters * 2);
        int m = masters++;
        ports[m] = new Port(masterName, m, priority, maxOutstanding);
        return m;
    }

    /** Attach with the spec's {@code bus.priority.<name>} and {@code bus.max_outstanding}. */
    public int attachMaster(String masterName) {
        return attachMaster(masterName, spec.priorityOf(masterName), spec.maxOutstanding());
    }

    public int masterCount() { return masters; }

    public String masterName(int m) { return ports[m].name; }

    public int maxOutstanding(int m) { return ports[m].maxOut; }

    /** Time one transaction of {@code size} bytes holds the bus, ps. */
    public long tenureTime(long size) {
        if (size == lastSize) return lastTenure; // masters mostly move whole lines: skip the division
        long n = spec.tenureCycles(size);
        long len = n < TENURE_CACHE ? tenurePs[(int) n] : cyclesCeil(n);
        lastSize = size;
        lastTenure = len;
        return len;
    }

    /** Allow running ahead (default on); off gives event-by-event execution, for comparison. */
    public void setRunAhead(boolean on) { runAhead = on; }

    @Override public void request(MemTransaction t) {
        int m = t.master;
        if (m < 0 || m >= masters) throw new IllegalStateException("invariant: " + t + " from unattached master " + m);
        Port p = ports[m];
        t.issuedPs = engine.now();
        t.completedPs = 0;
        int n = p.fifoSize;
        if (n == 0 && !t.write && p.outstanding < p.maxOut) {
            // Nothing queued ahead of it: straight to memory.
            p.outstanding++;
            memory.accept(t);
            return;
        }
        MemTransaction[] q = p.fifo;
        if (n == q.length) q = growFifo(p);
        q[(p.fifoHead + n) & (q.length - 1)] = t;
        p.fifoSize = n + 1;
        activeMask |= 1L << m;
        if (n == 0) releaseHead(p);
    }

    /** Send reads at the head of {@code m}'s queue to memory while the limit allows; wake the arbiter for a write. */
    private void releaseHead(Port p) {
        while (p.fifoSize > 0 && !p.headInTenure && p.outstanding < p.maxOut) {
            MemTransaction t = p.head();
            if (t.write) {
                ensureStep(engine.now());
                return;
            }
            popFifo(p);
            p.outstanding++;
            p.queuePs += engine.now() - t.issuedPs;
            memory.accept(t);
        }
    }

    private void popFifo(Port p) {
        MemTransaction[] q = p.fifo;
        q[p.fifoHead] = null;
        p.fifoHead = (p.fifoHead + 1) & (q.length - 1);
        if (--p.fifoSize == 0 && p.respSize == 0) activeMask &= ~(1L << p.index);
    }

    /** Make sure the arbiter runs at {@code t} (or earlier) if the data path is idle. */
    private void ensureStep(long t) {
        if (inStep || inTenure || stepTime <= t) return;
        if (stepTime != Time.NEVER) engine.cancel(stepHandle);
        stepTime = t;
        stepHandle = engine.schedule(t, STEP_PRIORITY, this, 0, 0, null);
    }

    /**
     * A bus step: finish the tenure ending now, grant the next. Then, instead of scheduling the
     * next step, run it at once ("run ahead") when that is indistinguishable from an event:
     * {@link Engine#advanceTo} moves the clock there because no other event is pending before
     * it. Everything the step calls (requesters, hooks, the DRAM) sees the step's own time, so
     * arbitration and timing are exactly those of event-by-event execution.
     */
    @Override public void handleEvent(int type, long payload, Object attachment) {
        stepTime = Time.NEVER;
        long now = engine.now();
        if (dram != null) dram.beginDeferral();
        outer:
        while (true) {
            inStep = true;
            if (inTenure) {
                if (busyUntil != now) throw new IllegalStateException("invariant: bus step at " + now + " during a tenure until " + busyUntil);
                finishTenure();
            }
            boolean granted = grant(now);
            inStep = false;
            long next = granted ? busyUntil : earliestReady();
            // The DRAM's wake-ups due before the next step (its events run before the bus's at
            // one time) run here, at their time, when no other event can come first.
            boolean blocked = false;
            if (dram != null) {
                long w;
                boolean woke = false; // a wake-up ran (at now)
                while ((w = dram.earliestDeferred()) <= next && w != Time.NEVER) {
                    if (!runAhead || !engine.advanceTo(w, this)) {
                        // A wake-up just run may have made a candidate: step now, after what it caused.
                        if (!inTenure && woke) next = now;
                        blocked = true;
                        break;
                    }
                    inStep = true;
                    dram.runOneDeferred(w); // one at a time: events one causes at w come before the next one's
                    inStep = false;
                    now = w;
                    woke = true;
                    if (!inTenure && dram.earliestDeferred() > w) {
                        // The data path is free: arbitrate at w, as the step event the wake-up
                        // asks for would, unless events it caused at w (or a stop) come first.
                        if (engine.advanceTo(w, this)) continue outer;
                        next = w;
                        blocked = true;
                        break;
                    }
                }
            }
            if (next == Time.NEVER) break;
            if (!blocked && runAhead && engine.advanceTo(next, this)) {
                now = next;
                continue;
            }
            stepTime = next;
            stepHandle = engine.schedule(next, STEP_PRIORITY, this, 0, 0, null);
            break;
        }
        if (dram != null) dram.endDeferral(stepTime);
    }

    private void finishTenure() {
        MemTransaction t = current;
        inTenure = false;
        Port p = ports[t.master];
        bytes += t.size;
        p.bytes += t.size;
        if (currentIsRead) {
            p.reads++;
            p.outstanding--;
            t.completedPs = engine.now();
            if (anyHook) invokeHook(HOOK_COMPLETE, t, null);
            t.requester.memoryResponse(t);
        } else {
            p.writes++;
            p.headInTenure = false;
            popFifo(p);
            memory.accept(t);
        }
        releaseHead(p);
    }

    /** Arbitrate among the masters with a candidate at {@code now}; start a tenure. */
    private boolean grant(long now) {
        long mask = activeMask;
        if (mask == 0) return false;
        int best = -1;
        boolean bestRead = false;
        int bestPrio = Integer.MIN_VALUE;
        // Visit active masters in round-robin order starting at rrNext.
        long hi = mask & (-1L << rrNext);
        long lo = mask & ~(-1L << rrNext);
        if (rrNext == 0) { hi = mask; lo = 0; }
        for (int pass = 0; pass < 2; pass++) {
            long bits = pass == 0 ? hi : lo;
            while (bits != 0) {
                Port p = ports[Long.numberOfTrailingZeros(bits)];
                bits &= bits - 1;
                int kind = candidate(p, now);
                if (kind == 0) continue;
                if (!fixedPriority) {
                    startTenure(p, kind == 1, now);
                    return true;
                }
                if (p.priority > bestPrio) {
                    bestPrio = p.priority;
                    best = p.index;
                    bestRead = kind == 1;
                }
            }
        }
        if (best < 0) return false;
        startTenure(ports[best], bestRead, now);
        return true;
    }

    /** 0: nothing eligible; 1: a ready read; 2: a write at the head of the queue. */
    private static int candidate(Port p, long now) {
        long readyAt = Time.NEVER;
        if (p.respSize > 0) {
            long r = p.respReady[p.respHead];
            if (r <= now) readyAt = r;
        }
        long writeAt = Time.NEVER;
        if (p.fifoSize > 0 && !p.headInTenure && p.outstanding < p.maxOut) {
            MemTransaction h = p.head();
            if (h.write) writeAt = h.issuedPs;
        }
        if (readyAt == Time.NEVER && writeAt == Time.NEVER) return 0;
        return readyAt <= writeAt ? 1 : 2;
    }

    private void startTenure(Port p, boolean read, long now) {
        MemTransaction t;
        int m = p.index;
        if (read) {
            int h = p.respHead;
            t = p.resp[h];
            p.queuePs += now - p.respReady[h];
            p.respHead = (h + 1) & (p.resp.length - 1);
            if (--p.respSize == 0 && p.fifoSize == 0) activeMask &= ~(1L << m);
        } else {
            t = p.head();
            p.headInTenure = true;
            p.outstanding++;
            p.queuePs += now - t.issuedPs;
        }
        p.grants++;
        current = t;
        inTenure = true;
        currentIsRead = read;
        long len = tenureTime(t.size);
        busyUntil = now + len;
        busyPs += len;
        tenures++;
        rrNext = m + 1 == masters ? 0 : m + 1;
        if (anyHook) invokeHook(HOOK_GRANT, t, null);
    }

    private long earliestReady() {
        long best = Time.NEVER;
        long bits = activeMask;
        while (bits != 0) {
            Port p = ports[Long.numberOfTrailingZeros(bits)];
            bits &= bits - 1;
            if (p.respSize > 0) best = Math.min(best, p.respReady[p.respHead]);
        }
        return best;
    }

    /** Insert a read whose data are ready at {@code ready} into its master's queue, by ready time. */
    private void readReady(MemTransaction t, long ready) {
        Port p = ports[t.master];
        int n = p.respSize;
        if (n == p.resp.length) growResp(p);
        MemTransaction[] q = p.resp;
        long[] r = p.respReady;
        int mask = q.length - 1;
        int head = p.respHead;
        int i = n;
        while (i > 0 && r[(head + i - 1) & mask] > ready) {
            q[(head + i) & mask] = q[(head + i - 1) & mask];
            r[(head + i) & mask] = r[(head + i - 1) & mask];
            i--;
        }
        q[(head + i) & mask] = t;
        r[(head + i) & mask] = ready;
        p.respSize = n + 1;
        activeMask |= 1L << p.index;
        ensureStep(ready);
    }

    private void writeDone(MemTransaction t) {
        Port p = ports[t.master];
        p.outstanding--;
        t.completedPs = engine.now();
        if (anyHook) invokeHook(HOOK_COMPLETE, t, null);
        t.requester.memoryResponse(t);
        releaseHead(p);
    }

    private final class Upstream implements MemoryController.Upstream {
        @Override public void readReady(MemTransaction t, long readyPs) { Bus.this.readReady(t, readyPs); }

        @Override public void writeDone(MemTransaction t) { Bus.this.writeDone(t); }
    }

    // ---- statistics ----

    /** Bytes moved by completed tenures. */
    public long bytes() { return bytes; }

    /** Tenures granted. */
    public long tenures() { return tenures; }

    /** Time the data path was held, up to now, ps. */
    public long busyPs() {
        long now = engine.now();
        return inTenure && busyUntil > now ? busyPs - Math.min(busyUntil - now, tenureTime(current.size)) : busyPs;
    }

    /** Busy time / elapsed (elapsed = now if not given). */
    public double utilization(long elapsedPs) { return elapsedPs <= 0 ? 0 : (double) busyPs() / elapsedPs; }

    public long masterBytes(int m) { return ports[m].bytes; }

    public long masterTransactions(int m) { return ports[m].reads + ports[m].writes; }

    /** Mean queueing delay of master {@code m}'s granted transactions, ps. */
    public double meanQueueDelayPs(int m) { return ports[m].grants == 0 ? 0 : (double) ports[m].queuePs / ports[m].grants; }

    /** Per-master view for reports. */
    public record MasterStats(String name, long bytes, long reads, long writes, double meanQueueNs) {}

    public List<MasterStats> masterStats() {
        List<MasterStats> out = new ArrayList<>();
        for (int m = 0; m < masters; m++) {
            Port p = ports[m];
            out.add(new MasterStats(p.name, p.bytes, p.reads, p.writes, meanQueueDelayPs(m) / 1000.0));
        }
        return out;
    }

    /**
     * Statistics for summary.json, ordered: {@code bytes}, {@code utilization} (busy / elapsed),
     * {@code busy_ps}, {@code transactions}, {@code bandwidth_gbps}, {@code masters} (name ->
     * {@code bytes reads writes mean_queue_ns}).
     */
    public Map<String, Object> stats(long elapsedPs) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bytes", bytes);
        s.put("utilization", utilization(elapsedPs));
        s.put("busy_ps", busyPs());
        s.put("transactions", tenures);
        s.put("bandwidth_gbps", elapsedPs <= 0 ? 0.0 : bytes * 1e3 / elapsedPs);
        Map<String, Object> per = new LinkedHashMap<>();
        for (MasterStats ms : masterStats()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("bytes", ms.bytes());
            e.put("reads", ms.reads());
            e.put("writes", ms.writes());
            e.put("mean_queue_ns", ms.meanQueueNs());
            per.put(ms.name(), e);
        }
        s.put("masters", per);
        return s;
    }

    // ---- helpers ----

    /** Duration of n bus cycles, rounded up so the bus is never faster than width x freq. */
    private long cyclesCeil(long n) {
        long hi = Math.multiplyHigh(n, periodNum);
        if (hi != 0) throw new IllegalStateException("invariant: tenure of " + n + " cycles overflows");
        long p = n * periodNum;
        return p / periodDen + (p % periodDen == 0 ? 0 : 1);
    }

    private static MemTransaction[] growFifo(Port p) {
        MemTransaction[] q = p.fifo;
        MemTransaction[] g = new MemTransaction[q.length * 2];
        for (int i = 0; i < p.fifoSize; i++) g[i] = q[(p.fifoHead + i) & (q.length - 1)];
        p.fifo = g;
        p.fifoHead = 0;
        return g;
    }

    private static void growResp(Port p) {
        MemTransaction[] q = p.resp;
        long[] r = p.respReady;
        MemTransaction[] gq = new MemTransaction[q.length * 2];
        long[] gr = new long[q.length * 2];
        for (int i = 0; i < p.respSize; i++) {
            gq[i] = q[(p.respHead + i) & (q.length - 1)];
            gr[i] = r[(p.respHead + i) & (q.length - 1)];
        }
        p.resp = gq;
        p.respReady = gr;
        p.respHead = 0;
    }

    private static long gcd(long a, long b) {
        while (b != 0) { long t = a % b; a = b; b = t; }
        return a;
    }
}
