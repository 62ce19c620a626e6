package dev.dmasim.core.mem;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.hook.Hook;
import dev.dmasim.core.hook.HookPos;
import dev.dmasim.core.hook.Hookable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * DRAM: channels of banks with open-page row buffers, DDR4 timing, an FR-FCFS scheduler per
 * channel, and the memory contents as {@link SectorVersions}.
 *
 * <h2>Timing (model {@code timed}; all times ps)</h2>
 * Each channel decides its queued requests one at a time: the oldest request that hits an open
 * row, else the oldest request (FR-FCFS). For the chosen request at decision time {@code d}, in
 * bank {@code k} of channel {@code c}:
 * <pre>
 *   hit      (row open):        col = max(d, colReady[k]);                          next = col
 *   miss     (bank closed):     act = ACT(c, d);         col = act + tRCD;          next = d + tCK
 *   conflict (other row open):  pre = max(d, act[k] + tRAS, lastRead[k] + tRTP, lastWriteEnd[k] + tWR)
 *                               act = ACT(c, pre + tRP); col = act + tRCD;          next = pre + tCK
 *   ACT(c, t) = max(t, last ACT of c + tRRD, fourth last ACT of c + tFAW)
 *   col   = max(col, dataBusFree - L)      L = tCL for reads, tCWL for writes
 *   start = col + L;  end = start + bursts * tBURST;  dataBusFree = end
 * </pre>
 * The channel decides again at {@code next}: a tCK after the request's first command as far as
 * its bank is concerned, so banks overlap their precharges and activates, limited by tRRD and
 * tFAW; the data bus carries bursts in decision order, and a hit holds the channel until its
 * column command. An unloaded read takes tCL + tBURST (hit), tRCD + tCL + tBURST (miss) or
 * tRP + tRCD + tCL + tBURST (conflict, once tRAS has passed). The read's data are ready at
 * {@code end}. A write is committed to memory at its decision and acknowledged then (the
 * controller has taken it; its burst follows). Reads capture their versions at their decision,
 * so accesses to one address are served in arrival order (they share bank and row, hence hit
 * status, and FR-FCFS keeps age order among equals). Rows stay open (open-page policy); refresh,
 * bank groups (tRRD_L, tCCD_L) and read/write turnaround are not modelled.
 *
 * <h2>Model {@code fixed}</h2>
 * Every access is performed at arrival and completes exactly {@code dram.fixed_latency} later,
 * with no contention (an infinite server), so that the bus is the only queue.
 *
 * <h2>Use</h2>
 * Behind a {@link Bus} (as its {@link MemoryController}) or alone as a {@link MemoryTarget}, in
 * which case it answers {@code t.requester} at completion time (reads at data end, writes when
 * committed). Hooks: {@link #HOOK_WRITE} when a write lands (item: the transaction),
 * {@link #HOOK_ISSUE} at every decision (item: the transaction, detail: {@link RowOutcome}).
 */
public final class Dram extends Hookable implements MemoryTarget, MemoryController, EventHandler {
    /** A write landed in memory; item = the transaction (valid during the hook only), at {@code engine.now()}. */
    public static final HookPos HOOK_WRITE = new HookPos("dram.write");
    /** The scheduler issued a request; item = the transaction, detail = its {@link RowOutcome}. */
    public static final HookPos HOOK_ISSUE = new HookPos("dram.issue");
    /** DRAM events run after ordinary events at the same time, and before the bus's. */
    public static final int WAKE_PRIORITY = 900;

    public enum RowOutcome { HIT, MISS, CONFLICT, FIXED }

    /** What {@link MemTransaction#servedBy} says of a read the DRAM answered. */
    public static final String MEMORY = "memory";

    private static final int EV_WAKE = 1, EV_COMPLETE = 2, EV_WRITE_DONE = 3;

    private final Engine engine;
    private final DramSpec spec;
    private final SectorVersions memory;
    private final AddressMapping map;
    private final boolean fixed;
    private final int channels, banks;
    private final long tCK, tRCD, tCL, tRP, tRAS, tBURST, tCWL, tRTP, tWR, tRRD, tFAW, fixedLatency;
    private Upstream upstream;

    // Per channel: the queue in arrival order (request, bank, row), and the scheduler's state.
    private final RequestQueue<MemTransaction>[] queue;
    private final long[] nextDecision, dataBusFree, wakeAt;
    private final boolean[] processing;
    // Wake-ups requested while the bus defers them (during its step); in request order.
    private boolean deferWakes;
    /** The bus this DRAM sits behind, if any: its pending step comes before a deferred wake-up. */
    private Bus bus;
    /** Per channel: its deferred wake-up's time (NEVER: none) and request number (ties run in request order). */
    private final long[] deferredAt;
    private final long[] deferredSeq;
    private long deferSeq;
    private int deferred;
    /** The earliest of deferredAt, valid unless deferredMinStale. */
    private long deferredMin = dev.dmasim.core.time.Time.NEVER;
    private boolean deferredMinStale;

    private final long base;

    // Per bank (index channel * banks + bank).
    private final long[] openRow, actAt, colReady, lastReadCol, lastWriteEnd;
    // Per channel: its last four ACTIVATEs in a ring (fawHead = the oldest, the one before it the latest), for tRRD and tFAW.
    private final long[] fawRing;
    private final int[] fawHead;

    // Statistics per channel.
    private final long[] reads, writes, hits, misses, conflicts, bytesRead, bytesWritten, dataBusyPs;

    /**
     * @param granularity sector size of the versions kept (the run's {@code check.granularity})
     */
    public Dram(String name, Engine engine, DramSpec spec, int granularity) {
        this(name, engine, spec, granularity, 0);
    }

    /**
     * @param base the physical address where the DRAM is mapped: it serves
     *             {@code [base, base + dram.size)}, and its address mapping (channel, bank, row,
     *             column) and versions work on the offset from {@code base}
     */
    public Dram(String name, Engine engine, DramSpec spec, int granularity, long base) {
        super(name);
        if (base < 0 || (base & (AddressMapping.BURST_BYTES - 1)) != 0) throw new IllegalArgumentException("bad DRAM base 0x" + Long.toHexString(base));
        this.base = base;
        this.engine = engine;
        this.spec = spec;
        this.memory = new SectorVersions(spec.size(), granularity);
        this.map = spec.mapping();
        this.fixed = spec.model() == DramSpec.Model.FIXED;
        this.channels = spec.channels();
        this.banks = spec.banks();
        this.tCK = spec.tCK();
        this.tRCD = spec.tRCD();
        this.tCL = spec.tCL();
        this.tRP = spec.tRP();
        this.tRAS = spec.tRAS();
        this.tBURST = spec.tBURST();
        this.tCWL = spec.tCWL();
        this.tRTP = spec.tRTP();
        this.tWR = spec.tWR();
        this.tRRD = spec.tRRD();
        this.tFAW = spec.tFAW();
        this.fixedLatency = spec.fixedLatency();
        this.upstream = new Standalone();
        @SuppressWarnings({"unchecked", "rawtypes"})
        RequestQueue<MemTransaction>[] qs = new RequestQueue[channels];
        for (int c = 0; c < channels; c++) qs[c] = new RequestQueue<>();
        queue = qs;
        nextDecision = new long[channels];
        dataBusFree = new long[channels];
        wakeAt = new long[channels];
        java.util.Arrays.fill(wakeAt, -1);
        processing = new boolean[channels];
        deferredAt = new long[channels];
        java.util.Arrays.fill(deferredAt, dev.dmasim.core.time.Time.NEVER);
        deferredSeq = new long[channels];
        int nb = channels * banks;
        openRow = new long[nb];
        java.util.Arrays.fill(openRow, -1);
        actAt = new long[nb];
        colReady = new long[nb];
        lastReadCol = new long[nb];
        java.util.Arrays.fill(lastReadCol, Long.MIN_VALUE / 4);
        lastWriteEnd = new long[nb];
        java.util.Arrays.fill(lastWriteEnd, Long.MIN_VALUE / 4);
        java.util.Arrays.fill(actAt, Long.MIN_VALUE / 4);
        fawRing = new long[channels * 4];
        java.util.Arrays.fill(fawRing, Long.MIN_VALUE / 4);
        fawHead = new int[channels];
        reads = new long[channels];
        writes = new long[channels];
        hits = new long[channels];
        misses = new long[channels];
        conflicts = new long[channels];
        bytesRead = new long[channels];
        bytesWritten = new long[channels];
        dataBusyPs = new long[channels];
    }

    public DramSpec spec() { return spec; }

    /** The memory contents (versions per sector). */
    public SectorVersions memory() { return memory; }

    @Override public void connect(Upstream up) {
        if (up == null) throw new IllegalArgumentException("null upstream");
        this.upstream = up;
    }

    /** Standalone use (no bus connected): answer {@code t.requester} at completion time. */
    @Override public void request(MemTransaction t) {
        if (!(upstream instanceof Standalone)) throw new IllegalStateException("invariant: request() on a DRAM behind a bus; send to the bus");
        t.issuedPs = engine.now();
        accept(t);
    }

    @Override public void accept(MemTransaction t) {
        if (t.addr < base || t.size <= 0 || t.addr - base + t.size > spec.size()) {
            throw new IllegalStateException("invariant: " + t + " outside DRAM of " + spec.size() + " bytes at 0x" + Long.toHexString(base));
        }
        long at = engine.now();
        if (fixed) {
            acceptFixed(t, at);
            return;
        }
        long addr = t.addr - base;
        int c = map.channel(addr);
        RequestQueue<MemTransaction> q = queue[c];
        if (q.isEmpty() && !processing[c] && nextDecision[c] <= at) {
            // The channel is idle: issue at once, without queueing.
            processing[c] = true;
            issue(c, t, c * banks + map.bank(addr), map.row(addr), at);
            finishProcessing(c, at);
            return;
        }
        q.add(t, map.bank(addr), map.row(addr));
        if (!processing[c]) {
            processing[c] = true;
            finishProcessing(c, at);
        }
    }

    private void acceptFixed(MemTransaction t, long now) {
        int c = map.channel(t.addr - base);
        if (anyHook) invokeHook(HOOK_ISSUE, t, RowOutcome.FIXED);
        if (t.write) {
            writes[c]++;
            bytesWritten[c] += t.size;
            land(t);
            if (fixedLatency == 0) upstream.writeDone(t);
            else engine.schedule(now + fixedLatency, WAKE_PRIORITY, this, EV_WRITE_DONE, 0, t);
        } else {
            reads[c]++;
            bytesRead[c] += t.size;
            fetch(t);
            upstream.readReady(t, now + fixedLatency);
        }
    }

    /**
     * With {@code processing[c]} set: make every decision that is due on channel {@code c}
     * (arrivals during callbacks included), then wake up for the next one.
     */
    private void finishProcessing(int c, long now) {
        RequestQueue<MemTransaction> q = queue[c];
        while (!q.isEmpty() && nextDecision[c] <= now) decide(c, q, now);
        processing[c] = false;
        if (!q.isEmpty() && wakeAt[c] != nextDecision[c]) {
            wakeAt[c] = nextDecision[c];
            if (deferWakes || (bus != null && bus.pendingStep() < nextDecision[c])) defer(c, nextDecision[c]);
            else engine.schedule(nextDecision[c], WAKE_PRIORITY, this, EV_WAKE, c, null);
        }
    }

    /**
     * A channel's wake-ups come in time order and a new one makes the earlier one a no-op (its
     * decision was made at an arrival): only the latest is kept.
     */
    private void defer(int c, long at) {
        if (deferredAt[c] == dev.dmasim.core.time.Time.NEVER) deferred++;
        else if (deferredAt[c] == deferredMin) deferredMinStale = true;
        deferredAt[c] = at;
        if (at < deferredMin) deferredMin = at;
        deferredSeq[c] = ++deferSeq;
    }

    // ---- driven by the bus during its steps (see Bus#handleEvent) ----

    /*
     * A wake-up is kept here instead of becoming an engine event while the bus runs a step, or
     * while a step of the bus is pending strictly before it. The bus then, in its step, either
     * runs it itself at its time (when no other event can come first, see Bus#handleEvent) or
     * hands it to the engine (endDeferral) once no step of its own precedes it. Wake-ups at
     * one time keep their request order, which is the order their events would have run in.
     */

    void drivenBy(Bus b) { this.bus = b; }

    /** The bus runs a step: keep every wake-up. */
    void beginDeferral() { deferWakes = true; }

    /**
     * The bus's step is over and its next one is at {@code busStep} (or NEVER): schedule the
     * wake-ups due at or before it, in request order; keep the later ones.
     */
    void endDeferral(long busStep) {
        deferWakes = false;
        while (deferred > 0) {
            int c = firstDeferred(busStep);
            if (c < 0) break;
            long at = deferredAt[c];
            clearDeferred(c);
            engine.schedule(at, WAKE_PRIORITY, this, EV_WAKE, c, null);
        }
    }

    /** The channel whose deferred wake-up at or before {@code limit} was requested first, or -1. */
    private int firstDeferred(long limit) {
        int best = -1;
        for (int c = 0; c < channels; c++) {
            long at = deferredAt[c];
            if (at <= limit && at != dev.dmasim.core.time.Time.NEVER && (best < 0 || deferredSeq[c] < deferredSeq[best])) best = c;
        }
        return best;
    }

    private void clearDeferred(int c) {
        if (deferredAt[c] == deferredMin) deferredMinStale = true;
        deferredAt[c] = dev.dmasim.core.time.Time.NEVER;
        deferred--;
    }

    /** Time of the earliest deferred wake-up, or {@link dev.dmasim.core.time.Time#NEVER}. */
    long earliestDeferred() {
        if (deferredMinStale) {
            long best = dev.dmasim.core.time.Time.NEVER;
            if (deferred > 0) for (int c = 0; c < channels; c++) best = Math.min(best, deferredAt[c]);
            deferredMin = best;
            deferredMinStale = false;
        }
        return deferredMin;
    }

    /**
     * Run the first-requested deferred wake-up at {@code at} (the earliest), as its event would.
     * One at a time: events the first one causes at {@code at} (a requester reacting at once)
     * come before the next one, as their lower priority value says.
     */
    void runOneDeferred(long at) {
        int c = firstDeferred(at);
        clearDeferred(c);
        wake(c, at);
    }

    private void wake(int c, long now) {
        if (wakeAt[c] == now) wakeAt[c] = -1;
        if (!processing[c]) {
            processing[c] = true;
            finishProcessing(c, now);
        }
    }

    /** FR-FCFS: the oldest row hit, else the oldest request; issue it at {@code d}. */
    private void decide(int c, RequestQueue<MemTransaction> q, long d) {
        final int base = c * banks;
        final int n = q.size();
        int pick = 0;
        for (int j = 0; j < n; j++) {
            if (openRow[base + (int) q.keyA(j)] == q.keyB(j)) {
                pick = j;
                break;
            }
        }
        MemTransaction t = q.item(pick);
        int k = base + (int) q.keyA(pick);
        long row = q.keyB(pick);
        q.remove(pick);
        issue(c, t, k, row, d);
    }

    /** Issue {@code t} to bank {@code k} (index channel * banks + bank) at decision time {@code d}. */
    private void issue(int c, MemTransaction t, int k, long row, long d) {

        RowOutcome outcome;
        long col;
        long open = openRow[k];
        // When the channel decides again: a tCK after this request's first command as far as
        // its bank is concerned (a miss's ACTIVATE could go at once, a conflict's PRECHARGE when
        // the bank allows), so that other banks' commands overlap this one's tRP and tRCD;
        // the channel-wide limits (tRRD, tFAW, the data bus) delay commands, not decisions. A
        // hit holds the channel until its column command, where the data bus orders it.
        long nextAt;
        if (open == row) {
            outcome = RowOutcome.HIT;
            hits[c]++;
            col = Math.max(d, colReady[k]);
            nextAt = -1;   // set below, once the data bus has placed the column command
        } else {
            long act;
            if (open < 0) {
                outcome = RowOutcome.MISS;
                misses[c]++;
                act = activate(c, d);
                nextAt = d + tCK;
            } else {
                outcome = RowOutcome.CONFLICT;
                conflicts[c]++;
                long pre = Math.max(Math.max(d, actAt[k] + tRAS), Math.max(lastReadCol[k] + tRTP, lastWriteEnd[k] + tWR));
                act = activate(c, pre + tRP);
                nextAt = pre + tCK;
            }
            actAt[k] = act;
            col = act + tRCD;
            colReady[k] = col;
            openRow[k] = row;
        }
        final boolean write = t.write;
        long lat = write ? tCWL : tCL;
        col = Math.max(col, dataBusFree[c] - lat);
        int bursts = (int) (((t.addr & (AddressMapping.BURST_BYTES - 1)) + t.size + AddressMapping.BURST_BYTES - 1)
                >>> AddressMapping.BURST_SHIFT);
        long dataTime = bursts * tBURST;
        long end = col + lat + dataTime;
        dataBusFree[c] = end;
        dataBusyPs[c] += dataTime;
        nextDecision[c] = nextAt < 0 ? col : nextAt;
        if (anyHook) invokeHook(HOOK_ISSUE, t, outcome);
        if (write) {
            lastWriteEnd[k] = end;
            writes[c]++;
            bytesWritten[c] += t.size;
            land(t);
            upstream.writeDone(t);
        } else {
            lastReadCol[k] = col + dataTime - tBURST;
            reads[c]++;
            bytesRead[c] += t.size;
            fetch(t);
            upstream.readReady(t, end);
        }
    }

    /** The time of an ACTIVATE wanted at {@code t} on channel {@code c}: tRRD after the last, tFAW after the fourth last. */
    private long activate(int c, long t) {
        int h = c * 4 + fawHead[c];
        long last = fawRing[c * 4 + ((fawHead[c] + 3) & 3)];
        long at = Math.max(t, Math.max(last + tRRD, fawRing[h] + tFAW));
        fawRing[h] = at;
        fawHead[c] = (fawHead[c] + 1) & 3;
        return at;
    }

    private void land(MemTransaction t) {
        long[] v = t.versions;
        if (v == null || v.length < memory.sectors(t.addr - base, t.size)) {
            throw new IllegalStateException("invariant: write " + t + " carries no version for each sector");
        }
        memory.write(t.addr - base, t.size, v, 0);
        if (anyHook) invokeHook(HOOK_WRITE, t, null);
    }

    private void fetch(MemTransaction t) {
        int n = memory.sectors(t.addr - base, t.size);
        if (t.versions == null || t.versions.length < n) t.versions = new long[n];
        memory.read(t.addr - base, t.size, t.versions, 0);
        if (t.servedBy != MEMORY) t.servedBy = MEMORY; // pooled transactions mostly have it already
    }

    @Override public void handleEvent(int type, long payload, Object attachment) {
        switch (type) {
            case EV_WAKE:
                wake((int) payload, engine.now());
                break;
            case EV_COMPLETE: {
                MemTransaction t = (MemTransaction) attachment;
                t.completedPs = engine.now();
                t.requester.memoryResponse(t);
                break;
            }
            case EV_WRITE_DONE:
                upstream.writeDone((MemTransaction) attachment);
                break;
            default:
                throw new IllegalStateException("invariant: unknown DRAM event " + type);
        }
    }

    /** Answers to {@code t.requester} by events, when no bus is connected. */
    private final class Standalone implements Upstream {
        @Override public void readReady(MemTransaction t, long readyPs) {
            engine.schedule(readyPs, WAKE_PRIORITY, Dram.this, EV_COMPLETE, 0, t);
        }

        @Override public void writeDone(MemTransaction t) {
            engine.schedule(engine.now(), WAKE_PRIORITY, Dram.this, EV_COMPLETE, 0, t);
        }
    }

    // ---- statistics ----

    /** Counters of one channel (or of all: {@link #totalStats()}). */
    public record ChannelStats(long reads, long writes, long rowHits, long rowMisses, long rowConflicts,
                               long bytesRead, long bytesWritten, long dataBusyPs) {
        public long bytes() { return bytesRead + bytesWritten; }

        /** Bytes per second over {@code elapsedPs}. */
        public double bandwidth(long elapsedPs) { return elapsedPs <= 0 ? 0 : bytes() * 1e12 / elapsedPs; }

        /** Row hits / (hits + misses + conflicts). */
        public double rowHitRate() {
            long n = rowHits + rowMisses + rowConflicts;
            return n == 0 ? 0 : (double) rowHits / n;
        }
    }

    public int channels() { return channels; }

    public ChannelStats channelStats(int c) {
        return new ChannelStats(reads[c], writes[c], hits[c], misses[c], conflicts[c], bytesRead[c], bytesWritten[c], dataBusyPs[c]);
    }

    public ChannelStats totalStats() {
        long r = 0, w = 0, h = 0, m = 0, x = 0, br = 0, bw = 0, busy = 0;
        for (int c = 0; c < channels; c++) {
            r += reads[c]; w += writes[c]; h += hits[c]; m += misses[c]; x += conflicts[c];
            br += bytesRead[c]; bw += bytesWritten[c]; busy += dataBusyPs[c];
        }
        return new ChannelStats(r, w, h, m, x, br, bw, busy);
    }

    /**
     * Statistics for summary.json, ordered: the totals ({@code row_hits row_misses row_conflicts
     * bytes_read bytes_written bytes bandwidth_gbps}) and {@code channels}, a list of the same per channel.
     */
    public Map<String, Object> stats(long elapsedPs) {
        Map<String, Object> m = statsOf(totalStats(), elapsedPs);
        m.put("model", spec.model().word());
        List<Map<String, Object>> per = new ArrayList<>();
        for (int c = 0; c < channels; c++) per.add(statsOf(channelStats(c), elapsedPs));
        m.put("channels", per);
        return m;
    }

    private static Map<String, Object> statsOf(ChannelStats s, long elapsedPs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reads", s.reads());
        m.put("writes", s.writes());
        m.put("row_hits", s.rowHits());
        m.put("row_misses", s.rowMisses());
        m.put("row_conflicts", s.rowConflicts());
        m.put("bytes_read", s.bytesRead());
        m.put("bytes_written", s.bytesWritten());
        m.put("bytes", s.bytes());
        m.put("bandwidth_gbps", s.bandwidth(elapsedPs) / 1e9);
        return m;
    }

    /**
     * A hook for {@link #HOOK_WRITE} that tells {@code observer} about every write landing in
     * memory, naming the writer by its bus master name: {@code dram.acceptHook(Dram.memoryWriteFeed(obs, bus::masterName))}.
     */
    public static Hook memoryWriteFeed(CoherencyObserver observer, IntFunction<String> masterName) {
        return (source, pos, item, detail) -> {
            if (pos != HOOK_WRITE) return;
            MemTransaction t = (MemTransaction) item;
            observer.memoryWrite(t.addr, t.size, t.versions, 0, masterName.apply(t.master));
        };
    }
}
