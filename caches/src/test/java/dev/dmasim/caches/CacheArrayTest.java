package dev.dmasim.caches;

import dev.dmasim.core.param.ParamError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CacheArrayTest {
    /** One set of {@code ways} ways. */
    static CacheArray oneSet(int ways, Replacement r) {
        return new CacheArray(new CacheSpec(64L * ways, ways, 64, 1, 1, WritePolicy.WRITE_BACK, r, 1), 64);
    }

    /** Access line {@code l}: hit or fill the victim. Returns the way filled, or -1 on a hit. */
    static int access(CacheArray a, long l) {
        int s = a.lookup(l);
        if (s >= 0) {
            a.touch(s);
            return -1;
        }
        s = a.victim(l);
        a.install(s, l, (byte) 1);
        return s;
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedWay() {
        CacheArray a = oneSet(4, Replacement.LRU);
        for (long l = 0; l < 4; l++) assertEquals((int) l, access(a, l));
        access(a, 0);
        access(a, 2);
        assertEquals(1, access(a, 10));   // use order: 1, 3, 0, 2
        assertEquals(3, access(a, 11));
        assertEquals(0, access(a, 12));
    }

    @Test
    void treePlruFollowsItsBitsOnAKnownSequence() {
        CacheArray a = oneSet(4, Replacement.PLRU);
        // Bits: root, L (ways 0-1), R (ways 2-3); 0 = victim on the left. Filling A B C D into
        // ways 0..3 leaves root=0, L=0, R=0.
        for (long l = 0; l < 4; l++) assertEquals((int) l, access(a, l));
        // Victim: root 0 -> left, L=0 -> way 0.
        assertEquals(-1, access(a, 0));   // A hit: root=1, L=1
        // Victim: root 1 -> right, R=0 -> way 2 (C), though true LRU would pick B (way 1).
        assertEquals(2, access(a, 4));    // E replaces C: root=0, R=1
        // Victim: root 0 -> left, L=1 -> way 1 (B).
        assertEquals(1, access(a, 5));    // F replaces B: root=1, L=0
        // Victim: root 1 -> right, R=1 -> way 3 (D).
        assertEquals(3, access(a, 6));
        // Victim: root 0 -> left, L=0 -> way 0 (A).
        assertEquals(0, access(a, 7));
        assertEquals(-1, access(a, 4));   // E still there
    }

    @Test
    void plruNeverEvictsTheMostRecentlyUsedWay() {
        CacheArray a = oneSet(8, Replacement.PLRU);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        long last = -1;
        for (int i = 0; i < 2000; i++) {
            long l = rnd.nextInt(20);
            access(a, l);
            if (last >= 0 && a.lookup(last) < 0 && last != l) {
                fail("the line used just before " + l + " was evicted");
            }
            last = l;
        }
    }

    @Test
    void invalidWaysAreFilledFirst() {
        CacheArray a = oneSet(4, Replacement.LRU);
        for (long l = 0; l < 4; l++) access(a, l);
        a.invalidate(a.lookup(2));
        assertEquals(2, access(a, 9));
    }

    @Test
    void versionsAreIndexedBySlotAndSector() {
        CacheArray a = new CacheArray(new CacheSpec(1024, 2, 64, 1, 1, WritePolicy.WRITE_BACK, Replacement.LRU, 1), 16);
        assertEquals(4, a.sectorsPerLine);
        assertEquals(8, a.sets);
        int s = a.victim(a.lineOf(0x1234));
        a.install(s, a.lineOf(0x1234), (byte) 1);
        assertEquals(s * 4 + 3, a.versionIndex(s, 0x1234));
        assertEquals(0x1200, a.addrOf(s));
    }

    @Test
    void geometryErrorsNameTheParameterAndTheValidRange() {
        List<ParamError> e = new ArrayList<>();
        CacheSpec ok = new CacheSpec(32768, 8, 64, 4, 8, WritePolicy.WRITE_BACK, Replacement.LRU, 4);
        assertTrue(ok.validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "cpu.l1.replacement", "cpu.l1.mshrs", e));
        assertTrue(e.isEmpty());

        assertFalse(ok.withSize(48 * 1024).validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "r", "m", e));
        assertEquals("cpu.l1.size", e.get(0).param());
        assertTrue(e.get(0).message().contains("power-of-two number of sets"), e.get(0).message());
        assertTrue(e.get(0).message().contains("32KiB or 64KiB"), e.get(0).message());

        e.clear();
        assertFalse(ok.withWays(1024).validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "r", "m", e));
        assertEquals("cpu.l1.ways", e.get(0).param());
        assertTrue(e.get(0).message().contains("valid: 1 .. 512"), e.get(0).message());

        e.clear();
        CacheSpec bigLine = new CacheSpec(32768, 1, 65536, 4, 8, WritePolicy.WRITE_BACK, Replacement.LRU, 4);
        assertFalse(bigLine.validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "r", "m", e));
        assertEquals("cpu.line", e.get(0).param());
        assertTrue(e.get(0).message().contains("larger than cpu.l1.size"), e.get(0).message());
        assertTrue(e.get(0).message().contains("(valid: 4B .. 32KiB)"), e.get(0).message());

        e.clear();
        CacheSpec tiny = new CacheSpec(1, 1, 8, 4, 8, WritePolicy.WRITE_BACK, Replacement.LRU, 4);
        assertFalse(tiny.validate("cpu.l2.size", "cpu.l2.ways", "cpu.line", "r", "m", e));
        assertFalse(e.get(0).message().contains("valid: 4B .. 1B"), "no empty range: " + e.get(0).message());
        assertTrue(e.get(0).message().contains("make cpu.l2.size larger"), e.get(0).message());

        e.clear();
        CacheSpec oddLine = new CacheSpec(32768, 8, 48, 4, 8, WritePolicy.WRITE_BACK, Replacement.LRU, 4);
        assertFalse(oddLine.validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "r", "m", e));
        assertEquals("cpu.line", e.get(0).param());
        assertTrue(e.get(0).message().contains("power of two"));

        e.clear();
        assertFalse(ok.withSize(0).validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "r", "m", e));
        assertEquals("cpu.l1.size", e.get(0).param());

        e.clear();
        assertFalse(ok.withWays(6).withSize(6 * 64 * 16).withReplacement(Replacement.PLRU)
                .validate("cpu.l1.size", "cpu.l1.ways", "cpu.line", "cpu.l1.replacement", "m", e));
        assertEquals("cpu.l1.replacement", e.get(0).param());
    }

    /** The valid-line count follows installs, re-installs and invalidations, as a scan of the tags says. */
    @net.jqwik.api.Property(tries = 100)
    void validLinesIsTheNumberOfValidTags(@net.jqwik.api.ForAll("slotOps") java.util.List<Integer> ops) {
        CacheArray a = new CacheArray(new CacheSpec(64L * 32, 4, 64, 1, 1, WritePolicy.WRITE_BACK, Replacement.LRU, 1), 64);
        for (int op : ops) {
            int slot = op % a.slots();
            if (op % 3 == 0) a.invalidate(slot);
            else a.install(slot, op % 97 * a.sets + slot / a.ways, (byte) 1);
            long scan = java.util.Arrays.stream(a.tags).filter(t -> t != -1L).count();
            assertEquals(scan, a.validLines());
        }
    }

    /**
     * True LRU (with its per-set count of valid ways, which skips the search for an invalid way)
     * picks the victim a plain model picks: the lowest invalid way, else the way used longest ago.
     */
    @net.jqwik.api.Property(tries = 300)
    void lruVictimIsTheWayUsedLongestAgo(@net.jqwik.api.ForAll("wayCounts") int ways,
                                         @net.jqwik.api.ForAll("slotOps") java.util.List<Integer> ops) {
        int sets = 4;
        CacheArray a = new CacheArray(new CacheSpec(64L * ways * sets, ways, 64, 1, 1, WritePolicy.WRITE_BACK, Replacement.LRU, 1), 64);
        long[] lastUse = new long[a.slots()];
        long clock = 0;
        for (int op : ops) {
            long line = op % (3L * ways * sets);
            int set = a.setOf(line);
            int expected = -1;
            for (int s = set * ways; s < (set + 1) * ways && expected < 0; s++) if (a.tags[s] == -1L) expected = s;
            if (expected < 0) {
                expected = set * ways;
                for (int s = set * ways; s < (set + 1) * ways; s++) if (lastUse[s] < lastUse[expected]) expected = s;
            }
            if (op % 5 == 0) {
                int s = a.lookup(line);
                if (s >= 0) a.invalidate(s);
                continue;
            }
            int s = a.lookup(line);
            if (s < 0) {
                s = a.victim(line);
                assertEquals(expected, s, "victim among " + ways + " ways");
                a.install(s, line, (byte) 1);
            } else {
                a.touch(s);
            }
            lastUse[s] = ++clock;
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> wayCounts() {
        return net.jqwik.api.Arbitraries.of(1, 2, 3, 4, 7, 8, 15, 16, 17, 32);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<Integer>> slotOps() {
        return net.jqwik.api.Arbitraries.integers().between(0, 100_000).list().ofMaxSize(200);
    }
}
