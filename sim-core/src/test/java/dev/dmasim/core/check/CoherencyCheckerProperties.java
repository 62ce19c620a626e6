package dev.dmasim.core.check;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random programs of agents (some with a write-back cache, some cacheless) run against a tiny
 * reference memory model. Correct programs hand the buffer over in rounds (acquire, invalidate,
 * disjoint work, clean, release) and must report nothing; programs with one synchronization
 * removed must report exactly what a brute-force re-check of the recorded log finds, with
 * happens-before computed by transitive closure of the recorded edges.
 */
class CoherencyCheckerProperties {
    static final long BASE = 0x40000;
    static final int ACQUIRE = 0, INVALIDATE = 1, CLEAN = 2;

    @Property(tries = 300)
    void correctlyOrderedAndPublishedProgramsReportNothing(@ForAll long seed) {
        World w = run(seed, false);
        assertEquals(List.of(), w.c.violations(), "seed " + seed);
        Brute b = new Brute(w);
        assertTrue(b.races.isEmpty() && b.stale.isEmpty() && b.lost.isEmpty() && b.torn.isEmpty(), "reference: " + b);
        for (int[] a : w.accesses) {
            if (a[A_WRITE] == 0) assertEquals(a[A_LAST], a[A_SEEN], "every read sees the newest write, seed " + seed);
        }
    }

    @Property(tries = 300)
    void oneMissingSynchronizationIsReportedAsTheBruteForceRecheckSays(@ForAll long seed) {
        World w = run(seed, true);
        agree(w, new Brute(w), seed);
    }

    /**
     * The same programs with the memory registered as two to four buffers cut at 4-byte
     * boundaries (so that at 16 and 64 B neighbours share a sector), with reads and writes trimmed
     * to part of their end sectors (so that an access may touch one sharer only): state is per
     * physical sector, so every race, stale read and lost write is found just the same, only
     * named after the buffer whose bytes it was found on.
     */
    @Property(tries = 200)
    void buffersThatShareSectorsChangeNoVerdict(@ForAll long seed) {
        World whole = run(seed, true, false), split = run(seed, true, true);
        assertEquals(keys(whole, false), keys(split, false), () -> "seed " + seed + " cuts " + Arrays.toString(split.cuts)
                + "\nwhole: " + whole.c.violations() + "\nsplit: " + split.c.violations());
        assertEquals(List.of(), run(seed, false, true).c.violations(), "correct program, seed " + seed);
        Set<List<Object>> perBuffer = new HashSet<>();
        List<int[]> recs = split.c.recordPasses();
        for (int i = 0; i < recs.size(); i++) {
            Violation v = split.c.violations().get(i);
            int b = split.bufferNames.indexOf(v.buffer());
            assertTrue(b >= 0, v::toString);
            long size = split.cuts[b + 1] - split.cuts[b];
            assertTrue(v.offset() >= 0 && v.length() > 0 && v.offset() + v.length() <= size, v::toString);
            assertTrue(perBuffer.add(List.of(v.kind(), recs.get(i)[1], recs.get(i)[2], v.buffer(), String.valueOf(v.cause()))),
                    () -> "one record per key and buffer: " + v);
        }
    }

    /** Race, stale-read and lost-write keys without the buffer: {kind, a, b, cause}. */
    static Set<List<Object>> keys(World w, boolean withTorn) {
        Set<List<Object>> out = new HashSet<>();
        List<int[]> recs = w.c.recordPasses();
        for (int i = 0; i < recs.size(); i++) {
            ViolationKind k = ViolationKind.values()[recs.get(i)[0]];
            if (k == ViolationKind.TORN_FRAME && !withTorn) continue;
            out.add(List.of(k, recs.get(i)[1], recs.get(i)[2], String.valueOf(w.c.violations().get(i).cause())));
        }
        return out;
    }

    /** The property above is not vacuous: over fixed seeds every kind is found, and some programs stay correct. */
    @Test
    void missingSynchronizationsProduceEveryKind() {
        Map<ViolationKind, Integer> programsWith = new HashMap<>();
        int silent = 0;
        for (long seed = 1; seed <= 400; seed++) {
            World w = run(seed, true);
            agree(w, new Brute(w), seed);
            Set<ViolationKind> kinds = new HashSet<>();
            w.c.violations().forEach(v -> kinds.add(v.kind()));
            kinds.forEach(k -> programsWith.merge(k, 1, Integer::sum));
            if (kinds.isEmpty()) silent++;
        }
        assertTrue(programsWith.getOrDefault(ViolationKind.DATA_RACE, 0) >= 40, programsWith::toString);
        assertTrue(programsWith.getOrDefault(ViolationKind.STALE_READ, 0) >= 30, programsWith::toString);
        assertTrue(programsWith.getOrDefault(ViolationKind.LOST_WRITE, 0) >= 8, programsWith::toString);
        assertTrue(programsWith.getOrDefault(ViolationKind.TORN_FRAME, 0) >= 20, programsWith::toString);
        assertTrue(silent >= 20, "silent programs: " + silent);
    }

