package dev.dmasim.caches;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.mem.RequestQueue;
import dev.dmasim.core.time.ClockDomain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One set-associative cache in front of a {@link MemoryTarget} (the bus, or another cache):
 * write-back with write-allocate, or write-through without; LRU or tree-PLRU; MSHRs that merge
 * misses to one line into one downstream read; dirty victims written back (whole lines) through
 * the downstream target; maintenance by address range and whole-cache flush.
 *
 * <p><b>Two ways in.</b> A device (a GPU) sends {@link MemTransaction}s through
 * {@link #request}: each must lie within one line; the cache answers at the simulated completion
 * time. An owner that does its own timing (the CPU hierarchy, whose shared L2 this is) uses the
 * synchronous methods below {@link #probe} instead.
 *
 * <p><b>Timing.</b> A request's lookup happens {@code hitCycles} after it arrives (one event): a
 * hit answers then; a miss then sends the line read downstream and answers when the fill
 * returns. A write-through store answers when its downstream write completes. Latencies are
 * cycle counts of the cache's clock converted to picoseconds.
 *
 * <p><b>Ordering.</b> Writes this cache sends downstream are kept in a small in-flight table:
 * a second write to a line waits for the first to complete, and a line read waits for the
 * writes to its line, so memory always sees a line's writes and reads in the order the cache
 * issued them, whatever the bus and DRAM reorder.
 *
 * <p>States: {@link #CLEAN}, {@link #DIRTY}. Nothing allocates per access once the MSHR, write
 * and blocked-request tables have grown to their peak.
 */
public final class Cache implements MemoryTarget, MemoryRequester, EventHandler {
    public static final byte CLEAN = 1;
    public static final byte DIRTY = 2;
    /** Marks a sector no cache supplied, in snoop results. */
    public static final long NOT_SUPPLIED = -1L;
    /** Who served a fill when the downstream target did not say. */
    public static final String MEMORY = "memory";

    /** A line asked for with {@link #fetch} is available. */
    public interface FillListener {
        /**
         * The line is available: its versions are {@code versions[off .. off + sectorsPerLine)}
         * (this cache's own array: copy before calling back into the cache). {@code kept} is
         * false if the line was invalidated while its fill was in flight (the data are valid for
         * this one use, but must not be cached).
         */
        void lineFilled(long tag, long[] versions, int off, String servedBy, boolean kept);
    }

    /** A write sent with {@link #write} has landed downstream. */
    public interface WriteListener {
        void writeDone(long tag);
    }

    private static final int EV_LOOKUP = 1;
    private static final long KIND_FILL = 1L << 40;
    private static final long KIND_WRITE = 2L << 40;
    private static final long INDEX_MASK = (1L << 40) - 1;
    private static final byte W_FREE = 0, W_FLIGHT = 1, W_DEFERRED = 2;

    private final String name;
    private final CacheSpec spec;
    private final Engine engine;
    private final ClockDomain clock;
    private final MemoryTarget downstream;
    private final int master;
    private final CacheArray array;
    private final CacheStats stats;
    private final long hitPs;
    private final int spl;
    private final int lineShift;
    private final int sectorShift;
    private final boolean writeThrough;
    private CoherencyObserver memoryObserver;

    // MSHRs: one outstanding line read each, with the requests waiting for it.
    private final long[] mshrLine;
    private final MemTransaction[] mshrTxn;
    private final boolean[] mshrDeferred;
    private final boolean[] mshrPoisoned;
    private final Object[][] waitObj;
    private final long[][] waitTag;
    private final int[] waitCount;
    private int mshrUsed;
    // The free MSHRs as a stack: entries [0, mshrs - mshrUsed), the top at the highest index.
    private final int[] mshrFree;
    // Scratch for serving a fill (fills never complete re-entrantly).
    private final long[] fillData;
    private Object[] fillObj = new Object[8];
    private long[] fillTag = new long[8];

    // Requests that found every MSHR busy, FIFO.
    private final RequestQueue<Object> blocked = new RequestQueue<>();

    // Writes sent (or waiting to be sent) downstream.
    private MemTransaction[] wTxn = new MemTransaction[0];
    private byte[] wState = new byte[0];
    private long[] wLine = new long[0];
    private long[] wSeq = new long[0];
    private WriteListener[] wListener = new WriteListener[0];
    private long[] wListenerTag = new long[0];
    private MemTransaction[] wUpstream = new MemTransaction[0];
    private int wInUse;
    // The entries in use, densely (wActive[0 .. wInUse)), and each entry's place in it; free entries as a stack.
    private int[] wActive = new int[0];
    private int[] wActivePos = new int[0];
    private int[] wFree = new int[0];
    private int wFreeCount;
    private int wDeferredCount;
    /** The lines of the entries in use, counted (a write of a line is in flight iff its count > 0). */
    private final LineCounts wLines = new LineCounts();
    private int mshrDeferredCount;
    private long writeSeq;

    public Cache(String name, CacheSpec spec, int sectorBytes, Engine engine, ClockDomain clock,
                 MemoryTarget downstream, int master) {
        spec.requireValid(name);
        this.name = name;
        this.spec = spec;
        this.engine = engine;
        this.clock = clock;
        this.downstream = downstream;
        this.master = master;
        this.array = new CacheArray(spec, sectorBytes);
        this.stats = new CacheStats(name);
        this.hitPs = MaintenanceWalk.cyclesToPs(clock, spec.hitCycles());
        this.spl = array.sectorsPerLine;
        this.lineShift = array.lineShift;
        this.sectorShift = array.sectorShift;
        this.writeThrough = spec.writePolicy() == WritePolicy.WRITE_THROUGH;
        int n = spec.mshrs();
        mshrLine = new long[n];
        Arrays.fill(mshrLine, -1L);
        mshrFree = new int[n];
        for (int i = 0; i < n; i++) mshrFree[i] = n - 1 - i;
        mshrTxn = new MemTransaction[n];
        for (int i = 0; i < n; i++) {
            mshrTxn[i] = new MemTransaction();
            mshrTxn[i].versions = new long[spl];
        }
        mshrDeferred = new boolean[n];
        mshrPoisoned = new boolean[n];
        waitObj = new Object[n][4];
        waitTag = new long[n][4];
        waitCount = new int[n];
        fillData = new long[spl];
        growWrites(8);
    }

    public String name() { return name; }

    public CacheSpec spec() { return spec; }

    public CacheStats stats() { return stats; }

    /** The storage (for the owner and for tests; change it only through this class's methods). */
    public CacheArray array() { return array; }

    public ClockDomain clock() { return clock; }

    /** Latency of a hit in ps. */
    public long hitPs() { return hitPs; }

    public int sectorsPerLine() { return spl; }

    public boolean writeThrough() { return writeThrough; }

    /**
     * Report each write this cache lands in memory to {@code o} ({@code memoryWrite}, at
     * completion, {@code by} = this cache's name). Off by default: normally the memory that
     * applies a write reports it.
     */
    public void setMemoryWriteObserver(CoherencyObserver o) { this.memoryObserver = o; }

    /** Outstanding line reads. */
    public int mshrsInUse() { return mshrUsed; }

    /** Writes sent downstream and not yet completed (including those waiting their turn). */
    public int writesInFlight() { return wInUse; }

    // ------------------------------------------------------------------ device side: transactions

    /**
     * A read or write of sectors within one line. A read comes back with the versions of the
     * sectors it covers in {@code t.versions[0..]}; a write stores {@code t.versions[0..]}.
     */
    @Override
    public void request(MemTransaction t) {
        long first = t.addr >>> lineShift;
        if (t.size <= 0 || ((t.addr + t.size - 1) >>> lineShift) != first) {
            throw new IllegalArgumentException(name + ": request " + t + " must lie within one " + array.lineBytes + " B line");
        }
        int sectors = sectorCount(t.addr, t.size);
        if (t.versions == null || t.versions.length < sectors) {
            throw new IllegalArgumentException(name + ": request " + t + " needs a versions array of at least " + sectors);
        }
        engine.schedule(engine.now() + hitPs, 0, this, EV_LOOKUP, 0, t);
    }

    @Override
    public void handleEvent(int type, long payload, Object attachment) {
        if (type == EV_LOOKUP) serve((MemTransaction) attachment, true, true);
        else throw new IllegalStateException("invariant: unknown cache event " + type);
    }

    /**
     * {@code count}: count the hit or miss (false if already counted). {@code ordered}: the request
     * is new, so it must queue behind an earlier request of its line that waits for an MSHR (false
     * when it comes from the head of that queue).
     */
    private void serve(MemTransaction t, boolean count, boolean ordered) {
        long line = t.addr >>> lineShift;
        if (ordered && !blocked.isEmpty() && blocked(line)) {
            block(t, count ? 1 : 0, line);      // counted when served
            return;
        }
        int slot = array.lookup(line);
        if (!t.write) {
            if (slot >= 0) {
                if (count) stats.hits++;
                array.touch(slot);
                copyOut(array.versions, array.versionBase(slot), t);
                respond(t, name);
            } else {
                if (count) stats.misses++;
                missRequest(line, t, 0);
            }
            return;
        }
        if (writeThrough) {
            if (slot >= 0) {
                if (count) stats.hits++;
                array.touch(slot);
                copyIn(t, array.versions, array.versionBase(slot));
                forwardWrite(t);
            } else {
                if (count) stats.misses++;
                int m = findMshr(line);
                if (m >= 0) {
                    stats.mshrMerges++;
                    addWaiter(m, t, 0);
                } else {
                    forwardWrite(t);
                }
            }
            return;
        }
        if (slot >= 0) {
            if (count) stats.hits++;
            array.touch(slot);
            copyIn(t, array.versions, array.versionBase(slot));
            array.state[slot] = DIRTY;
            respond(t, name);
            return;
        }
        if (count) stats.misses++;
        if (t.size == array.lineBytes && findMshr(line) < 0) {
            // A whole-line store needs none of the old data: allocate without a fill.
            slot = allocate(line);
            array.install(slot, line, DIRTY);
            copyIn(t, array.versions, array.versionBase(slot));
            respond(t, name);
            return;
        }
        missRequest(line, t, 0);
    }

    private void respond(MemTransaction t, String servedBy) {
        t.servedBy = servedBy;
        t.completedPs = engine.now();
        t.requester.memoryResponse(t);
    }

    private int sectorCount(long addr, long size) {
        return (int) (((addr + size - 1) >>> sectorShift) - (addr >>> sectorShift) + 1);
    }

    private void copyOut(long[] src, int lineBase, MemTransaction t) {
        int first = (int) ((t.addr & (array.lineBytes - 1)) >>> sectorShift);
        System.arraycopy(src, lineBase + first, t.versions, 0, sectorCount(t.addr, t.size));
    }

    private void copyIn(MemTransaction t, long[] dst, int lineBase) {
        int first = (int) ((t.addr & (array.lineBytes - 1)) >>> sectorShift);
        System.arraycopy(t.versions, 0, dst, lineBase + first, sectorCount(t.addr, t.size));
    }

    private void forwardWrite(MemTransaction t) {
        long sectorAddr = (t.addr >>> sectorShift) << sectorShift;
        int e = issueWrite(sectorAddr, sectorCount(t.addr, t.size), t.versions, 0, null, 0);
        wUpstream[e] = t;
    }

    // ------------------------------------------------------------------ owner side: synchronous

    /** The slot holding line number {@code lineNo}, or -1 (no statistics, no replacement update). */
    public int probe(long lineNo) { return array.lookup(lineNo); }

    /** A demand lookup: counts a hit (and touches the line) or a miss. Returns the slot or -1. */
    public int demandLookup(long lineNo) {
        int slot = array.lookup(lineNo);
        if (slot >= 0) {
            stats.hits++;
            array.touch(slot);
        } else {
            stats.misses++;
        }
        return slot;
    }

    /** True if a read of the line is outstanding. */
    public boolean missPending(long lineNo) { return findMshr(lineNo) >= 0; }

    /**
     * Bring line {@code lineNo} (which the caller found absent) in: joins an outstanding miss to
     * it, or takes an MSHR and reads it downstream, or waits for an MSHR. The listener is called
     * when the line is in (the miss has already been counted by {@link #demandLookup}).
     */
    public void fetch(long lineNo, FillListener listener, long tag) {
        missRequest(lineNo, listener, tag);
    }

    /**
     * Read line {@code lineNo} in as a clean line with nobody waiting for it, if it is neither
     * present nor being read and an MSHR is free. Returns true if a read was sent.
     */
    public boolean prefetch(long lineNo) {
        if (array.lookup(lineNo) >= 0 || findMshr(lineNo) >= 0 || mshrUsed == mshrLine.length) return false;
        int m = allocMshr(lineNo);
        stats.prefetches++;
        issueFill(m);
        return true;
    }

    /**
     * Put a whole line into the cache as dirty (a victim from the cache above): allocates
     * without a fill, evicting if needed. Not counted as a hit or miss.
     */
    public void absorb(long lineNo, long[] versions, int off) {
        int slot = array.lookup(lineNo);
        if (slot < 0) {
            slot = allocate(lineNo);
            array.install(slot, lineNo, DIRTY);
        } else {
            array.state[slot] = DIRTY;
            array.touch(slot);
        }
        System.arraycopy(versions, off, array.versions, array.versionBase(slot), spl);
    }

    /**
     * Send a write of {@code sectors} whole sectors from byte {@code addr} (sector-aligned, within
     * one line) downstream with versions {@code versions[off..]}. The listener (may be null) is
     * told when it lands. Counts nothing: the caller counts its write-back.
     */
    public void write(long addr, int sectors, long[] versions, int off, WriteListener listener, long tag) {
        if ((addr & ((1L << sectorShift) - 1)) != 0 || sectors <= 0 || sectors > spl
                || ((addr + ((long) sectors << sectorShift) - 1) >>> lineShift) != (addr >>> lineShift)) {
            throw new IllegalArgumentException(name + ": write of " + sectors + " sectors at 0x" + Long.toHexString(addr)
                    + " must be sector-aligned and within one line");
        }
        issueWrite(addr, sectors, versions, off, listener, tag);
    }

    /** Write back the dirty line in {@code slot} (whole line) and mark it clean; counts a write-back. */
    public void cleanSlot(int slot, WriteListener listener, long tag) {
        if (array.state[slot] != DIRTY) throw new IllegalStateException("invariant: cleaning a line that is not dirty");
        stats.writebacks++;
        issueWrite(array.addrOf(slot), spl, array.versions, array.versionBase(slot), listener, tag);
        array.state[slot] = CLEAN;
    }

    /** Drop the line in {@code slot} (no write-back) and any fill of it in flight. */
    public void invalidateSlot(int slot) {
        long line = array.tags[slot];
        array.invalidate(slot);
        poison(line);
    }

    /** A fill of the line now in flight will serve its waiters but not stay in the cache. */
    public void poison(long lineNo) {
        int m = findMshr(lineNo);
        if (m >= 0) mshrPoisoned[m] = true;
    }

    /**
     * Snoop of the writes this cache sent downstream that have not landed yet: for each sector
     * of {@code [addr, addr + len)} that such a write covers, {@code out[off + i]} is set to the
     * version it carries (the newest such write wins) and {@code sources[off + i]} (if given) to
     * this cache's name. Sectors no write covers are left as they were. Returns the number of
     * sectors set that held {@link #NOT_SUPPLIED} before.
     */
    public int inFlightVersions(long addr, long len, long[] out, int off, String[] sources) {
        if (wInUse == 0 || len <= 0) return 0;
        long firstSector = addr >>> sectorShift;
        long lastSector = (addr + len - 1) >>> sectorShift;
        int n = 0;
        long lastSeq = 0;
        while (true) {
            // Oldest remaining overlapping write first, so that newer ones overwrite it.
            int best = -1;
            for (int k = 0; k < wInUse; k++) {
                int e = wActive[k];
                if (wSeq[e] <= lastSeq) continue;
                long ws = wTxn[e].addr >>> sectorShift;
                long we = ws + (wTxn[e].size >>> sectorShift) - 1;
                if (we < firstSector || ws > lastSector) continue;
                if (best < 0 || wSeq[e] < wSeq[best]) best = e;
            }
            if (best < 0) return n;
            lastSeq = wSeq[best];
            MemTransaction w = wTxn[best];
            long ws = w.addr >>> sectorShift;
            long we = ws + (w.size >>> sectorShift) - 1;
            for (long sec = Math.max(ws, firstSector); sec <= we && sec <= lastSector; sec++) {
                int i = off + (int) (sec - firstSector);
                if (out[i] == NOT_SUPPLIED) n++;
                out[i] = w.versions[(int) (sec - ws)];
                if (sources != null) sources[i] = name;
            }
        }
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * Clean, invalidate or clean+invalidate every line of {@code [addr, addr + len)} present in
     * this cache, at {@code maintCyclesPerLine} cycles per line address visited, plus the time
     * for its write-backs to land. {@code done} is called at completion.
     */
    public void maintain(MaintenanceOp op, long addr, long len, Consumer<MaintenanceResult> done) {
        long firstLine = addr >>> lineShift;
        long count = len <= 0 ? 0 : ((addr + len - 1) >>> lineShift) - firstLine + 1;
        new RangeWalk(op, firstLine, count, done).start();
    }

    /** Clean and invalidate the whole cache, visiting every way of every set. */
    public void flushAll(Consumer<MaintenanceResult> done) {
        new FlushWalk(done).start();
    }

    private boolean maintainSlot(MaintenanceOp op, int slot, MaintenanceWalk walk) {
        boolean wrote = false;
        if (op.cleans() && array.state[slot] == DIRTY) {
            walk.expectWrite();
            cleanSlot(slot, walk, 0);
            stats.cleanedLines++;
            wrote = true;
        }
        if (op.invalidates()) {
            invalidateSlot(slot);
            stats.invalidatedLines++;
        }
        return wrote;
    }

    private final class RangeWalk extends MaintenanceWalk {
        private final long firstLine;

        RangeWalk(MaintenanceOp op, long firstLine, long count, Consumer<MaintenanceResult> done) {
            super(Cache.this.engine, Cache.this.clock, op, count, spec.maintCyclesPerLine(), done);
            this.firstLine = firstLine;
        }

        @Override protected boolean needsBus(long i) {
            if (!op.cleans()) return false;
            int slot = array.lookup(firstLine + i);
            return slot >= 0 && array.state[slot] == DIRTY;
        }

        @Override protected void visit(long i) {
            long line = firstLine + i;
            int slot = array.lookup(line);
            if (slot < 0) {
                if (op.invalidates()) poison(line);
                return;
            }
            if (maintainSlot(op, slot, this)) cleaned++;
            if (op.invalidates()) invalidated++;
        }
    }

    private final class FlushWalk extends MaintenanceWalk {
        FlushWalk(Consumer<MaintenanceResult> done) {
            super(Cache.this.engine, Cache.this.clock, MaintenanceOp.CLEAN_INVALIDATE, Cache.this.array.slots(), spec.maintCyclesPerLine(), done);
        }

        @Override protected boolean needsBus(long i) { return array.state[(int) i] == DIRTY; }

        @Override protected void visit(long i) {
            int slot = (int) i;
            if (array.tags[slot] == -1L) return;
            if (maintainSlot(op, slot, this)) cleaned++;
            invalidated++;
        }
    }

    // ------------------------------------------------------------------ misses

    private int findMshr(long line) {
        if (mshrUsed == 0) return -1;
        final long[] ml = mshrLine;
        for (int m = 0; m < ml.length; m++) if (ml[m] == line) return m;
        return -1;
    }

    private int allocMshr(long line) {
        if (mshrUsed == mshrLine.length) throw new IllegalStateException("invariant: no free MSHR");
        int m = mshrFree[mshrLine.length - 1 - mshrUsed];
        mshrLine[m] = line;
        mshrUsed++;
        return m;
    }

    private void missRequest(long line, Object who, long tag) {
        int m = findMshr(line);
        if (m >= 0) {
            stats.mshrMerges++;
            addWaiter(m, who, tag);
            return;
        }
        if (mshrUsed == mshrLine.length) {
            block(who, tag, line);
            return;
        }
        m = allocMshr(line);
        addWaiter(m, who, tag);
        issueFill(m);
    }

    private void addWaiter(int m, Object who, long tag) {
        int n = waitCount[m];
        if (n == waitObj[m].length) {
            waitObj[m] = Arrays.copyOf(waitObj[m], n * 2);
            waitTag[m] = Arrays.copyOf(waitTag[m], n * 2);
        }
        waitObj[m][n] = who;
        waitTag[m][n] = tag;
        waitCount[m] = n + 1;
    }

    private void issueFill(int m) {
        if (hasWriteInFlight(mshrLine[m])) {
            mshrDeferred[m] = true;
            mshrDeferredCount++;
            return;
        }
        sendFill(m);
    }

    private void sendFill(int m) {
        if (mshrDeferred[m]) {
            mshrDeferred[m] = false;
            mshrDeferredCount--;
        }
        MemTransaction f = mshrTxn[m];
        f.set(mshrLine[m] << lineShift, array.lineBytes, false, master, this, KIND_FILL | m);
        f.servedBy = null;
        f.issuedPs = engine.now();
        downstream.request(f);
    }

    private void block(Object who, long tag, long line) {
        blocked.add(who, tag, line);
    }

    /** True if a request for the line waits for an MSHR (a later one must not overtake it). */
    private boolean blocked(long line) {
        for (int i = 0, n = blocked.size(); i < n; i++) if (blocked.keyB(i) == line) return true;
        return false;
    }

    private void drainBlocked() {
        while (!blocked.isEmpty() && mshrUsed < mshrLine.length) {
            Object who = blocked.item(0);
            long tag = blocked.keyA(0);
            long line = blocked.keyB(0);
            blocked.remove(0);
            if (who instanceof MemTransaction) {
                serve((MemTransaction) who, tag == 1, false);
                continue;
            }
            int slot = array.lookup(line);
            if (slot >= 0) {
                // It came in while this request waited for an MSHR.
                array.touch(slot);
                ((FillListener) who).lineFilled(tag, array.versions, array.versionBase(slot), name, true);
            } else {
                missRequest(line, who, tag);
            }
        }
    }

    @Override
    public void memoryResponse(MemTransaction t) {
        long kind = t.tag & ~INDEX_MASK;
        int idx = (int) (t.tag & INDEX_MASK);
        if (kind == KIND_FILL) onFill(idx);
        else if (kind == KIND_WRITE) onWriteDone(idx);
        else throw new IllegalStateException("invariant: " + name + " got a response it did not ask for: " + t);
    }

    private void onFill(int m) {
        final long line = mshrLine[m];
        final boolean poisoned = mshrPoisoned[m];
        final long[] data0 = fillData;
        System.arraycopy(mshrTxn[m].versions, 0, data0, 0, spl);
        String src = mshrTxn[m].servedBy != null ? mshrTxn[m].servedBy : MEMORY;
        // Free the MSHR before serving, so that waiters' side effects may use it.
        int n = waitCount[m];
        if (fillObj.length < n) {
            fillObj = new Object[Math.max(n, fillObj.length * 2)];
            fillTag = new long[fillObj.length];
        }
        Object[] wo = waitObj[m];
        for (int k = 0; k < n; k++) {
            fillObj[k] = wo[k];
            fillTag[k] = waitTag[m][k];
            wo[k] = null;
        }
        waitCount[m] = 0;
        mshrLine[m] = -1L;
        mshrPoisoned[m] = false;
        mshrUsed--;
        mshrFree[mshrLine.length - 1 - mshrUsed] = m;

        int slot = array.lookup(line);
        if (slot >= 0) {
            // Installed meanwhile (a whole-line store or a victim from above): that copy is newer.
            src = name;
            System.arraycopy(array.versions, array.versionBase(slot), data0, 0, spl);
        } else if (!poisoned) {
            slot = allocate(line);
            array.install(slot, line, CLEAN);
            System.arraycopy(data0, 0, array.versions, array.versionBase(slot), spl);
        }
        boolean dirtied = false;
        for (int k = 0; k < n; k++) {
            Object who = fillObj[k];
            long tag = fillTag[k];
            fillObj[k] = null;
            // Only an earlier waiter's side effects can have moved the line.
            if (!poisoned && k > 0) {
                slot = array.lookup(line);
                if (slot < 0) {
                    // An earlier waiter's side effects evicted it; put it back as it was.
                    slot = allocate(line);
                    array.install(slot, line, dirtied ? DIRTY : CLEAN);
                    System.arraycopy(data0, 0, array.versions, array.versionBase(slot), spl);
                }
            }
            long[] data = poisoned ? data0 : array.versions;
            int base = poisoned ? 0 : array.versionBase(slot);
            if (who instanceof MemTransaction) {
                MemTransaction t = (MemTransaction) who;
                if (!t.write) {
                    copyOut(data, base, t);
                    respond(t, src);
                } else {
                    copyIn(t, data, base);
                    if (!poisoned) copyIn(t, data0, 0);
                    if (writeThrough) {
                        forwardWrite(t);
                    } else {
                        if (!poisoned) {
                            array.state[slot] = DIRTY;
                            dirtied = true;
                        }
                        respond(t, name);
                    }
                }
            } else if (who != null) {
                ((FillListener) who).lineFilled(tag, data, base, src, !poisoned);
            }
        }
        drainBlocked();
    }

    /** The slot a new line takes, after evicting (and writing back, if dirty) its occupant. */
    private int allocate(long line) {
        int slot = array.victim(line);
        if (array.tags[slot] != -1L) {
            stats.evictions++;
            if (array.state[slot] == DIRTY) {
                stats.writebacks++;
                issueWrite(array.addrOf(slot), spl, array.versions, array.versionBase(slot), null, 0);
            }
            array.invalidate(slot);
        }
        return slot;
    }

    // ------------------------------------------------------------------ writes downstream

    private void growWrites(int n) {
        int old = wTxn.length;
        wTxn = Arrays.copyOf(wTxn, n);
        for (int i = old; i < n; i++) {
            wTxn[i] = new MemTransaction();
            wTxn[i].versions = new long[spl];
        }
        wState = Arrays.copyOf(wState, n);
        wActive = Arrays.copyOf(wActive, n);
        wActivePos = Arrays.copyOf(wActivePos, n);
        wFree = Arrays.copyOf(wFree, n);
        for (int i = n - 1; i >= old; i--) wFree[wFreeCount++] = i;
        wLine = Arrays.copyOf(wLine, n);
        wSeq = Arrays.copyOf(wSeq, n);
        wListener = Arrays.copyOf(wListener, n);
        wListenerTag = Arrays.copyOf(wListenerTag, n);
        wUpstream = Arrays.copyOf(wUpstream, n);
    }

    private boolean hasWriteInFlight(long line) {
        return wInUse > 0 && wLines.contains(line);
    }

    /** True if a write this cache sent downstream for a line in {@code [firstLine, lastLine]} has not landed yet. */
    public boolean writesInFlight(long firstLine, long lastLine) {
        if (wInUse == 0) return false;
        for (long line = firstLine; line <= lastLine; line++) if (wLines.contains(line)) return true;
        return false;
    }

    /**
     * Run {@code then} once no write of a line in {@code [firstLine, lastLine]} is in flight (at
     * once if none is): for a write that another master makes to those lines and that must land
     * after this cache's older ones (a coherent device's write, ordered at the point of coherency).
     */
    public void afterWritesLand(long firstLine, long lastLine, Runnable then) {
        if (!writesInFlight(firstLine, lastLine)) {
            then.run();
            return;
        }
        landWaiters.add(new LandWaiter(firstLine, lastLine, then));
    }

    private record LandWaiter(long firstLine, long lastLine, Runnable then) {}

    private final List<LandWaiter> landWaiters = new ArrayList<>();

    private void runLandWaiters() {
        List<LandWaiter> ready = new ArrayList<>();
        landWaiters.removeIf(w -> {
            if (writesInFlight(w.firstLine, w.lastLine)) return false;
            ready.add(w);
            return true;
        });
        for (LandWaiter w : ready) w.then.run();
    }

    private int issueWrite(long addr, int sectors, long[] versions, int off, WriteListener listener, long tag) {
        if (wFreeCount == 0) growWrites(wTxn.length * 2);
        int e = wFree[--wFreeCount];
        MemTransaction w = wTxn[e];
        System.arraycopy(versions, off, w.versions, 0, sectors);
        w.set(addr, sectors << sectorShift, true, master, this, KIND_WRITE | e);
        w.servedBy = null;
        long line = addr >>> lineShift;
        boolean wait = hasWriteInFlight(line);
        wLine[e] = line;
        wLines.add(line);
        wSeq[e] = ++writeSeq;
        wListener[e] = listener;
        wListenerTag[e] = tag;
        wUpstream[e] = null;
        wActivePos[e] = wInUse;
        wActive[wInUse++] = e;
        if (wait) {
            wState[e] = W_DEFERRED;
            wDeferredCount++;
        } else {
            wState[e] = W_FLIGHT;
            w.issuedPs = engine.now();
            downstream.request(w);
        }
        return e;
    }

    private void onWriteDone(int e) {
        MemTransaction w = wTxn[e];
        long line = wLine[e];
        wLines.remove(line);
        WriteListener l = wListener[e];
        long ltag = wListenerTag[e];
        MemTransaction up = wUpstream[e];
        if (memoryObserver != null) memoryObserver.memoryWrite(w.addr, w.size, w.versions, 0, name);
        wState[e] = W_FREE;
        wListener[e] = null;
        wUpstream[e] = null;
        int pos = wActivePos[e];
        int last = wActive[--wInUse];
        wActive[pos] = last;
        wActivePos[last] = pos;
        wFree[wFreeCount++] = e;
        // The next write of this line, in issue order; else the reads that waited for it.
        int next = -1;
        if (wDeferredCount > 0) {
            for (int k = 0; k < wInUse; k++) {
                int x = wActive[k];
                if (wState[x] == W_DEFERRED && wLine[x] == line && (next < 0 || wSeq[x] < wSeq[next])) next = x;
            }
        }
        if (next >= 0) {
            wDeferredCount--;
            wState[next] = W_FLIGHT;
            wTxn[next].issuedPs = engine.now();
            downstream.request(wTxn[next]);
        } else if (mshrDeferredCount > 0) {
            for (int m = 0; m < mshrLine.length; m++) {
                if (mshrLine[m] == line && mshrDeferred[m]) sendFill(m);
            }
        }
        if (up != null) respond(up, name);
        if (l != null) l.writeDone(ltag);
        if (!landWaiters.isEmpty()) runLandWaiters();
    }

    @Override public String toString() { return name; }
}
