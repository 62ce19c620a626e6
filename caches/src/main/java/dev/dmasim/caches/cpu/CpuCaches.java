package dev.dmasim.caches.cpu;

import dev.dmasim.caches.Cache;
import dev.dmasim.caches.CacheArray;
import dev.dmasim.caches.CacheStats;
import dev.dmasim.caches.LineCounts;
import dev.dmasim.caches.MaintenanceOp;
import dev.dmasim.caches.MaintenanceResult;
import dev.dmasim.caches.MaintenanceWalk;
import dev.dmasim.caches.WritePolicy;
import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.time.ClockDomain;
import dev.dmasim.core.time.Time;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The CPU's cache hierarchy: a private L1 per core ({@code cpuN.l1}), kept coherent by MESI
 * snooping among the L1s, and one shared L2 ({@code cpu.l2}), a {@link Cache} that is the CPU's
 * single bus master. Also: maintenance by address range over every level of every core (ARM's
 * maintenance to the point of coherency), the snoop port that coherent devices use, and the
 * prefetcher.
 *
 * <p><b>The core's side.</b> A core first tries {@link #tryHit}, synchronous and free of events
 * (it changes only this hierarchy's state); on a miss it calls {@link #startMiss} and is told
 * {@link MissClient#missDone} when the line is delivered.
 *
 * <p><b>Timing of a miss</b> that a core starts at its local time {@code t}: the L1 lookup ends at
 * {@code t + l1.hit}; the snoop of the other L1s and the L2 lookup end at
 * {@code T = t + l1.hit + l2.hit} (one event), where everything is decided against the state at
 * {@code T}: a line supplied by another L1 (cache-to-cache) or by the L2 is delivered at
 * {@code T}; otherwise the L2 reads it from the bus at {@code T} and it is delivered when the fill
 * returns. A store under write-through is sent to memory at {@code T} and completes when it lands.
 *
 * <p><b>MESI.</b> L1 states I/S/E/M. A read miss takes the line from the M owner if any (the owner
 * drops to S and its data go to the L2, dirty), else from any L1 holding it, else from the L2, else
 * from memory; it lands S if another L1 holds the line, else E. A store needs M: a store to S or
 * I invalidates every other copy (counted as {@code snoopInvalidations} of those L1s) and takes
 * the data from the owner if one exists. E becomes M silently. The L2 is not inclusive: an L1
 * victim in M is written into it (dirty), S and E victims are dropped. A line filled while
 * another L1 took M meanwhile is taken from that owner instead, so the protocol needs no
 * transient states.
 */
public final class CpuCaches implements EventHandler, Cache.FillListener, Cache.WriteListener, Prefetcher.Target {
    public static final byte I = 0, S = 1, E = 2, M = 3;
    /** The name under which the system builder attaches the CPU (its L2) to the bus. */
    public static final String MASTER_NAME = "cpu";

    /** Told when a miss started with {@link #startMiss} is done. */
    public interface MissClient {
        /**
         * The line is delivered (for a store: the store is performed). {@code versions[off..]}
         * are the versions of the accessed sectors (valid during the call only); {@code servedBy}
         * is who supplied the data ({@code cpu1.l1}, {@code cpu.l2}, {@code memory}, ...).
         */
        void missDone(long token, long[] versions, int off, String servedBy);

        /**
         * The lookup event of one of this client's misses has run (whether it delivered the line
         * or sent it to memory): a client that waits for simulated time to pass may re-check.
         */
        default void lookupDone() {}
    }

    private static final int EV_LOOKUP = 1;
    private static final byte K_READ = 1, K_WRITE = 2, K_WT = 3;

    private final CpuSpec spec;
    private final Engine engine;
    private final ClockDomain clock;
    private final int cores;
    private final CacheArray[] l1;
    private final CacheStats[] l1Stats;
    private final String[] l1Names;
    private final Cache l2;
    private final long l1HitPs;
    private final long lookupPs;
    private final int spl;
    private final int lineShift;
    private final int lineBytes;
    private final int sectorShift;
    private final boolean writeThrough;
    private final long[] scratch;

    // L1 MSHRs: core c owns entries [c * l1Mshrs, (c + 1) * l1Mshrs); an MSHR is named by its entry.
    private final int l1Mshrs;
    private final long[] mLine;
    private final byte[] mKind;
    private final long[] mAddr;
    private final int[] mLen;
    private final int[] mPass;
    private final MissClient[] mClient;
    private final long[] mToken;
    private final int[] mUsed;
    // Per core, its free MSHRs as a stack: its entries [0, l1Mshrs - mUsed), the top at the highest index.
    private final int[] mFree;
    // Per core, the times of its pending lookup events, in order (they are scheduled in time order), a ring of l1Mshrs entries.
    private final long[] lkTime;
    private final int[] lkHead, lkSize;

    private Prefetcher prefetcher;
    // Lines a coherent device is writing: snooped, not landed yet. Memory may still answer a read
    // of them with the old data, which the CPU must not keep (the interconnect orders such a
    // read after the write; this model does not, so it forgets the answer instead).
    private final LineCounts deviceWrites = new LineCounts();

    /**
     * @param sectorBytes the run's version granularity ({@code check.granularity})
     * @param bus         where the L2 sends line reads and write-backs
     * @param master      the L2's bus master index
     * @param seed        seed of the speculative prefetcher
     */
    public CpuCaches(CpuSpec spec, int sectorBytes, Engine engine, MemoryTarget bus, int master, long seed) {
        this.spec = spec;
        this.engine = engine;
        this.clock = new ClockDomain("cpu", spec.freqHz());
        this.cores = spec.cores();
        if (spec.l1().lineBytes() != spec.l2().lineBytes()) throw new IllegalArgumentException("L1 and L2 lines differ");
        this.l1 = new CacheArray[cores];
        this.l1Stats = new CacheStats[cores];
        this.l1Names = new String[cores];
        for (int c = 0; c < cores; c++) {
            l1Names[c] = "cpu" + c + ".l1";
            l1[c] = new CacheArray(spec.l1(), sectorBytes);
            l1Stats[c] = new CacheStats(l1Names[c]);
        }
        this.l2 = new Cache("cpu.l2", spec.l2(), sectorBytes, engine, clock, bus, master);
        this.l1HitPs = cyclesPs(spec.l1().hitCycles());
        this.lookupPs = cyclesPs(spec.l1().hitCycles() + (long) spec.l2().hitCycles());
        this.spl = l1[0].sectorsPerLine;
        this.lineShift = l1[0].lineShift;
        this.lineBytes = l1[0].lineBytes;
        this.sectorShift = l1[0].sectorShift;
        this.writeThrough = spec.l1().writePolicy() == WritePolicy.WRITE_THROUGH;
        this.scratch = new long[spl];
        this.l1Mshrs = spec.l1().mshrs();
        int entries = Math.multiplyExact(cores, l1Mshrs);
        mLine = new long[entries];
        Arrays.fill(mLine, -1L);
        mKind = new byte[entries];
        mAddr = new long[entries];
        mLen = new int[entries];
        mPass = new int[entries];
        mClient = new MissClient[entries];
        mToken = new long[entries];
        mUsed = new int[cores];
        mFree = new int[entries];
        for (int c = 0; c < cores; c++) for (int i = 0; i < l1Mshrs; i++) mFree[c * l1Mshrs + i] = c * l1Mshrs + l1Mshrs - 1 - i;
        lkTime = new long[entries];
        lkHead = new int[cores];
        lkSize = new int[cores];
        this.prefetcher = Prefetcher.create(spec.prefetch(), spec.prefetchRatePerUs(), engine, seed, this);
    }

    private long cyclesPs(long n) {
        return clock.integralPeriod() ? n * clock.periodNum() : clock.cycleToTime(n);
    }

    public CpuSpec spec() { return spec; }

    public ClockDomain clock() { return clock; }

    public int cores() { return cores; }

    public int lineBytes() { return lineBytes; }

    /** log2 of the version granularity (sector size). */
    public int sectorShift() { return sectorShift; }

    public boolean writeThrough() { return writeThrough; }

    /** L1 hit latency in ps: also what a core spends per line it accesses. */
    public long l1HitPs() { return l1HitPs; }

    public String l1Name(int core) { return l1Names[core]; }

    /** The shared L2 (its name is {@code cpu.l2}). */
    public Cache l2() { return l2; }

    /** Every cache's counters, in order cpu0.l1, cpu1.l1, ..., cpu.l2. */
    public Map<String, CacheStats> stats() {
        Map<String, CacheStats> m = new LinkedHashMap<>();
        for (int c = 0; c < cores; c++) m.put(l1Names[c], l1Stats[c]);
        m.put(l2.name(), l2.stats());
        return m;
    }

    public CacheStats l1Stats(int core) { return l1Stats[core]; }

    /** The MESI state of the line holding {@code addr} in a core's L1 ({@link #I} if absent). */
    public byte l1State(int core, long addr) {
        int slot = l1[core].lookup(addr >>> lineShift);
        return slot < 0 ? I : l1[core].state[slot];
    }

    /** See {@link Cache#setMemoryWriteObserver}. */
    public void setMemoryWriteObserver(CoherencyObserver o) { l2.setMemoryWriteObserver(o); }

    // ------------------------------------------------------------------ the core's side

    /**
     * An access to {@code [addr, addr + len)} (within one line) by {@code core}, if it hits: a load
     * of a valid line, a store to an M or E line (E becomes M) under write-back. Performs it
     * (replacement update, store versions = {@code pass}) and returns the index in
     * {@link #l1Versions} of the first accessed sector; returns -1 and changes nothing otherwise.
     * Creates no event, so a core may call it ahead of simulated time (see {@code CpuCore}).
     */
    public int tryHit(int core, boolean write, long addr, int len, int pass) {
        final CacheArray a = l1[core];
        final int slot = a.lookup(addr >>> lineShift);
        if (slot < 0) return -1;
        final int idx = a.versionIndex(slot, addr);
        if (write) {
            byte st = a.state[slot];
            if (writeThrough || st == S) return -1;
            a.state[slot] = M;
            storeVersions(a.versions, idx, addr, len, pass);
        }
        a.touch(slot);
        l1Stats[core].hits++;
        return idx;
    }

    /** The versions array of a core's L1 (indices from {@link #tryHit}); read only. */
    public long[] l1Versions(int core) { return l1[core].versions; }

    /** True if the core may start another miss. */
    public boolean mshrAvailable(int core) { return mUsed[core] < l1Mshrs; }

    /**
     * Start the access that {@link #tryHit} refused, at the core's local time {@code localTime}
     * (not before now). Returns false, doing nothing, if every MSHR of the core is busy (one frees
     * before its {@code missDone}).
     */
    public boolean startMiss(int core, boolean write, long addr, int len, int pass, long localTime,
                             MissClient client, long token) {
        if (mUsed[core] == l1Mshrs) return false;
        long line = addr >>> lineShift;
        // A line enters a core's L1 only through that core's one miss to it (checked with -ea).
        assert noMissTo(core, line) : "invariant: core " + core + " has two misses to line 0x" + Long.toHexString(line << lineShift);
        int m = mFree[core * l1Mshrs + (l1Mshrs - 1 - mUsed[core])];
        mLine[m] = line;
        mKind[m] = !write ? K_READ : writeThrough ? K_WT : K_WRITE;
        mAddr[m] = addr;
        mLen[m] = len;
        mPass[m] = pass;
        mClient[m] = client;
        mToken[m] = token;
        mUsed[core]++;
        if (write && writeThrough && l1[core].lookup(line) >= 0) l1Stats[core].hits++;
        else l1Stats[core].misses++;
        long at = Math.max(localTime, engine.now()) + lookupPs;
        int n = lkSize[core];
        if (n > 0 && at < lkTime[core * l1Mshrs + wrap(lkHead[core] + n - 1)]) {
            throw new IllegalStateException("invariant: core " + core + " started misses out of time order");
        }
        lkTime[core * l1Mshrs + wrap(lkHead[core] + n)] = at;
        lkSize[core] = n + 1;
        engine.schedule(at, 0, this, EV_LOOKUP, ((long) core << 32) | m, null);
        return true;
    }

    private boolean noMissTo(int core, long line) {
        for (int m = core * l1Mshrs; m < (core + 1) * l1Mshrs; m++) if (mLine[m] == line) return false;
        return true;
    }

    /** {@code i mod l1Mshrs} for {@code 0 <= i < 2 l1Mshrs}, without a division. */
    private int wrap(int i) { return i >= l1Mshrs ? i - l1Mshrs : i; }

    /** Time of the core's earliest pending lookup event, or {@link Time#NEVER}. */
    public long nextLookupTime(int core) {
        return lkSize[core] == 0 ? Time.NEVER : lkTime[core * l1Mshrs + lkHead[core]];
    }

    @Override
    public void handleEvent(int type, long payload, Object attachment) {
        if (type == EV_LOOKUP) {
            int c = (int) (payload >>> 32);
            MissClient client = mClient[(int) payload];
            lkHead[c] = wrap(lkHead[c] + 1);
            lkSize[c]--;
            lookup(c, (int) payload);
            client.lookupDone();
        }
        else throw new IllegalStateException("invariant: unknown CPU cache event " + type);
    }

    /** The snoop and L2 lookup of a miss, at its time. */
    private void lookup(int c, int m) {
        final long line = mLine[m];
        final byte kind = mKind[m];
        if (kind == K_WT) {
            writeThroughStore(c, m, line);
            return;
        }
        final boolean write = kind == K_WRITE;
        // Only a store can find its line here (a Shared line it must upgrade): a line enters a
        // core's L1 only through that core's one miss to it.
        int own = write ? l1[c].lookup(line) : -1;
        if (own >= 0) {
            // A store to a Shared line (or a line that became ours meanwhile): an upgrade, no data.
            if (write) {
                invalidateOthers(c, line);
                l1[c].state[own] = M;
            }
            l1[c].touch(own);
            complete(c, m, own, l1Names[c]);
            return;
        }
        int supplier = supplierOf(c, line);
        if (supplier >= 0) {
            fromPeer(c, m, line, supplier);
            return;
        }
        int s2 = l2.demandLookup(line);
        if (s2 >= 0) {
            System.arraycopy(l2.array().versions, l2.array().versionBase(s2), scratch, 0, spl);
            fill(c, m, line, scratch, write ? M : E, l2.name());
            return;
        }
        l2.fetch(line, this, ((long) c << 32) | m);
        if (deviceWrites.size() > 0 && deviceWrites.contains(line)) l2.poison(line);
        prefetcher.onDemandMiss(line);
    }

    /** The L1 that should supply {@code line} to core {@code c}: the M owner, else the lowest-numbered holder; -1 if none. */
    private int supplierOf(int c, long line) {
        int holder = -1;
        for (int p = 0; p < cores; p++) {
            if (p == c || l1[p].validLines() == 0) continue; // an idle core's empty L1 needs no scan
            int slot = l1[p].lookup(line);
            if (slot < 0) continue;
            if (l1[p].state[slot] == M) return p;
            if (holder < 0) holder = p;
        }
        return holder;
    }

    private void fromPeer(int c, int m, long line, int p) {
        int ps = l1[p].lookup(line);
        System.arraycopy(l1[p].versions, l1[p].versionBase(ps), scratch, 0, spl);
        l1Stats[p].interventions++;
        if (mKind[m] == K_WRITE) {
            invalidateOthers(c, line);   // ownership moves with the data: no write-back
            fill(c, m, line, scratch, M, l1Names[p]);
        } else {
            shareOthers(c, line);
            fill(c, m, line, scratch, S, l1Names[p]);
        }
    }

    /** Every other L1's copy goes to S; an M copy's data go to the L2 (dirty) first. */
    private void shareOthers(int c, long line) {
        for (int p = 0; p < cores; p++) {
            if (p == c) continue;
            CacheArray a = l1[p];
            int slot = a.lookup(line);
            if (slot < 0) continue;
            if (a.state[slot] == M) {
                l2.absorb(line, a.versions, a.versionBase(slot));
                l1Stats[p].writebacks++;
            }
            a.state[slot] = S;
        }
    }

    private void invalidateOthers(int c, long line) {
        for (int p = 0; p < cores; p++) {
            if (p == c) continue;
            int slot = l1[p].lookup(line);
            if (slot < 0) continue;
            l1[p].invalidate(slot);
            l1Stats[p].snoopInvalidations++;
        }
    }

    /** The L2 has the line a miss waited for. */
    @Override
    public void lineFilled(long tag, long[] versions, int off, String servedBy, boolean kept) {
        int c = (int) (tag >>> 32), m = (int) tag;
        System.arraycopy(versions, off, scratch, 0, spl);
        long line = mLine[m];
        boolean write = mKind[m] == K_WRITE;
        int supplier = cores == 1 ? -1 : supplierOf(c, line);
        if (supplier >= 0 && l1[supplier].state[l1[supplier].lookup(line)] == M) {
            // Another core took the line in M while this fill was in flight: its data are newer.
            fromPeer(c, m, line, supplier);
            return;
        }
        if (!kept && !write) {
            // Invalidated while in flight: the load gets the data, the L1 does not keep them.
            int first = (int) ((mAddr[m] & (lineBytes - 1)) >>> sectorShift);
            MissClient client = mClient[m];
            long token = mToken[m];
            freeMshr(c, m);
            client.missDone(token, scratch, first, servedBy);
            return;
        }
        byte st;
        if (write) {
            if (supplier >= 0) invalidateOthers(c, line);
            st = M;
        } else if (supplier >= 0) {
            shareOthers(c, line);
            st = S;
        } else {
            st = E;
        }
        fill(c, m, line, scratch, st, servedBy);
    }

    /** Install the line in core c's L1 in state st with versions data[0..], perform the access, finish the miss. */
    private void fill(int c, int m, long line, long[] data, byte st, String servedBy) {
        CacheArray a = l1[c];
        assert a.lookup(line) < 0 : "invariant: filling a line the L1 already holds";
        int slot = a.victim(line);
        if (a.tags[slot] != -1L) evictL1(c, slot);
        a.install(slot, line, st);
        System.arraycopy(data, 0, a.versions, a.versionBase(slot), spl);
        complete(c, m, slot, servedBy);
    }

    private void evictL1(int c, int slot) {
        CacheArray a = l1[c];
        l1Stats[c].evictions++;
        if (a.state[slot] == M) {
            l2.absorb(a.tags[slot], a.versions, a.versionBase(slot));
            l1Stats[c].writebacks++;
        }
        a.invalidate(slot);
    }

    private void complete(int c, int m, int slot, String servedBy) {
        CacheArray a = l1[c];
        long addr = mAddr[m];
        int idx = a.versionIndex(slot, addr);
        if (mKind[m] == K_WRITE) storeVersions(a.versions, idx, addr, mLen[m], mPass[m]);
        MissClient client = mClient[m];
        long token = mToken[m];
        freeMshr(c, m);
        client.missDone(token, a.versions, idx, servedBy);
    }

    private void freeMshr(int c, int m) {
        mLine[m] = -1L;
        mClient[m] = null;
        mUsed[c]--;
        mFree[c * l1Mshrs + (l1Mshrs - 1 - mUsed[c])] = m;
    }

    private void storeVersions(long[] v, int idx, long addr, int len, int pass) {
        int n = (int) (((addr + len - 1) >>> sectorShift) - (addr >>> sectorShift) + 1);
        for (int i = 0; i < n; i++) v[idx + i] = pass;
    }

    /** Write-through: invalidate other copies, update ours and the L2's, send the sectors to memory. */
    private void writeThroughStore(int c, int m, long line) {
        long addr = mAddr[m];
        int len = mLen[m];
        int pass = mPass[m];
        invalidateOthers(c, line);
        int own = l1[c].lookup(line);
        if (own >= 0) {
            l1[c].touch(own);
            storeVersions(l1[c].versions, l1[c].versionIndex(own, addr), addr, len, pass);
        }
        int s2 = l2.demandLookup(line);
        if (s2 >= 0) storeVersions(l2.array().versions, l2.array().versionIndex(s2, addr), addr, len, pass);
        int n = (int) (((addr + len - 1) >>> sectorShift) - (addr >>> sectorShift) + 1);
        Arrays.fill(scratch, 0, n, pass);
        l2.write((addr >>> sectorShift) << sectorShift, n, scratch, 0, this, ((long) c << 32) | m);
    }

    /** A write-through store landed. */
    @Override
    public void writeDone(long tag) {
        int c = (int) (tag >>> 32), m = (int) tag;
        long addr = mAddr[m];
        int n = (int) (((addr + mLen[m] - 1) >>> sectorShift) - (addr >>> sectorShift) + 1);
        Arrays.fill(scratch, 0, n, mPass[m]);
        MissClient client = mClient[m];
        long token = mToken[m];
        freeMshr(c, m);
        client.missDone(token, scratch, 0, l1Names[c]);
    }

    // ------------------------------------------------------------------ coherent devices

    /** What a coherent device adds to its access for the snoop: the L2 (snoop filter) latency. */
    public long snoopLatencyPs() { return cyclesPs(spec.l2().hitCycles()); }

    /**
     * The snoop of a coherent device's read of {@code [addr, addr + len)}, made just before its
     * bus access. For every sector of the range that a CPU cache holds dirty (an L1 line in M,
     * a dirty L2 line, or an L2 write-back still on its way to memory), the newest such version
     * goes to {@code versionsOut[off + i]} and, if {@code sourcesOut} is not null, the cache's
     * name to {@code sourcesOut[off + i]}; other sectors get {@link Cache#NOT_SUPPLIED} (the
     * device takes them from memory). Returns the number of sectors supplied. CPU cache states
     * do not change (the dirty data stay in the CPU, as a snoop that only reads them). Sector
     * {@code i} is sector {@code addr / granularity + i}.
     */
    public int snoopRead(long addr, long len, long[] versionsOut, int off, String[] sourcesOut) {
        return snoopRead(addr, len, versionsOut, off, sourcesOut, true);
    }

    /**
     * {@link #snoopRead} without counting interventions: a look at the CPU's dirty data when a
     * coherent read leaves for memory. A line evicted before the read completes, whose
     * write-back lands after memory served the read, is then in neither answer at completion;
     * this earlier look still has it (the interconnect would have ordered the two).
     */
    public int peekDirty(long addr, long len, long[] versionsOut, int off, String[] sourcesOut) {
        return snoopRead(addr, len, versionsOut, off, sourcesOut, false);
    }

    private int snoopRead(long addr, long len, long[] versionsOut, int off, String[] sourcesOut, boolean count) {
        if (len <= 0) return 0;
        long firstSector = addr >>> sectorShift;
        long lastSector = (addr + len - 1) >>> sectorShift;
        int n = (int) (lastSector - firstSector + 1);
        Arrays.fill(versionsOut, off, off + n, Cache.NOT_SUPPLIED);
        if (sourcesOut != null) Arrays.fill(sourcesOut, off, off + n, null);
        l2.inFlightVersions(addr, len, versionsOut, off, sourcesOut);
        CacheArray a2 = l2.array();
        for (long line = addr >>> lineShift, last = (addr + len - 1) >>> lineShift; line <= last; line++) {
            int s2 = a2.lookup(line);
            if (s2 >= 0 && a2.state[s2] == Cache.DIRTY) {
                copySectors(a2.versions, a2.versionBase(s2), line, firstSector, lastSector, versionsOut, off, sourcesOut, l2.name());
            }
            for (int p = 0; p < cores; p++) {
                int slot = l1[p].lookup(line);
                if (slot >= 0 && l1[p].state[slot] == M) {
                    if (count) l1Stats[p].interventions++;
                    copySectors(l1[p].versions, l1[p].versionBase(slot), line, firstSector, lastSector, versionsOut, off,
                            sourcesOut, l1Names[p]);
                }
            }
        }
        int supplied = 0;
        for (int i = 0; i < n; i++) if (versionsOut[off + i] != Cache.NOT_SUPPLIED) supplied++;
        return supplied;
    }

    private void copySectors(long[] src, int base, long line, long firstSector, long lastSector, long[] out, int off,
                             String[] sources, String name) {
        long lineFirst = line << (lineShift - sectorShift);
        long from = Math.max(lineFirst, firstSector), to = Math.min(lineFirst + spl - 1, lastSector);
        for (long s = from; s <= to; s++) {
            int i = off + (int) (s - firstSector);
            out[i] = src[base + (int) (s - lineFirst)];
            if (sources != null) sources[i] = name;
        }
    }

    /**
     * The snoop of a coherent device's write of {@code [addr, addr + len)}, made just before its
     * bus access: every CPU copy of the lines the range touches is invalidated (counted as
     * {@code snoopInvalidations}), and a fill in flight for them will not stay cached. If a line
     * held dirty data and the device writes only part of it, the dirty sectors outside the
     * written ones are written back first (so both the device's bytes and the CPU's other bytes
     * reach memory; the two writes cover disjoint sectors). Returns the number of lines of which
     * a copy was invalidated.
     */
    public int snoopWrite(long addr, long len) {
        if (len <= 0) return 0;
        long firstSector = addr >>> sectorShift;
        long lastSector = (addr + len - 1) >>> sectorShift;
        int lines = 0;
        CacheArray a2 = l2.array();
        for (long line = addr >>> lineShift, last = (addr + len - 1) >>> lineShift; line <= last; line++) {
            long lineFirst = line << (lineShift - sectorShift);
            int a = (int) (Math.max(lineFirst, firstSector) - lineFirst);
            int b = (int) (Math.min(lineFirst + spl - 1, lastSector) - lineFirst);
            boolean partial = a > 0 || b < spl - 1;
            boolean any = false;
            boolean written = false;
            for (int p = 0; p < cores; p++) {
                int slot = l1[p].lookup(line);
                if (slot < 0) continue;
                if (l1[p].state[slot] == M && partial) {
                    writeOutside(line, l1[p].versions, l1[p].versionBase(slot), a, b);
                    l1Stats[p].writebacks++;
                    written = true;
                }
                l1[p].invalidate(slot);
                l1Stats[p].snoopInvalidations++;
                any = true;
            }
            int s2 = a2.lookup(line);
            if (s2 >= 0) {
                if (a2.state[s2] == Cache.DIRTY && partial && !written) {
                    writeOutside(line, a2.versions, a2.versionBase(s2), a, b);
                    l2.stats().writebacks++;
                }
                l2.invalidateSlot(s2);
                l2.stats().snoopInvalidations++;
                any = true;
            } else {
                l2.poison(line);
            }
            if (any) lines++;
        }
        return lines;
    }

    /**
     * A coherent device's write of {@code [addr, addr + len)} leaves for memory: {@link #snoopWrite},
     * and until {@link #endDeviceWrite} of the same range, whatever the CPU reads of those lines from
     * memory is used but not cached, and the prefetchers leave them alone (memory may still hold
     * the old data). Returns what {@code snoopWrite} returns.
     */
    public int beginDeviceWrite(long addr, long len) {
        int lines = snoopWrite(addr, len);
        if (len > 0) for (long line = addr >>> lineShift, last = (addr + len - 1) >>> lineShift; line <= last; line++) deviceWrites.add(line);
        return lines;
    }

    /**
     * Run {@code then} once no write-back of the CPU's (the L2's) to the lines of
     * {@code [addr, addr + len)} is still on its way to memory: a coherent device's write to
     * them must land after those, as the interconnect orders writes to one address.
     */
    public void afterWriteBacks(long addr, long len, Runnable then) {
        if (len <= 0) then.run();
        else l2.afterWritesLand(addr >>> lineShift, (addr + len - 1) >>> lineShift, then);
    }

    /** True if a write-back of the CPU's (the L2's) to a line of {@code [addr, addr + len)} is on its way to memory. */
    public boolean writeBacksInFlight(long addr, long len) {
        return len > 0 && l2.writesInFlight(addr >>> lineShift, (addr + len - 1) >>> lineShift);
    }

    /** The write of {@link #beginDeviceWrite} has landed in memory. */
    public void endDeviceWrite(long addr, long len) {
        if (len > 0) for (long line = addr >>> lineShift, last = (addr + len - 1) >>> lineShift; line <= last; line++) deviceWrites.remove(line);
    }

    /** Write back sectors [0, a) and (b, spl) of a line. */
    private void writeOutside(long line, long[] v, int base, int a, int b) {
        long lineAddr = line << lineShift;
        if (a > 0) l2.write(lineAddr, a, v, base, null, 0);
        if (b < spl - 1) l2.write(lineAddr + ((long) (b + 1) << sectorShift), spl - 1 - b, v, base + b + 1, null, 0);
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * Clean, invalidate or clean+invalidate {@code [addr, addr + len)} in every level of every
     * core's caches (to the point of coherency), starting now. Each line address of the range
     * costs {@code cpu.maint_cycles_per_line} cycles; a dirty copy (the M line of an L1, else a
     * dirty L2 line) is written back to memory, and the L2's copy of a cleaned L1 line takes the
     * written data. {@code done} is called when the cycles have elapsed and every write-back has
     * landed, with the counts (cleaned = lines written back, invalidated = lines of which some
     * copy was dropped).
     */
    public void maintain(MaintenanceOp op, long addr, long len, Consumer<MaintenanceResult> done) {
        long firstLine = addr >>> lineShift;
        long count = len <= 0 ? 0 : ((addr + len - 1) >>> lineShift) - firstLine + 1;
        new RangeWalk(op, firstLine, count, done).start();
    }

    public void clean(long addr, long len, Consumer<MaintenanceResult> done) { maintain(MaintenanceOp.CLEAN, addr, len, done); }

    public void invalidate(long addr, long len, Consumer<MaintenanceResult> done) { maintain(MaintenanceOp.INVALIDATE, addr, len, done); }

    public void cleanInvalidate(long addr, long len, Consumer<MaintenanceResult> done) {
        maintain(MaintenanceOp.CLEAN_INVALIDATE, addr, len, done);
    }

    /** Clean and invalidate everything, set by set and way: every L1 slot of every core, then every L2 slot. */
    public void flushAll(Consumer<MaintenanceResult> done) {
        new FlushWalk(done).start();
    }

    private boolean dirtyAnywhere(long line) {
        for (int p = 0; p < cores; p++) {
            int slot = l1[p].lookup(line);
            if (slot >= 0 && l1[p].state[slot] == M) return true;
        }
        int s2 = l2.probe(line);
        return s2 >= 0 && l2.array().state[s2] == Cache.DIRTY;
    }

    private final class RangeWalk extends MaintenanceWalk {
        private final long firstLine;

        RangeWalk(MaintenanceOp op, long firstLine, long count, Consumer<MaintenanceResult> done) {
            super(CpuCaches.this.engine, clock, op, count, spec.l1().maintCyclesPerLine(), done);
            this.firstLine = firstLine;
        }

        @Override protected boolean needsBus(long i) { return op.cleans() && dirtyAnywhere(firstLine + i); }

        @Override protected void visit(long i) {
            long line = firstLine + i;
            boolean wrote = false, dropped = false;
            CacheArray a2 = l2.array();
            for (int p = 0; p < cores; p++) {
                CacheArray a = l1[p];
                int slot = a.lookup(line);
                if (slot < 0) continue;
                if (op.cleans() && a.state[slot] == M) {
                    expectWrite();
                    l2.write(line << lineShift, spl, a.versions, a.versionBase(slot), this, 0);
                    l1Stats[p].writebacks++;
                    l1Stats[p].cleanedLines++;
                    a.state[slot] = E;
                    int s2 = a2.lookup(line);
                    if (s2 >= 0) {
                        System.arraycopy(a.versions, a.versionBase(slot), a2.versions, a2.versionBase(s2), spl);
                        a2.state[s2] = Cache.CLEAN;
                    }
                    wrote = true;
                }
                if (op.invalidates()) {
                    a.invalidate(slot);
                    l1Stats[p].invalidatedLines++;
                    dropped = true;
                }
            }
            int s2 = a2.lookup(line);
            if (s2 >= 0) {
                if (op.cleans() && a2.state[s2] == Cache.DIRTY) {
                    expectWrite();
                    l2.cleanSlot(s2, this, 0);
                    l2.stats().cleanedLines++;
                    wrote = true;
                }
                if (op.invalidates()) {
                    l2.invalidateSlot(s2);
                    l2.stats().invalidatedLines++;
                    dropped = true;
                }
            } else if (op.invalidates()) {
                l2.poison(line);
            }
            if (wrote) cleaned++;
            if (dropped) invalidated++;
        }
    }

    private final class FlushWalk extends MaintenanceWalk {
        private final int l1Slots;

        FlushWalk(Consumer<MaintenanceResult> done) {
            super(CpuCaches.this.engine, clock, MaintenanceOp.CLEAN_INVALIDATE,
                    (long) cores * l1[0].slots() + l2.array().slots(), spec.l1().maintCyclesPerLine(), done);
            this.l1Slots = l1[0].slots();
        }

        @Override protected boolean needsBus(long i) {
            if (i < (long) cores * l1Slots) {
                CacheArray a = l1[(int) (i / l1Slots)];
                return a.state[(int) (i % l1Slots)] == M;
            }
            return l2.array().state[(int) (i - (long) cores * l1Slots)] == Cache.DIRTY;
        }

        @Override protected void visit(long i) {
            if (i < (long) cores * l1Slots) {
                int p = (int) (i / l1Slots);
                int slot = (int) (i % l1Slots);
                CacheArray a = l1[p];
                if (a.tags[slot] == -1L) return;
                if (a.state[slot] == M) {
                    expectWrite();
                    l2.write(a.addrOf(slot), spl, a.versions, a.versionBase(slot), this, 0);
                    l1Stats[p].writebacks++;
                    l1Stats[p].cleanedLines++;
                    cleaned++;
                    // The L2's copy, if any, is older: it must not be written back after this one.
                    CacheArray a2 = l2.array();
                    int s2 = a2.lookup(a.tags[slot]);
                    if (s2 >= 0) {
                        System.arraycopy(a.versions, a.versionBase(slot), a2.versions, a2.versionBase(s2), spl);
                        a2.state[s2] = Cache.CLEAN;
                    }
                }
                a.invalidate(slot);
                l1Stats[p].invalidatedLines++;
                invalidated++;
                return;
            }
            int slot = (int) (i - (long) cores * l1Slots);
            CacheArray a2 = l2.array();
            if (a2.tags[slot] == -1L) return;
            if (a2.state[slot] == Cache.DIRTY) {
                expectWrite();
                l2.cleanSlot(slot, this, 0);
                l2.stats().cleanedLines++;
                cleaned++;
            }
            l2.invalidateSlot(slot);
            l2.stats().invalidatedLines++;
            invalidated++;
        }
    }

    // ------------------------------------------------------------------ prefetching

    /** The prefetcher {@code cpu.prefetch} chose (replaceable, e.g. by a test's own). */
    public Prefetcher prefetcher() { return prefetcher; }

    public void setPrefetcher(Prefetcher p) { this.prefetcher = p; }

    /** See {@link Prefetcher#stopWhen}: the run says when its work is over. */
    public void stopSpeculationWhen(java.util.function.BooleanSupplier done) { prefetcher.stopWhen(done); }

    /**
     * The buffers the CPU has mapped (cacheable), where {@code cpu.prefetch = speculative} may fill
     * lines. Replaces the previous set; an empty set stops the prefetcher (so that it does not
     * keep the event queue alive).
     */
    public void setSpeculativeRegions(long[] addrs, long[] lens) { prefetcher.setRegions(addrs, lens); }

    @Override
    public boolean prefetchLine(long lineNo) {
        if (l2.probe(lineNo) >= 0 || deviceWrites.contains(lineNo)) return false;
        for (int p = 0; p < cores; p++) if (l1[p].lookup(lineNo) >= 0) return false;
        return l2.prefetch(lineNo);
    }

    @Override
    public long lineOf(long addr) { return addr >>> lineShift; }
}