    static void agree(World w, Brute b, long seed) {
        Set<List<Integer>> races = new HashSet<>(), stale = new HashSet<>(), lost = new HashSet<>(), torn = new HashSet<>();
        List<int[]> recs = w.c.recordPasses();
        for (int i = 0; i < recs.size(); i++) {
            int[] r = recs.get(i);
            ViolationKind k = ViolationKind.values()[r[0]];
            switch (k) {
                case DATA_RACE -> races.add(List.of(r[1], r[2]));
                case STALE_READ -> stale.add(List.of(r[1], r[2], causeCode(w.c.violations().get(i).cause())));
                case LOST_WRITE -> lost.add(List.of(r[1], r[2]));
                case TORN_FRAME -> torn.add(List.of(r[1]));
                default -> fail("unexpected " + k);
            }
        }
        String ctx = "seed " + seed + " bug " + w.bug + "\nchecker: " + w.c.violations() + "\nbrute: " + b;
        assertTrue(b.races.containsAll(races), ctx);
        assertEquals(b.races.isEmpty(), races.isEmpty(), ctx);
        assertEquals(b.stale, stale, ctx);
        assertEquals(b.lost, lost, ctx);
        assertEquals(b.torn, torn, ctx);
        assertEquals(recs.size(), races.size() + stale.size() + lost.size() + torn.size(), "one record per key: " + ctx);
    }

    static final List<String> CAUSES = List.of(CoherencyChecker.READER_CACHE_NOT_INVALIDATED, CoherencyChecker.WRITER_CACHE_NOT_CLEANED,
            CoherencyChecker.BOTH, CoherencyChecker.MEMORY_OVERWRITTEN);

    static int causeCode(String cause) {
        int i = CAUSES.indexOf(cause);
        if (i < 0) throw new AssertionError("cause " + cause);
        return i;
    }

    // ------------------------------------------------------------------ the program and its reference memory

    // access record fields
    static final int A_PASS = 0, A_SECTOR = 1, A_WRITE = 2, A_SEEN = 3, A_CACHE = 4, A_MEM = 5, A_LAST = 6, A_REACHED = 7;

    record Rel(ClockSnapshot snapshot, int node) {}

    static final class World {
        final Random rnd;
        final int agents, sectors, g;
        final boolean[] cached;
        final long[] now = {0};
        final CoherencyChecker c;
        final int[] ids;
        final long[] mem;
        final long[][] line; // per agent, per sector: cached version, -1 = not cached
        final boolean[][] dirty;
        final int[] lastWrite;
        final boolean cleanOnInvalidate;
        String bug = "none";
        // the log
        final List<Integer> nodeAgent = new ArrayList<>();
        final List<List<Integer>> succ = new ArrayList<>();
        final int[] lastNode;
        final Map<Integer, Integer> beginNode = new HashMap<>();
        final Map<Integer, Integer> passAgent = new HashMap<>();
        final Set<Integer> framePasses = new HashSet<>();
        final List<int[]> accesses = new ArrayList<>();
        final List<int[]> memWrites = new ArrayList<>(); // {sector, v, m}
        final Set<Long> reachedEver = new HashSet<>();

        /** Buffer boundaries, offsets from BASE: buffer i is [cuts[i], cuts[i + 1]). */
        final long[] cuts;
        final List<String> bufferNames = new ArrayList<>();
        /** With split buffers: trims accesses to part of their first and last sector (same verdicts, per sector). */
        final Random trim;

