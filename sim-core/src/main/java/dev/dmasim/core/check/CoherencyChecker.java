package dev.dmasim.core.check;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.result.WarningKind;
import dev.dmasim.core.time.Time;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The coherency checker: it knows the true happens-before order of the run (vector clocks fed
 * by {@link #release} and {@link #acquire}) and the facts the models report through
 * {@link CoherencyObserver}, and nothing about caches, buses or dma-buf. From those it finds
 * {@code data-race}, {@code stale-read}, {@code lost-write} and {@code torn-frame}
 * (MODEL.md "Violations"); other models file their own kinds and warnings through
 * {@link #report} and {@link #warn}. See {@code docs/checker.md}.
 *
 * <p>Per physical sector it keeps, in primitive paged arrays: the last logical write (a pass
 * id = version), the component holding it, memory's version, whether the last write ever
 * reached memory, its time, and the reads since the last write (one pass, or a small set while
 * reads are concurrent, as FastTrack does). Pages are keyed by physical address and shared by
 * every buffer they touch, so two buffers that are not sector-aligned share the state of the
 * sector between them; buffers only name the bytes in messages.
 */
public final class CoherencyChecker implements CoherencyObserver {
    /** The name models use for memory as the one serving a read or holding a write. */
    public static final String MEMORY = "memory";
    public static final int MAX_SAMPLES = 100;

    public static final String READER_CACHE_NOT_INVALIDATED = "reader-cache-not-invalidated";
    public static final String WRITER_CACHE_NOT_CLEANED = "writer-cache-not-cleaned";
    public static final String BOTH = "both";
    public static final String MEMORY_OVERWRITTEN = "memory-overwritten";

    private static final int PAGE_SHIFT = 12;
    private static final int PAGE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE - 1;
    /** readers[] value meaning "see the page's reader set for this sector". */
    private static final int READER_SET = -1;

    private final boolean enabled;
    private final int granularity;
    private final int shift;
    private final LongSupplier nowPs;
    private final int maxSamples;

    // agents
    private final Map<String, Integer> agentIds = new HashMap<>();
    private String[] agentNames = new String[8];
    private VectorClock[] clocks = new VectorClock[8];
    private int agentCount;

    // passes, indexed by pass id (= the version a pass writes); slot 0 is version 0
    private int passCount;
    private int[] passAgent = new int[256];
    private int[] passEpoch = new int[256];
    private int[][] passClock = new int[256][];
    private long[] passGeneration = new long[256];
    private long[] passBeginPs = new long[256];
    private String[] passLabel = new String[256];
    private boolean[] passFrameRead = new boolean[256];
    /** Torn-frame trackers of active frame-reading passes, one per buffer read (chained). */
    private Tracker[] passTracker = new Tracker[256];
    private long generations;

    // buffers, sorted by base; byId indexed by buffer id
    private Buffer[] buffers = new Buffer[8];
    private int bufferCount;
    private Buffer lastBuffer;
    private final List<Buffer> byId = new ArrayList<>();
    /** Sector state pages by physical page number (address >>> shift >>> PAGE_SHIFT); buffers cache theirs. */
    private final Map<Long, Page> pages = new HashMap<>();
    /** Whether the last sector read by the current read call was stale or racing (for the next buffer's torn tracker). */
    private boolean lastSectorBad;

    // components that hold data: id 0 is memory
    private final Map<String, Integer> holderIds = new HashMap<>();
    private final List<String> holderNames = new ArrayList<>();
    private final List<String> holderInvalidate = new ArrayList<>();
    private final List<String> holderClean = new ArrayList<>();
    private String lastHolder;
    private int lastHolderId;

    // results
    private final List<Rec> records = new ArrayList<>();
    private final EnumMap<ViolationKind, Long> counts = new EnumMap<>(ViolationKind.class);
    private final EnumMap<WarningKind, Long> warningCounts = new EnumMap<>(WarningKind.class);
    private final List<String> warningSamples = new ArrayList<>();
    private final Map<Key, Rec> dedup = new HashMap<>();
    private Rec lastRec; // the last deduplicated record: consecutive sectors usually hit it again

    /**
     * @param enabled     false: every call is nearly free (ids are still handed out) and no
     *                    coherency violation is found
     * @param granularity sector size in bytes, a power of two from 4 to 64
     * @param nowPs       the simulated time, read when something is recorded
     * @param maxSamples  how many records {@link #samples()} returns
     */
    public CoherencyChecker(boolean enabled, int granularity, LongSupplier nowPs, int maxSamples) {
        if (granularity < 4 || granularity > 64 || Integer.bitCount(granularity) != 1) {
            throw new IllegalArgumentException("check.granularity must be a power of two from 4 to 64 B, got " + granularity);
        }
        this.enabled = enabled;
        this.granularity = granularity;
        this.shift = Integer.numberOfTrailingZeros(granularity);
        this.nowPs = Objects.requireNonNull(nowPs);
        this.maxSamples = maxSamples;
        for (ViolationKind k : ViolationKind.values()) counts.put(k, 0L);
        for (WarningKind k : WarningKind.values()) warningCounts.put(k, 0L);
        holderIds.put(MEMORY, 0);
        holderNames.add(MEMORY);
        holderInvalidate.add(null);
        holderClean.add(null);
    }

    public CoherencyChecker(boolean enabled, int granularity, LongSupplier nowPs) {
        this(enabled, granularity, nowPs, MAX_SAMPLES);
    }

    public boolean enabled() { return enabled; }

    public int granularity() { return granularity; }

    // ---------------------------------------------------------------- agents and clocks

    /** Registers an agent (a thread {@code cpu0/main}, a device {@code dma0}); the same name gives the same id. */
    public int registerAgent(String name) {
        Integer known = agentIds.get(name);
        if (known != null) return known;
        int id = agentCount++;
        if (id == agentNames.length) {
            agentNames = Arrays.copyOf(agentNames, id * 2);
            clocks = Arrays.copyOf(clocks, id * 2);
        }
        agentNames[id] = name;
        clocks[id] = new VectorClock(id);
        agentIds.put(name, id);
        return id;
    }

    public String agentName(int agent) { return agentNames[agent]; }

    public int agentCount() { return agentCount; }

    /**
     * The agent publishes what it did so far (fence signal, submission, QBUF, unmap under a
     * blocking policy): the snapshot covers its earlier operations, and its own component then
     * advances so that later operations are not covered.
     */
    public ClockSnapshot release(int agent) {
        if (!enabled) return ClockSnapshot.EMPTY;
        VectorClock c = clocks[agent];
        ClockSnapshot s = c.snapshot();
        c.tick(agent);
        return s;
    }

    /** The agent learns {@code s} (it waited on a fence, DQBUF returned, a job started): later operations are ordered after it. */
    public void acquire(int agent, ClockSnapshot s) {
        if (!enabled || s == null) return;
        clocks[agent].join(s);
    }

    /** The clock of a fence merged from two (a sync file of several fences, a join of implicit fences). */
    public ClockSnapshot merge(ClockSnapshot a, ClockSnapshot b) {
        if (!enabled) return ClockSnapshot.EMPTY;
        return ClockSnapshot.merge(a, b);
    }

    /** The agent's current clock (for tests and debugging). */
    public ClockSnapshot clockOf(int agent) { return clocks[agent].snapshot(); }

    // ---------------------------------------------------------------- buffers, holders

    /**
     * Tracks {@code [base, base + size)} under {@code name} (e.g. {@code fb[1]}); accesses
     * outside registered buffers are ignored. Returns the buffer's id.
     */
    public int registerBuffer(String name, long base, long size) {
        if (size <= 0) throw new IllegalArgumentException("buffer " + name + " has size " + size);
        int pos = 0;
        while (pos < bufferCount && buffers[pos].base < base) pos++;
        if (pos > 0 && buffers[pos - 1].end > base) {
            throw new IllegalArgumentException("invariant: buffer " + name + " overlaps " + buffers[pos - 1].name);
        }
        if (pos < bufferCount && buffers[pos].base < base + size) {
            throw new IllegalArgumentException("invariant: buffer " + name + " overlaps " + buffers[pos].name);
        }
        if (bufferCount == buffers.length) buffers = Arrays.copyOf(buffers, bufferCount * 2);
        System.arraycopy(buffers, pos, buffers, pos + 1, bufferCount - pos);
        Buffer b = new Buffer(name, base, size, shift);
        buffers[pos] = b;
        bufferCount++;
        b.id = byId.size();
        byId.add(b);
        return b.id;
    }

    /**
     * Names, for messages, the calls that would have invalidated or cleaned {@code component}'s
     * copy: e.g. {@code cpu0.l1}: {@code begin_cpu_access(read)} / {@code end_cpu_access(write)};
     * {@code gpu0.l2}: {@code map} / {@code unmap}.
     */
    public void describeHolder(String component, String invalidateCall, String cleanCall) {
        int id = holderId(component);
        holderInvalidate.set(id, invalidateCall);
        holderClean.set(id, cleanCall);
    }

    private int holderId(String name) {
        if (name == null) return 0;
        if (name == lastHolder) return lastHolderId;
        Integer id = holderIds.get(name);
        if (id == null) {
            id = holderNames.size();
            if (id > Short.MAX_VALUE) throw new IllegalStateException("invariant: more than 32767 data-holding components");
            holderIds.put(name, id);
            holderNames.add(name);
            holderInvalidate.add(null);
            holderClean.add(null);
        }
        lastHolder = name;
        lastHolderId = id;
        return id;
    }

    // ---------------------------------------------------------------- passes

    /** A fresh generation id, for passes that together produce one frame (the halves of an SFR render). */
    public long newGeneration() { return ++generations; }

    /**
     * Starts a pass of {@code agent}; its clock is the agent's clock now, and the version it
     * writes is the returned id.
     *
     * @param label      how messages name it: {@code dma0 job 7}, {@code cam0 frame 3}
     * @param frameRead  it reads a frame as a whole (a scanout, a GPU read, a CPU read of a whole
     *                   buffer): it is checked for torn frames
     * @param generation groups passes producing one frame together (from {@link #newGeneration()}
     *                   or any positive number the caller keeps unique); 0 = its own
     */
    public int beginPass(int agent, String label, boolean frameRead, long generation) {
        int id = ++passCount;
        if (!enabled) return id;
        if (agent < 0 || agent >= agentCount) throw new IllegalStateException("invariant: pass of unregistered agent " + agent);
        if (id == passAgent.length) growPasses();
        passAgent[id] = agent;
        passEpoch[id] = clocks[agent].get(agent);
        passClock[id] = clocks[agent].share();
        passGeneration[id] = generation != 0 ? generation : -id;
        passBeginPs[id] = nowPs.getAsLong();
        passLabel[id] = label;
        passFrameRead[id] = frameRead;
        return id;
    }

    /** Ends a pass: a frame-reading pass stops being tracked for torn frames. */
    public void endPass(int pass) {
        if (!enabled) return;
        checkPass(pass);
        passTracker[pass] = null;
    }

    public String passLabel(int pass) { return pass == 0 ? "nobody (never written)" : passLabel[pass]; }

    public int passAgent(int pass) { return passAgent[pass]; }

    public int passCount() { return passCount; }

    /**
     * True if pass {@code a} happens-before pass {@code b} (or is the same pass, or an earlier
     * pass of the same agent: program order). Version 0 happens-before everything.
     */
    public boolean happensBefore(int a, int b) {
        if (a == 0) return true;
        if (b == 0) return false;
        int agent = passAgent[a];
        if (agent == passAgent[b]) return a <= b;
        int[] c = passClock[b];
        return agent < c.length && passEpoch[a] <= c[agent];
    }

    private void growPasses() {
        int n = passAgent.length * 2;
        passAgent = Arrays.copyOf(passAgent, n);
        passEpoch = Arrays.copyOf(passEpoch, n);
        passClock = Arrays.copyOf(passClock, n);
        passGeneration = Arrays.copyOf(passGeneration, n);
        passBeginPs = Arrays.copyOf(passBeginPs, n);
        passLabel = Arrays.copyOf(passLabel, n);
        passFrameRead = Arrays.copyOf(passFrameRead, n);
        passTracker = Arrays.copyOf(passTracker, n);
    }

    private void checkPass(int pass) {
        if (pass <= 0 || pass > passCount) throw new IllegalStateException("invariant: no pass " + pass);
    }

    private int version(long v) {
        if (v < 0 || v > passCount) throw new IllegalStateException("invariant: version " + v + " was written by no pass");
        return (int) v;
    }

    // ---------------------------------------------------------------- facts

    @Override
    public void write(int pass, long addr, long len, String holder) {
        if (!enabled || len <= 0) return;
        checkPass(pass);
        int hid = holderId(holder);
        long now = nowPs.getAsLong();
        long end = addr + len;
        long cur = addr;
        long done = -1; // the last sector handled: a sector shared with the previous buffer is handled once
        while (cur < end) {
            Buffer b = bufferFrom(cur);
            if (b == null || b.base >= end) return;
            long s0 = Math.max(cur, b.base), s1 = Math.min(end, b.end);
            long first = Math.max(s0 >>> shift, done + 1), last = (s1 - 1) >>> shift;
            if (first <= last) writeSegment(pass, b, s0, s1, first, last, hid, now);
            done = last;
            cur = s1;
        }
    }

    /** Sectors {@code first..last} of the write, on {@code b}'s bytes {@code [s0, s1)}. */
    private void writeSegment(int pass, Buffer b, long s0, long s1, long first, long last, int hid, long now) {
        int agent = passAgent[pass];
        // consecutive sectors mostly share their last writer and reader: decide ordering once for each
        int memoPrev = -1, memoReader = -1;
        boolean prevRaces = false, readerOrdered = true;
        long at = first;
        while (at <= last) {
            Page p = page(b, at);
            int i = (int) (at & PAGE_MASK);
            int n = (int) Math.min(last - at + 1, PAGE - i);
            long sec = at - i; // sector of page slot 0, for messages
            at += n;
            int[] lastWrite = p.lastWrite, prevWrite = p.prevWrite, readers = p.readers, mem = p.mem;
            short[] holder = p.holder;
            long[] writePs = p.writePs;
            boolean[] reached = p.reached;
            for (int end = i + n; i < end; i++) {
                int prev = lastWrite[i];
                if (prev != memoPrev) {
                    memoPrev = prev;
                    prevRaces = prev != 0 && prev != pass && passAgent[prev] != agent && !happensBefore(prev, pass);
                }
                if (prevRaces) race(prev, pass, "wrote", "wrote", b, sec + i, s0, s1, writePs[i]);
                int r = readers[i];
                if (r != 0) {
                    if (r == READER_SET) {
                        int[] set = p.sets[i];
                        for (int k = 1; k <= set[0]; k++) {
                            if (!orderedBefore(set[k], pass, agent)) readerRaces(set[k], pass, b, sec + i, s0, s1);
                        }
                        set[0] = 0; // kept for reuse: the next concurrent readers allocate nothing
                    } else {
                        if (r != memoReader) {
                            memoReader = r;
                            readerOrdered = orderedBefore(r, pass, agent);
                        }
                        if (!readerOrdered) readerRaces(r, pass, b, sec + i, s0, s1);
                    }
                    readers[i] = 0;
                }
                if (prev != pass) prevWrite[i] = prev;
                lastWrite[i] = pass;
                holder[i] = (short) hid;
                writePs[i] = now;
                reached[i] = mem[i] == pass; // a cacheless write may have landed before it was reported
            }
        }
        // a sector b covers only in part may be shared: remember whose bytes its last write was on
        if (first == b.headSector || first == b.tailSector) noteWriter(b, first);
        if (last != first && last == b.tailSector) noteWriter(b, last);
    }

    private void noteWriter(Buffer b, long sec) {
        Page p = page(b, sec);
        int i = (int) (sec & PAGE_MASK);
        p.partial();
        p.writeBuf[i] = b.id + 1;
        p.memBuf[i] = p.reached[i] ? b.id + 1 : 0;
    }

    /** Access {@code x} cannot race with pass {@code pass} of {@code agent}. */
    private boolean orderedBefore(int x, int pass, int agent) {
        return x == pass || passAgent[x] == agent || happensBefore(x, pass);
    }

    private void readerRaces(int r, int pass, Buffer b, long sec, long s0, long s1) {
        race(r, pass, "read", "wrote", b, sec, s0, s1, passBeginPs[r]);
        // the reader's frame is bad in every buffer it read this sector of (a shared sector is in two)
        for (Tracker t = passTracker[r]; t != null; t = t.next) {
            if (t.buffer.firstSector <= sec && sec <= t.buffer.lastSector) markBad(t);
        }
    }

    @Override
    public void read(int pass, long addr, long len, long[] versions, int off, String servedBy) {
        if (!enabled || len <= 0) return;
        checkPass(pass);
        long end = addr + len;
        long cur = addr;
        long base = addr >>> shift;
        long done = -1;
        while (cur < end) {
            Buffer b = bufferFrom(cur);
            if (b == null || b.base >= end) return;
            long s0 = Math.max(cur, b.base), s1 = Math.min(end, b.end);
            long last = (s1 - 1) >>> shift;
            readSegment(pass, b, s0, s1, (s0 >>> shift) == done, last, versions, off - base, servedBy);
            done = last;
            cur = s1;
        }
    }

    private static final int ORDERED = 0, RACING = 1, NONE = 2;

    /**
     * Sectors of the read on {@code b}'s bytes {@code [s0, s1)} up to {@code last};
     * {@code versions[(int) (sector + vbase)]} is the version seen in {@code sector}. If
     * {@code sharedDone}, the first sector was handled with the previous buffer (it is shared)
     * and only counts for this buffer's torn-frame tracker.
     */
    private void readSegment(int pass, Buffer b, long s0, long s1, boolean sharedDone, long last,
                             long[] versions, long vbase, String servedBy) {
        int agent = passAgent[pass];
        Tracker t = passFrameRead[pass] ? tracker(pass, b, true) : null;
        long at = s0 >>> shift;
        if (sharedDone) {
            if (t != null) see(t, version(versions[(int) (at + vbase)]), b, at, s0, s1, lastSectorBad);
            at++;
        }
        int memoW = -1, wState = NONE;
        boolean bad = lastSectorBad;
        while (at <= last) {
            Page p = page(b, at);
            int i = (int) (at & PAGE_MASK);
            int n = (int) Math.min(last - at + 1, PAGE - i);
            long sec0 = at - i; // sector of page slot 0
            at += n;
            int vOff = (int) (sec0 + vbase);
            int[] lastWrite = p.lastWrite, readers = p.readers;
            for (int end = i + n; i < end; i++) {
                int v = version(versions[vOff + i]);
                int w = lastWrite[i];
                if (w != memoW) {
                    memoW = w;
                    wState = writeState(w, pass, agent);
                }
                bad = false;
                if (wState == RACING) {
                    race(w, pass, "wrote", "read", b, sec0 + i, s0, s1, p.writePs[i]);
                    bad = true;
                    // The racing write's version is acceptable garbage; one older than the write it
                    // replaced, which this read is ordered after, is not (MODEL.md: "any of their versions").
                    // Only once the racing write has landed: before that, a coherent write has already
                    // snooped the older copy away while memory still holds what came before it.
                    int o = p.prevWrite[i];
                    if (v != w && o != 0 && v != o && p.reached[i] && happensBefore(v, o) && writeState(o, pass, agent) == ORDERED) {
                        staleBehindRace(pass, v, o, w, b, sec0 + i, s0, s1, servedBy);
                    }
                } else if (wState == ORDERED && v != w) {
                    stale(pass, v, w, p, i, b, sec0 + i, s0, s1, servedBy);
                    bad = true;
                }
                if (t != null) see(t, v, b, sec0 + i, s0, s1, bad);
                int r = readers[i];
                if (r != pass) {
                    if (r == 0) readers[i] = pass;
                    else addReader(p, i, r, pass);
                }
            }
        }
        lastSectorBad = bad;
    }

    /**
     * How the last write {@code w} of a sector stands to a read by {@code pass}: ORDERED (the read
     * must see it), RACING (unordered, another agent), or NONE (never written, or a later pass of
     * the reader's own agent, which orders nothing).
     */
    private int writeState(int w, int pass, int agent) {
        if (w == 0) return NONE;
        if (w == pass) return ORDERED;
        if (passAgent[w] == agent) return w < pass ? ORDERED : NONE;
        return happensBefore(w, pass) ? ORDERED : RACING;
    }

    /** FastTrack's read epoch: one reader while reads are ordered, a set only while they are concurrent. */
    private void addReader(Page p, int i, int r, int pass) {
        if (r != READER_SET) {
            if (happensBefore(r, pass)) { p.readers[i] = pass; return; }
            int[] set = p.set(i, 2);
            set[0] = 2;
            set[1] = r;
            set[2] = pass;
            p.readers[i] = READER_SET;
            return;
        }
        int[] set = p.sets[i];
        int n = set[0], m = 0;
        boolean present = false;
        for (int k = 1; k <= n; k++) {
            int e = set[k];
            if (e == pass) present = true;
            else if (happensBefore(e, pass)) continue; // covered by this read from now on
            set[++m] = e;
        }
        if (!present) {
            if (m + 1 >= set.length) set = p.grow(i);
            set[++m] = pass;
        }
        set[0] = m;
    }

    @Override
    public void memoryWrite(long addr, long len, long[] versions, int off, String by) {
        if (!enabled || len <= 0) return;
        long end = addr + len;
        long cur = addr;
        long base = addr >>> shift;
        long done = -1;
        while (cur < end) {
            Buffer b = bufferFrom(cur);
            if (b == null || b.base >= end) return;
            long s0 = Math.max(cur, b.base), s1 = Math.min(end, b.end);
            long first = Math.max(s0 >>> shift, done + 1), last = (s1 - 1) >>> shift;
            if (first <= last) memorySegment(b, addr, end, first, last, versions, off - base, by);
            done = last;
            cur = s1;
        }
    }

    /** Sectors {@code first..last} of a memory write of {@code [addr, end)}, found on {@code b}. */
    private void memorySegment(Buffer b, long addr, long end, long first, long last, long[] versions, long vbase, String by) {
        long at = first;
        while (at <= last) {
            Page p = page(b, at);
            int i = (int) (at & PAGE_MASK);
            int n = (int) Math.min(last - at + 1, PAGE - i);
            long sec0 = at - i;
            at += n;
            int vOff = (int) (sec0 + vbase);
            int[] mem = p.mem, lastWrite = p.lastWrite, writeBuf = p.writeBuf, memBuf = p.memBuf;
            boolean[] reached = p.reached;
            for (int e = i + n; i < e; i++) {
                int v = version(versions[vOff + i]);
                int m = mem[i];
                if (v != m && m != 0 && happensBefore(v, m)) {
                    lost(v, m, lostOn(b, memBuf == null ? 0 : memBuf[i], sec0 + i, addr, end), sec0 + i, addr, end, by);
                }
                mem[i] = v;
                if (v == lastWrite[i]) reached[i] = true;
                if (memBuf != null) memBuf[i] = v == lastWrite[i] ? writeBuf[i] : 0;
            }
        }
    }

    /**
     * The buffer a lost write is reported on: the one whose bytes the lost version was written
     * on (known for a sector two buffers share), if the write-back covers some of them; else
     * {@code b}, the first buffer the write-back covers in that sector.
     */
    private Buffer lostOn(Buffer b, int memBuf, long sec, long addr, long end) {
        if (memBuf == 0 || memBuf == b.id + 1) return b;
        Buffer o = byId.get(memBuf - 1);
        long a = Math.max(Math.max(addr, o.base), sec << shift), e = Math.min(Math.min(end, o.end), (sec + 1) << shift);
        return a < e ? o : b;
    }

    // ---------------------------------------------------------------- torn frames

    /** Per (frame-reading pass, buffer): which producing generations it saw, and whether anything was wrong. */
    private static final class Tracker {
        final int pass;
        final Buffer buffer;
        Tracker next;
        long gen1, gen2;
        int ver1, ver2; // a version of each generation, to name it
        boolean bad;
        Extent torn; // bytes from sectors not of the first generation seen
        long tornOffset;
        Rec rec;

        Tracker(int pass, Buffer buffer) {
            this.pass = pass;
            this.buffer = buffer;
        }
    }

    private Tracker tracker(int pass, Buffer b, boolean create) {
        Tracker t = passTracker[pass];
        while (t != null && t.buffer != b) t = t.next;
        if (t == null && create) {
            t = new Tracker(pass, b);
            t.next = passTracker[pass];
            passTracker[pass] = t;
        }
        return t;
    }

    private void see(Tracker t, int v, Buffer b, long sec, long s0, long s1, boolean bad) {
        if (v != 0) {
            long g = passGeneration[v];
            if (t.ver1 == 0) {
                t.gen1 = g;
                t.ver1 = v;
            } else if (g != t.gen1) {
                long a = Math.max(s0, sec << shift), e = Math.min(s1, (sec + 1) << shift);
                if (t.ver2 == 0) {
                    t.gen2 = g;
                    t.ver2 = v;
                    t.torn = new Extent();
                    t.tornOffset = a - b.base;
                }
                t.torn.add(a - b.base, e - b.base);
                if (t.rec != null) t.rec.touched();
            }
        }
        if (bad) t.bad = true;
        maybeTorn(t);
    }

    private void markBad(Tracker t) {
        if (t.bad) return;
        t.bad = true;
        maybeTorn(t);
    }

    /** A frame seen from two generations is torn only when something was also wrong (correct partial updates stay silent). */
    private void maybeTorn(Tracker t) {
        if (!t.bad || t.ver2 == 0 || t.rec != null) return;
        int reader = t.pass;
        Buffer b = t.buffer;
        List<String> agents = agents(passAgent[reader], passAgent[t.ver1], passAgent[t.ver2]);
        String head = who(reader) + " read a torn frame from " + b.name + ": ";
        String tail = " came from " + passLabel[t.ver2] + sameGenerationNote(t.ver2)
                + " while the first data it read came from " + passLabel[t.ver1] + sameGenerationNote(t.ver1)
                + ", and the pass also saw stale or racing data (see those records)";
        t.rec = newRec(ViolationKind.TORN_FRAME, b.name, t.tornOffset, t.torn, agents, null, head, tail);
        t.rec.a = reader;
    }

    private String sameGenerationNote(int v) {
        return passGeneration[v] > 0 ? " (generation " + passGeneration[v] + ")" : "";
    }

    // ---------------------------------------------------------------- records

    private void race(int first, int second, String firstDid, String secondDid, Buffer b, long sec, long s0, long s1, long firstPs) {
        int lo = Math.min(first, second), hi = Math.max(first, second);
        long a = Math.max(s0, sec << shift), e = Math.min(s1, (sec + 1) << shift);
        Rec r = find(ViolationKind.DATA_RACE, lo, hi, b, null);
        if (r == null) {
            long now = nowPs.getAsLong();
            String how = ("read".equals(firstDid) ? "read" : "write") + "/" + ("read".equals(secondDid) ? "read" : "write");
            String head = "data race (" + how + ") on " + b.name + " ";
            String firstWhen = "read".equals(firstDid) ? " during the pass that began at " + Time.format(firstPs) : " at " + Time.format(firstPs);
            String tail = ": " + passLabel[first] + " " + firstDid + " it" + firstWhen + " and " + passLabel[second]
                    + " " + secondDid + " it at " + Time.format(now) + ", and neither happens-before the other"
                    + " (no fence wait, submission, DQBUF or release/acquire orders them)";
            r = newRec(ViolationKind.DATA_RACE, b.name, a - b.base, new Extent(), agents(passAgent[first], passAgent[second]), null, head, tail);
            remember(ViolationKind.DATA_RACE, lo, hi, b, null, r);
        }
        r.add(a - b.base, e - b.base);
    }

    private void stale(int reader, int seen, int expected, Page p, int i, Buffer b, long sec, long s0, long s1, String servedBy) {
        boolean fromMemory = servedBy == null || MEMORY.equals(servedBy);
        boolean reached = p.reached[i];
        String cause;
        if (!fromMemory) cause = !reached ? BOTH : p.mem[i] == expected ? READER_CACHE_NOT_INVALIDATED : MEMORY_OVERWRITTEN;
        else cause = !reached ? WRITER_CACHE_NOT_CLEANED : MEMORY_OVERWRITTEN;
        fileStale(reader, seen, expected, 0, p.writePs[i], cause, servedBy, p.holder[i], b, sec, s0, s1);
    }

    /**
     * A read that races with write {@code racing} saw {@code seen}, older than {@code expected}, the
     * write {@code racing} replaced and which happens-before the read. Where the stale copy came
     * from is all that is known (the sector's memory and holder state describe the racing write).
     */
    private void staleBehindRace(int reader, int seen, int expected, int racing, Buffer b, long sec, long s0, long s1, String servedBy) {
        boolean fromMemory = servedBy == null || MEMORY.equals(servedBy);
        String cause = fromMemory ? WRITER_CACHE_NOT_CLEANED : READER_CACHE_NOT_INVALIDATED;
        fileStale(reader, seen, expected, racing, 0, cause, servedBy, 0, b, sec, s0, s1);
    }

    /** Adds sector {@code sec} to the stale-read record of its key, made (with its message) on first use. */
    private void fileStale(int reader, int seen, int expected, int racing, long expectedPs, String cause, String servedBy, int holder,
                           Buffer b, long sec, long s0, long s1) {
        long a = Math.max(s0, sec << shift), e = Math.min(s1, (sec + 1) << shift);
        Rec r = find(ViolationKind.STALE_READ, reader, expected, b, cause);
        if (r == null) {
            String head = agentNames[passAgent[reader]] + " read " + b.name + " ";
            String newest = racing == 0 ? " at " + Time.format(expectedPs) + "; " + causeText(cause, servedBy, holder)
                    : " (" + passLabel[racing] + ", which races with the read, replaced it: either version would do, not an older one); "
                      + (WRITER_CACHE_NOT_CLEANED.equals(cause) ? "memory still held the old version: the ordered write's data had not reached it"
                                                                : causeText(cause, servedBy, holder));
            String tail = " at " + Time.format(nowPs.getAsLong()) + " (" + passLabel[reader] + ") and saw "
                    + (seen == 0 ? "data never written (version 0)" : "the version written by " + passLabel[seen])
                    + "; the newest write ordered before this read is " + passLabel[expected] + newest;
            List<String> agents = seen == 0 || passAgent[seen] == passAgent[reader] || passAgent[seen] == passAgent[expected]
                    ? agents(passAgent[reader], passAgent[expected])
                    : agents(passAgent[reader], passAgent[expected], passAgent[seen]);
            r = newRec(ViolationKind.STALE_READ, b.name, a - b.base, new Extent(), agents, cause, head, tail);
            remember(ViolationKind.STALE_READ, reader, expected, b, cause, r);
        }
        r.add(a - b.base, e - b.base);
    }

    private String causeText(String cause, String servedBy, int holder) {
        String inv = servedBy == null ? null : holderInvalidate.get(holderId(servedBy));
        String staleCopy = "the stale copy was in " + servedBy + ", which "
                + (inv != null ? inv + " would have invalidated" : "nothing invalidated before the read");
        String holderName = holderNames.get(holder);
        String clean = holderClean.get(holder);
        String notCleaned = holder == 0
                ? "the newer data had not reached memory yet"
                : "the newer data were written into " + holderName + " and never reached memory: "
                  + (clean != null ? clean + " would have cleaned them" : "nothing cleaned them")
                  + " (unless an invalidate of a line they share dropped them first)";
        switch (cause) {
            case READER_CACHE_NOT_INVALIDATED: return staleCopy;
            case BOTH: return staleCopy + ", and " + notCleaned;
            case WRITER_CACHE_NOT_CLEANED: return notCleaned + ", so memory still held the old version";
            default:
                return "the newer data had reached memory, yet the read got an older copy: one written back over them"
                        + " (see lost-write) or one memory served before they landed"
                        + (MEMORY.equals(servedBy) || servedBy == null ? "" : "; the copy read came from " + servedBy);
        }
    }

    /** Version {@code v} went over {@code m} in sector {@code sec} by a memory write of {@code [addr, end)}; counted on {@code b}'s bytes. */
    private void lost(int v, int m, Buffer b, long sec, long addr, long end, String by) {
        long a = Math.max(Math.max(addr, b.base), sec << shift), e = Math.min(Math.min(end, b.end), (sec + 1) << shift);
        Rec r = find(ViolationKind.LOST_WRITE, v, m, b, null);
        if (r == null) {
            long now = nowPs.getAsLong();
            String head = (by == null ? "a write-back" : by) + " wrote " + b.name + " ";
            String tail = " to memory at " + Time.format(now) + " holding "
                    + (v == 0 ? "data never written (version 0)" : "the version written by " + passLabel[v])
                    + " over the newer version written by " + passLabel[m] + ", which was ordered after it; "
                    + passLabel[m] + "'s data there are lost";
            List<String> agents = v == 0 ? agents(passAgent[m]) : agents(passAgent[m], passAgent[v]);
            r = newRec(ViolationKind.LOST_WRITE, b.name, a - b.base, new Extent(), agents, null, head, tail);
            remember(ViolationKind.LOST_WRITE, v, m, b, null, r);
        }
        r.add(a - b.base, e - b.base);
    }

    private String who(int pass) {
        String agent = agentNames[passAgent[pass]];
        String label = passLabel[pass];
        return label == null || label.equals(agent) ? agent : agent + " (" + label + ")";
    }

    private List<String> agents(int... ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            String n = agentNames[id];
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    private Rec find(ViolationKind kind, int a, int b, Buffer buf, String cause) {
        Rec r = lastRec;
        if (r != null && r.kind == kind && r.a == a && r.b == b && r.buf == buf && Objects.equals(r.keyCause, cause)) return r;
        r = dedup.get(new Key(kind, a, b, buf.id, cause));
        if (r != null) lastRec = r;
        return r;
    }

    private void remember(ViolationKind kind, int a, int b, Buffer buf, String cause, Rec r) {
        r.a = a;
        r.b = b;
        r.buf = buf;
        r.keyCause = cause;
        dedup.put(new Key(kind, a, b, buf.id, cause), r);
        lastRec = r;
    }

    private Rec newRec(ViolationKind kind, String buffer, long offset, Extent extent, List<String> agents,
                       String cause, String head, String tail) {
        Rec r = new Rec(kind, nowPs.getAsLong(), buffer, offset, 0, extent, agents, cause, head, tail);
        records.add(r);
        counts.merge(kind, 1L, Long::sum);
        return r;
    }

    /**
     * Files a violation found by another model (deadlock, fence-timeout, frame-drop, ...), as
     * it is. Recorded even when the checker is disabled: {@code check.enabled} turns off the
     * coherency checks, not the other models' findings.
     */
    public void report(ViolationKind kind, String buffer, long offset, long length, List<String> agents, String cause, String message) {
        Rec r = new Rec(kind, nowPs.getAsLong(), buffer, offset, length, null, agents == null ? List.of() : agents, cause, message, null);
        records.add(r);
        counts.merge(kind, 1L, Long::sum);
    }

    /** Counts a warning (MODEL.md "Warnings"); recorded even when the checker is disabled. */
    public void warn(WarningKind kind, String message) {
        warningCounts.merge(kind, 1L, Long::sum);
        if (warningSamples.size() < maxSamples) warningSamples.add(kind.wire() + ": " + message);
    }

    /** Every record, in the order found. */
    public List<Violation> violations() {
        List<Violation> out = new ArrayList<>(records.size());
        for (Rec r : records) out.add(r.violation());
        return out;
    }

    /** Every kind, zero included, in MODEL.md's order. */
    public Map<ViolationKind, Long> counts() { return new EnumMap<>(counts); }

    /** The first {@code maxSamples} records. */
    public List<Violation> samples() {
        int n = Math.min(maxSamples, records.size());
        List<Violation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(records.get(i).violation());
        return out;
    }

    /** Warning wire name -> count, every kind included. */
    public Map<String, Long> warnings() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<WarningKind, Long> e : warningCounts.entrySet()) out.put(e.getKey().wire(), e.getValue());
        return out;
    }

    /**
     * For tests: per record, in order, {@code {kind ordinal, a, b}} with the passes it is about:
     * data-race (earlier id, later id), stale-read (reader, newest ordered write), lost-write
     * (version written back, version lost), torn-frame (reader, 0); 0, 0 for reported kinds.
     */
    List<int[]> recordPasses() {
        List<int[]> out = new ArrayList<>(records.size());
        for (Rec r : records) out.add(new int[]{r.kind.ordinal(), r.a, r.b});
        return out;
    }

    /** The first {@code maxSamples} warnings as {@code kind: message}. */
    public List<String> warningSamples() { return List.copyOf(warningSamples); }

    private record Key(ViolationKind kind, int a, int b, int buffer, String cause) {}

    /** A record under construction: coherency records grow as more sectors of the same pair are found. */
    private static final class Rec {
        final ViolationKind kind;
        final long timePs;
        final String buffer;
        final long offset;
        final long fixedLength;
        final Extent extent;
        final List<String> agents;
        final String cause;
        final String head, tail;
        int a, b;
        Buffer buf;
        String keyCause;
        Violation cached;

        Rec(ViolationKind kind, long timePs, String buffer, long offset, long fixedLength, Extent extent,
            List<String> agents, String cause, String head, String tail) {
            this.kind = kind;
            this.timePs = timePs;
            this.buffer = buffer;
            this.offset = offset;
            this.fixedLength = fixedLength;
            this.extent = extent;
            this.agents = List.copyOf(agents);
            this.cause = cause;
            this.head = head;
            this.tail = tail;
        }

        void add(long start, long end) {
            long before = extent.total();
            extent.add(start, end);
            if (extent.total() != before) cached = null;
        }

        void touched() { cached = null; }

        long length() { return extent == null ? fixedLength : extent.total(); }

        /** The lowest byte affected: the first one found need not be (a pass may sweep a buffer out of order). */
        long offset() { return extent != null && extent.min() >= 0 ? extent.min() : offset; }

        Violation violation() {
            if (cached == null) {
                long len = length();
                long off = offset();
                // tail == null: a finding filed whole by another model (its message is complete)
                String message = tail == null ? head : head + "+0x" + Long.toHexString(off) + " (" + len + " B)" + tail;
                cached = new Violation(kind, timePs, buffer, off, len, agents, cause, message);
            }
            return cached;
        }
    }

    // ---------------------------------------------------------------- sector state

    /** The registered buffer containing {@code addr}, else the first one above it, else null. */
    private Buffer bufferFrom(long addr) {
        Buffer b = lastBuffer;
        if (b != null && b.base <= addr && addr < b.end) return b;
        int lo = 0, hi = bufferCount - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (buffers[mid].base <= addr) { found = mid; lo = mid + 1; } else hi = mid - 1;
        }
        if (found >= 0 && addr < buffers[found].end) return lastBuffer = buffers[found];
        return found + 1 < bufferCount ? buffers[found + 1] : null;
    }

    /** The state page of physical sector {@code sec} of {@code b}: shared with every other buffer in that page. */
    private Page page(Buffer b, long sec) {
        long pn = sec >>> PAGE_SHIFT;
        int k = (int) (pn - b.firstPage);
        Page p = b.pages[k];
        if (p == null) p = b.pages[k] = pages.computeIfAbsent(pn, x -> new Page()); // once per buffer and page
        return p;
    }

    /** A registered buffer: a name for bytes, and a cache of the state pages its sectors are in. */
    private static final class Buffer {
        final String name;
        final long base, end;
        final long firstSector, lastSector;
        /** The first and last sector if b covers them only in part (they may be shared), else -1. */
        final long headSector, tailSector;
        final long firstPage;
        int id;
        final Page[] pages;

        Buffer(String name, long base, long size, int shift) {
            this.name = name;
            this.base = base;
            this.end = base + size;
            this.firstSector = base >>> shift;
            this.lastSector = (end - 1) >>> shift;
            long mask = (1L << shift) - 1;
            this.headSector = (base & mask) != 0 ? firstSector : -1;
            this.tailSector = (end & mask) != 0 ? lastSector : -1;
            this.firstPage = firstSector >>> PAGE_SHIFT;
            long n = (lastSector >>> PAGE_SHIFT) - firstPage + 1;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("buffer " + name + " too large to track");
            pages = new Page[(int) n];
        }
    }

    /** State of {@link #PAGE} sectors; allocated when first touched. */
    private static final class Page {
        final int[] lastWrite = new int[PAGE];
        /** The write the last write replaced (0 if none): what a read racing with the last write must still not be older than. */
        final int[] prevWrite = new int[PAGE];
        final short[] holder = new short[PAGE];
        final int[] mem = new int[PAGE];
        final boolean[] reached = new boolean[PAGE];
        final long[] writePs = new long[PAGE];
        final int[] readers = new int[PAGE];
        /** Concurrent reader sets {@code [count, pass...]}, only for sectors that needed one; kept for reuse. */
        int[][] sets;
        /**
         * Only in pages with a sector some buffer covers in part: buffer id + 1 of the bytes the
         * last write there was on, and of memory's version (0 = unknown), to name lost writes.
         */
        int[] writeBuf, memBuf;

        void partial() {
            if (writeBuf == null) {
                writeBuf = new int[PAGE];
                memBuf = new int[PAGE];
            }
        }

        int[] set(int i, int need) {
            if (sets == null) sets = new int[PAGE][];
            int[] s = sets[i];
            if (s == null || s.length < need + 1) s = sets[i] = new int[Math.max(4, need + 1)];
            return s;
        }

        int[] grow(int i) {
            return sets[i] = Arrays.copyOf(sets[i], sets[i].length * 2);
        }
    }
}
