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

    // Masters.
    private int masters;
    private String[] name = new String[8];
    private int[] priority = new int[8];
    private int[] maxOut = new int[8];
    private int[] outstanding = new int[8];
    // FIFO of each master (ring buffers, capacity a power of two).
    private MemTransaction[][] fifo = new MemTransaction[8][];
    private int[] fifoHead = new int[8], fifoSize = new int[8];
    private boolean[] headInTenure = new boolean[8];
    // Reads of each master whose data are (or will be) ready, by ready time.
    private MemTransaction[][] resp = new MemTransaction[8][];
    private long[][] respReady = new long[8][];
    private int[] respHead = new int[8], respSize = new int[8];
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
    private long[] mBytes = new long[8], mReads = new long[8], mWrites = new long[8];
    private long[] mQueuePs = new long[8], mGrants = new long[8];

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
            if (name[i].equals(masterName)) throw new IllegalStateException("invariant: bus master " + masterName + " attached twice");
        }
        if (masters == name.length) growMasters();
        int m = masters++;
        name[m] = masterName;
        this.priority[m] = priority;
        maxOut[m] = maxOutstanding;
        fifo[m] = new MemTransaction[16];
        resp[m] = new MemTransaction[16];
        respReady[m] = new long[16];
        return m;
    }

    /** Attach with the spec's {@code bus.priority.<name>} and {@code bus.max_outstanding}. */
    public int attachMaster(String masterName) {
        return attachMaster(masterName, spec.priorityOf(masterName), spec.maxOutstanding());
    }

    public int masterCount() { return masters; }

    public String masterName(int m) { return name[m]; }

    public int maxOutstanding(int m) { return maxOut[m]; }

    /** Time one transaction of {@code size} bytes holds the bus, ps. */
    public long tenureTime(long size) {
        if (size == lastSize) return lastTenure; // masters mostly move whole lines: skip the division
        long n = spec.tenureCycles(size);
        long len = n < TENURE_CACHE ? tenurePs[(int) n] : cyclesCeil(n);
        lastSize = size;
        lastTenure = len;
        return len;
    }

    private long now() { return engine.now(); }

    /** Allow running ahead (default on); off gives event-by-event execution, for comparison. */
    public void setRunAhead(boolean on) { runAhead = on; }

    @Override public void request(MemTransaction t) {
        int m = t.master;
        if (m < 0 || m >= masters) throw new IllegalStateException("invariant: " + t + " from unattached master " + m);
        long now = now();
        t.issuedPs = now;
        t.completedPs = 0;
        int n = fifoSize[m];
        if (n == 0 && !t.write && outstanding[m] < maxOut[m]) {
            // Nothing queued ahead of it: straight to memory.
            outstanding[m]++;
            memory.accept(t, now);
            return;
        }
        MemTransaction[] q = fifo[m];
        if (n == q.length) q = growFifo(m);
        q[(fifoHead[m] + n) & (q.length - 1)] = t;
        fifoSize[m] = n + 1;
        activeMask |= 1L << m;
        if (n == 0) releaseHead(m);
    }

    /** Send reads at the head of {@code m}'s queue to memory while the limit allows; wake the arbiter for a write. */
    private void releaseHead(int m) {
        while (fifoSize[m] > 0 && !headInTenure[m]) {
            MemTransaction t = fifo[m][fifoHead[m]];
            if (outstanding[m] >= maxOut[m]) return;
            if (t.write) {
                ensureStep(now());
                return;
            }
            popFifo(m);
            outstanding[m]++;
            long now = now();
            mQueuePs[m] += now - t.issuedPs;
            memory.accept(t, now);
        }
    }

    private void popFifo(int m) {
        MemTransaction[] q = fifo[m];
        q[fifoHead[m]] = null;
        fifoHead[m] = (fifoHead[m] + 1) & (q.length - 1);
        if (--fifoSize[m] == 0 && respSize[m] == 0) activeMask &= ~(1L << m);
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
                while ((w = dram.earliestDeferred()) <= next && w != Time.NEVER) {
                    if (!runAhead || !engine.advanceTo(w)) {
                        blocked = true;
                        break;
                    }
                    inStep = true;
                    dram.runDeferred(w);
                    inStep = false;
                    now = w;
                    if (!inTenure) {
                        // The data path is free: arbitrate at w, as the step event the wake-up
                        // asks for would, unless events it caused at w must run before that step.
                        if (engine.peekTime() > w) continue outer;
                        next = w;
                        blocked = true;
                        break;
                    }
                }
            }
            if (next == Time.NEVER) break;
            if (!blocked && runAhead && engine.advanceTo(next)) {
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
        int m = t.master;
        bytes += t.size;
        mBytes[m] += t.size;
        if (currentIsRead) {
            mReads[m]++;
            outstanding[m]--;
            t.completedPs = engine.now();
            if (hooked()) invokeHook(HOOK_COMPLETE, t, null);
            t.requester.memoryResponse(t);
        } else {
            mWrites[m]++;
            headInTenure[m] = false;
            popFifo(m);
            memory.accept(t, engine.now());
        }
        releaseHead(m);
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
                int m = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int kind = candidate(m, now);
                if (kind == 0) continue;
                if (!fixedPriority) {
                    startTenure(m, kind == 1, now);
                    return true;
                }
                if (priority[m] > bestPrio) {
                    bestPrio = priority[m];
                    best = m;
                    bestRead = kind == 1;
                }
            }
        }
        if (best < 0) return false;
        startTenure(best, bestRead, now);
        return true;
    }

    /** 0: nothing eligible; 1: a ready read; 2: a write at the head of the queue. */
    private int candidate(int m, long now) {
        long readyAt = Time.NEVER;
        if (respSize[m] > 0) {
            long r = respReady[m][respHead[m]];
            if (r <= now) readyAt = r;
        }
        long writeAt = Time.NEVER;
        if (fifoSize[m] > 0 && !headInTenure[m] && outstanding[m] < maxOut[m]) {
            MemTransaction h = fifo[m][fifoHead[m]];
            if (h.write) writeAt = h.issuedPs;
        }
        if (readyAt == Time.NEVER && writeAt == Time.NEVER) return 0;
        return readyAt <= writeAt ? 1 : 2;
    }

    private void startTenure(int m, boolean read, long now) {
        MemTransaction t;
        if (read) {
            int h = respHead[m];
            t = resp[m][h];
            mQueuePs[m] += now - respReady[m][h];
            respHead[m] = (h + 1) & (resp[m].length - 1);
            if (--respSize[m] == 0 && fifoSize[m] == 0) activeMask &= ~(1L << m);
        } else {
            t = fifo[m][fifoHead[m]];
            headInTenure[m] = true;
            outstanding[m]++;
            mQueuePs[m] += now - t.issuedPs;
        }
        mGrants[m]++;
        current = t;
        inTenure = true;
        currentIsRead = read;
        long len = tenureTime(t.size);
        busyUntil = now + len;
        busyPs += len;
        tenures++;
        rrNext = m + 1 == masters ? 0 : m + 1;
        if (hooked()) invokeHook(HOOK_GRANT, t, null);
    }

    private long earliestReady() {
        long best = Time.NEVER;
        long bits = activeMask;
        while (bits != 0) {
            int m = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            if (respSize[m] > 0) best = Math.min(best, respReady[m][respHead[m]]);
        }
        return best;
    }

    /** Insert a read whose data are ready at {@code ready} into its master's queue, by ready time. */
    private void readReady(MemTransaction t, long ready) {
        int m = t.master;
        int n = respSize[m];
        if (n == resp[m].length) growResp(m);
        MemTransaction[] q = resp[m];
        long[] r = respReady[m];
        int mask = q.length - 1;
        int head = respHead[m];
        int i = n;
        while (i > 0 && r[(head + i - 1) & mask] > ready) {
            q[(head + i) & mask] = q[(head + i - 1) & mask];
            r[(head + i) & mask] = r[(head + i - 1) & mask];
            i--;
        }
        q[(head + i) & mask] = t;
        r[(head + i) & mask] = ready;
        respSize[m] = n + 1;
        activeMask |= 1L << m;
        ensureStep(ready);
    }

    private void writeDone(MemTransaction t) {
        int m = t.master;
        outstanding[m]--;
        t.completedPs = now();
        if (hooked()) invokeHook(HOOK_COMPLETE, t, null);
        t.requester.memoryResponse(t);
        releaseHead(m);
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

    /** Time the data path was held, up to {@link #now()}, ps. */
    public long busyPs() {
        long now = now();
        return inTenure && busyUntil > now ? busyPs - Math.min(busyUntil - now, tenureTime(current.size)) : busyPs;
    }

    /** Busy time / elapsed (elapsed = now if not given). */
    public double utilization(long elapsedPs) { return elapsedPs <= 0 ? 0 : (double) busyPs() / elapsedPs; }

    public long masterBytes(int m) { return mBytes[m]; }

    public long masterTransactions(int m) { return mReads[m] + mWrites[m]; }

    /** Mean queueing delay of master {@code m}'s granted transactions, ps. */
    public double meanQueueDelayPs(int m) { return mGrants[m] == 0 ? 0 : (double) mQueuePs[m] / mGrants[m]; }

    /** Per-master view for reports. */
    public record MasterStats(String name, long bytes, long reads, long writes, double meanQueueNs) {}

    public List<MasterStats> masterStats() {
        List<MasterStats> out = new ArrayList<>();
        for (int m = 0; m < masters; m++) out.add(new MasterStats(name[m], mBytes[m], mReads[m], mWrites[m], meanQueueDelayPs(m) / 1000.0));
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

    private MemTransaction[] growFifo(int m) {
        MemTransaction[] q = fifo[m];
        MemTransaction[] g = new MemTransaction[q.length * 2];
        for (int i = 0; i < fifoSize[m]; i++) g[i] = q[(fifoHead[m] + i) & (q.length - 1)];
        fifo[m] = g;
        fifoHead[m] = 0;
        return g;
    }

    private void growResp(int m) {
        MemTransaction[] q = resp[m];
        long[] r = respReady[m];
        MemTransaction[] gq = new MemTransaction[q.length * 2];
        long[] gr = new long[q.length * 2];
        for (int i = 0; i < respSize[m]; i++) {
            gq[i] = q[(respHead[m] + i) & (q.length - 1)];
            gr[i] = r[(respHead[m] + i) & (q.length - 1)];
        }
        resp[m] = gq;
        respReady[m] = gr;
        respHead[m] = 0;
    }

    private void growMasters() {
        int c = name.length * 2;
        name = Arrays.copyOf(name, c);
        priority = Arrays.copyOf(priority, c);
        maxOut = Arrays.copyOf(maxOut, c);
        outstanding = Arrays.copyOf(outstanding, c);
        fifo = Arrays.copyOf(fifo, c);
        fifoHead = Arrays.copyOf(fifoHead, c);
        fifoSize = Arrays.copyOf(fifoSize, c);
        headInTenure = Arrays.copyOf(headInTenure, c);
        resp = Arrays.copyOf(resp, c);
        respReady = Arrays.copyOf(respReady, c);
        respHead = Arrays.copyOf(respHead, c);
        respSize = Arrays.copyOf(respSize, c);
        mBytes = Arrays.copyOf(mBytes, c);
        mReads = Arrays.copyOf(mReads, c);
        mWrites = Arrays.copyOf(mWrites, c);
        mQueuePs = Arrays.copyOf(mQueuePs, c);
        mGrants = Arrays.copyOf(mGrants, c);
    }

    private static long gcd(long a, long b) {
        while (b != 0) { long t = a % b; a = b; b = t; }
        return a;
    }
}