        /** @param split null: one buffer; else cuts the memory into buffers at random 4-byte boundaries */
        World(Random rnd, Random split) {
            this.rnd = rnd;
            agents = 2 + rnd.nextInt(3);
            sectors = 3 + rnd.nextInt(6);
            g = new int[]{4, 16, 64}[rnd.nextInt(3)];
            cached = new boolean[agents];
            cleanOnInvalidate = rnd.nextBoolean();
            c = new CoherencyChecker(true, g, () -> now[0], 100);
            ids = new int[agents];
            lastNode = new int[agents];
            for (int i = 0; i < agents; i++) {
                cached[i] = rnd.nextInt(3) != 0;
                ids[i] = c.registerAgent("a" + i);
                lastNode[i] = -1;
            }
            long size = (long) sectors * g;
            if (split == null) {
                cuts = new long[]{0, size};
            } else {
                java.util.TreeSet<Long> at = new java.util.TreeSet<>(List.of(0L, size));
                int want = Math.min(3 + split.nextInt(3), (int) (size / 4) + 1);
                while (at.size() < want) at.add(4L * (1 + split.nextInt((int) (size / 4) - 1)));
                cuts = at.stream().mapToLong(Long::longValue).toArray();
            }
            for (int i = cuts.length - 2; i >= 0; i--) { // registered in reverse order: the order does not matter
                String name = "buf" + i;
                c.registerBuffer(name, BASE + cuts[i], cuts[i + 1] - cuts[i]);
            }
            for (int i = 0; i + 1 < cuts.length; i++) bufferNames.add("buf" + i);
            trim = split;
            mem = new long[sectors];
            line = new long[agents][sectors];
            dirty = new boolean[agents][sectors];
            for (long[] l : line) Arrays.fill(l, -1);
            lastWrite = new int[sectors];
        }

        long addr(int s) { return BASE + (long) s * g; }

        /** The bytes an access of sectors [from, to) covers: all of them, or (trimming) from and to a 4-byte step inside the end sectors. */
        long[] span(int from, int to) {
            long start = addr(from), end = addr(to);
            if (trim != null && g > 4 && trim.nextBoolean()) {
                int steps = g / 4;
                int lo = trim.nextInt(steps);
                int hi = to - from == 1 ? lo + 1 + trim.nextInt(steps - lo) : 1 + trim.nextInt(steps);
                start += 4L * lo;
                end = addr(to - 1) + 4L * hi;
            }
            return new long[]{start, end - start};
        }

        String cacheName(int a) { return "a" + a + ".c"; }

        int node(int a) {
            int id = nodeAgent.size();
            nodeAgent.add(a);
            succ.add(new ArrayList<>());
            if (lastNode[a] >= 0) succ.get(lastNode[a]).add(id);
            lastNode[a] = id;
            return id;
        }

        int begin(int a, String what, boolean frame) {
            now[0] += 1 + rnd.nextInt(1000);
            int p = c.beginPass(ids[a], "a" + a + " " + what, frame, 0);
            beginNode.put(p, node(a));
            passAgent.put(p, a);
            if (frame) framePasses.add(p);
            return p;
        }

        Rel release(int a) { return new Rel(c.release(ids[a]), node(a)); }

        void acquire(int a, List<Rel> rels) {
            ClockSnapshot m = ClockSnapshot.EMPTY;
            for (Rel r : rels) m = c.merge(m, r.snapshot);
            c.acquire(ids[a], m);
            int n = node(a);
            for (Rel r : rels) succ.get(r.node).add(n);
        }

        void landInMemory(int s, long v, String by) {
            memWrites.add(new int[]{s, (int) v, (int) mem[s]});
            c.memoryWrite(addr(s), g, new long[]{v}, 0, by);
            mem[s] = v;
            reachedEver.add(((long) s << 32) | v);
        }

        void write(int a, int from, int to) {
            int p = begin(a, "write", false);
            long[] span = span(from, to);
            c.write(p, span[0], span[1], cached[a] ? cacheName(a) : null);
            for (int s = from; s < to; s++) {
                accesses.add(new int[]{p, s, 1, 0, 0, 0, lastWrite[s], 0});
                lastWrite[s] = p;
                if (cached[a]) {
                    line[a][s] = p;
                    dirty[a][s] = true;
                } else {
                    landInMemory(s, p, "a" + a);
                }
            }
            c.endPass(p);
        }

        void read(int a, int from, int to, boolean frame) {
            int p = begin(a, frame ? "frame read" : "read", frame);
            for (int s = from; s < to; s++) {
                boolean hit = cached[a] && line[a][s] >= 0;
                long v = hit ? line[a][s] : mem[s];
                if (cached[a] && !hit) {
                    line[a][s] = v;
                    dirty[a][s] = false;
                }
                boolean reached = reachedEver.contains(((long) s << 32) | lastWrite[s]);
                accesses.add(new int[]{p, s, 0, (int) v, hit ? 1 : 0, (int) mem[s], lastWrite[s], reached ? 1 : 0});
                long[] span = span(s, s + 1);
                c.read(p, span[0], span[1], new long[]{v}, 0, hit ? cacheName(a) : CoherencyChecker.MEMORY);
            }
            c.endPass(p);
        }

        void evict(int a, int s) {
            if (line[a][s] < 0) return;
            if (dirty[a][s]) landInMemory(s, line[a][s], cacheName(a));
            line[a][s] = -1;
            dirty[a][s] = false;
        }

        /** Caches prefer evicting what has sat longest: here, any dirty line (a missed clean's, typically). */
        void evictSomeDirtyLine() {
            List<int[]> d = new ArrayList<>();
            for (int a = 0; a < agents; a++) for (int s = 0; s < sectors; s++) if (dirty[a][s]) d.add(new int[]{a, s});
            if (d.isEmpty()) return;
            int[] x = d.get(rnd.nextInt(d.size()));
            evict(x[0], x[1]);
        }

        void clean(int a) {
            for (int s = 0; s < sectors; s++) {
                if (dirty[a][s]) {
                    landInMemory(s, line[a][s], cacheName(a));
                    dirty[a][s] = false;
                }
            }
        }

        /** Drops every line; dirty ones are discarded, or written back first where invalidate is clean+invalidate. */
        void invalidate(int a) {
            if (cleanOnInvalidate) clean(a);
            Arrays.fill(line[a], -1);
            Arrays.fill(dirty[a], false);
        }
    }

    static World run(long seed, boolean injectBug) { return run(seed, injectBug, false); }

    static World run(long seed, boolean injectBug, boolean split) {
        Random r = new Random(seed);
        World w = new World(r, split ? new Random(~seed) : null);
        int rounds = 3 + r.nextInt(6);
        int bugKind = injectBug ? r.nextInt(3) : -1;
        int bugRound = injectBug ? 1 + r.nextInt(rounds - 1) : -1;
        if (bugKind == INVALIDATE) bugRound = Math.min(rounds - 1, bugRound + 1);
        int bugAgent = injectBug ? r.nextInt(w.agents) : -1;
        if (bugKind != ACQUIRE) { // a cache bug needs a cache
            for (int a = 0; a < w.agents; a++) if (w.cached[a]) bugAgent = a;
        }
        List<Rel> prev = List.of();
        for (int k = 0; k < rounds; k++) {
            // the culprit is there in its round; a forgotten invalidate matters after time away,
            // a forgotten clean while it is away
            boolean away = (bugKind == INVALIDATE && k == bugRound - 1) || (bugKind == CLEAN && k == bugRound + 1);
            List<Integer> parts = new ArrayList<>();
            for (int a = 0; a < w.agents; a++) {
                boolean culprit = a == bugAgent;
                if (culprit && k == bugRound) parts.add(a);
                else if (!(culprit && away) && r.nextInt(3) != 0) parts.add(a);
            }
            if (parts.isEmpty()) parts.add(bugAgent == 0 ? 1 : 0);
            int culprit = k == bugRound ? bugAgent : -1;
            for (int p : parts) {
                if (bugKind == ACQUIRE && p == culprit) w.bug = "no acquire by a" + p + " in round " + k;
                else w.acquire(p, prev);
                if (bugKind == INVALIDATE && p == culprit) w.bug = "no invalidate by a" + p + " in round " + k;
                else w.invalidate(p);
            }
            boolean readOnly = r.nextInt(4) == 0;
            int[] owner = new int[w.sectors];
            for (int s = 0; s < w.sectors; s++) owner[s] = readOnly || r.nextBoolean() ? -1 : parts.get(r.nextInt(parts.size()));
            int ops = 4 + r.nextInt(12);
            for (int i = 0; i < ops; i++) {
                int p = parts.get(r.nextInt(parts.size()));
                int op = r.nextInt(10);
                if (op < 4) {
                    int[] range = range(r, owner, p, true);
                    if (range != null) w.write(p, range[0], range[1]);
                } else if (op < 8) {
                    int[] range = range(r, owner, p, false);
                    if (range != null) w.read(p, range[0], range[1], r.nextBoolean());
                } else if (r.nextInt(4) != 0) {
                    w.evict(r.nextInt(w.agents), r.nextInt(w.sectors));
                } else {
                    w.evictSomeDirtyLine();
                }
            }
            List<Rel> rels = new ArrayList<>();
            for (int p : parts) {
                if (bugKind == CLEAN && p == culprit) w.bug = "no clean by a" + p + " in round " + k;
                else w.clean(p);
                rels.add(w.release(p));
            }
            prev = rels;
        }
        for (int a = 0; a < w.agents; a++) { // whatever is still dirty is evicted some day
            for (int s = 0; s < w.sectors; s++) w.evict(a, s);
        }
        return w;
    }

    /** A random run of sectors that {@code p} may write (it owns them) or read (it owns them or nobody writes them). */
    static int[] range(Random r, int[] owner, int p, boolean write) {
        List<Integer> ok = new ArrayList<>();
        for (int s = 0; s < owner.length; s++) if (owner[s] == p || (!write && owner[s] == -1)) ok.add(s);
        if (ok.isEmpty()) return null;
        int from = ok.get(r.nextInt(ok.size()));
        int to = from + 1;
        int want = 1 + r.nextInt(owner.length);
        while (to < owner.length && to - from < want && (owner[to] == p || (!write && owner[to] == -1))) to++;
        return new int[]{from, to};
    }

    // ------------------------------------------------------------------ brute-force re-check

    static final class Brute {
        final World w;
        final Map<Integer, Set<Integer>> reach = new HashMap<>();
        final Set<List<Integer>> races = new HashSet<>(), stale = new HashSet<>(), lost = new HashSet<>(), torn = new HashSet<>();

        Brute(World w) {
            this.w = w;
            for (int node : w.beginNode.values()) reach.put(node, closure(node));
            List<int[]> acc = w.accesses;
            for (int i = 0; i < acc.size(); i++) {
                for (int j = i + 1; j < acc.size(); j++) {
                    int[] x = acc.get(i), y = acc.get(j);
                    if (x[A_SECTOR] != y[A_SECTOR] || (x[A_WRITE] == 0 && y[A_WRITE] == 0)) continue;
                    int p = x[A_PASS], q = y[A_PASS];
                    if (agent(p) == agent(q) || hb(p, q) || hb(q, p)) continue;
                    races.add(List.of(Math.min(p, q), Math.max(p, q)));
                }
            }
            Map<Integer, Set<Integer>> gens = new HashMap<>();
            Set<Integer> bad = new HashSet<>();
            for (int[] a : acc) {
                if (a[A_WRITE] == 1) continue;
                int r = a[A_PASS], last = a[A_LAST], seen = a[A_SEEN];
                if (seen != 0) gens.computeIfAbsent(r, k -> new HashSet<>()).add(seen);
                if (last == 0) continue;
                if (agent(last) != agent(r) && !hb(last, r)) {
                    bad.add(r);
                } else if (seen != last) {
                    boolean fromCache = a[A_CACHE] == 1, reached = a[A_REACHED] == 1;
                    String cause = fromCache
                            ? (!reached ? CoherencyChecker.BOTH : a[A_MEM] == last ? CoherencyChecker.READER_CACHE_NOT_INVALIDATED : CoherencyChecker.MEMORY_OVERWRITTEN)
                            : (!reached ? CoherencyChecker.WRITER_CACHE_NOT_CLEANED : CoherencyChecker.MEMORY_OVERWRITTEN);
                    stale.add(List.of(r, last, causeCode(cause)));
                    bad.add(r);
                }
            }
            for (int p : w.framePasses) {
                if (bad.contains(p) && gens.getOrDefault(p, Set.of()).size() >= 2) torn.add(List.of(p));
            }
            for (int[] m : w.memWrites) {
                int v = m[1], old = m[2];
                if (v != old && old != 0 && hb(v, old)) lost.add(List.of(v, old));
            }
        }

        int agent(int pass) { return w.passAgent.get(pass); }

        /** Pass p happens-before pass q: 0 before all, program order within an agent, else a path of recorded edges. */
        boolean hb(int p, int q) {
            if (p == 0) return true;
            if (agent(p) == agent(q)) return p <= q;
            return reach.get(w.beginNode.get(p)).contains(w.beginNode.get(q));
        }

        Set<Integer> closure(int from) {
            Set<Integer> seen = new HashSet<>();
            ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(from));
            while (!todo.isEmpty()) {
                int n = todo.pop();
                if (!seen.add(n)) continue;
                todo.addAll(w.succ.get(n));
            }
            return seen;
        }

        @Override public String toString() {
            return "races=" + races + " stale=" + stale + " lost=" + lost + " torn=" + torn;
        }
    }
}
