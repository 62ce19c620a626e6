package dev.dmasim.core.mem;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class SectorVersionsTest {
    @Test
    void neverWrittenIsVersionZeroAndAllocatesNothing() {
        SectorVersions m = new SectorVersions(4L << 30, 64);
        long[] out = {7, 7, 7};
        m.read(1L << 31, 192, out, 0);
        assertArrayEquals(new long[]{0, 0, 0}, out);
        assertEquals(0, m.pagesAllocated());
        m.write(0, 64, new long[]{0}, 0);
        assertEquals(0, m.pagesAllocated(), "writing version 0 into an absent page needs no page");
    }

    @Test
    void partialSectorWriteGivesTheWholeSectorTheVersion() {
        SectorVersions m = new SectorVersions(1 << 20, 16);
        // bytes [8, 40) touch sectors 0, 1, 2
        assertEquals(3, m.sectors(8, 32));
        m.write(8, 32, new long[]{5, 6, 7}, 0);
        assertEquals(5, m.get(0));
        assertEquals(6, m.get(16));
        assertEquals(7, m.get(47));
        assertEquals(0, m.get(48));
        long[] out = new long[5];
        m.read(0, 64, out, 1);
        assertArrayEquals(new long[]{0, 5, 6, 7, 0}, out);
    }

    @Test
    void accessesSpanningPagesAreSplitCorrectly() {
        SectorVersions m = new SectorVersions(1 << 24, 4);
        long pageBytes = SectorVersions.PAGE_SECTORS * 4L;
        long addr = pageBytes - 8; // two sectors in page 0, two in page 1
        m.write(addr, 16, new long[]{1, 2, 3, 4}, 0);
        assertEquals(2, m.pagesAllocated());
        long[] out = new long[4];
        m.read(addr, 16, out, 0);
        assertArrayEquals(new long[]{1, 2, 3, 4}, out);
        m.fill(addr - 4, 24, 9);
        m.read(addr - 4, 24, out = new long[6], 0);
        assertArrayEquals(new long[]{9, 9, 9, 9, 9, 9}, out);
    }

    @Test
    void outOfRangeAccessIsAnInvariantFailure() {
        SectorVersions m = new SectorVersions(1 << 20, 64);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.get(1 << 20));
        assertTrue(e.getMessage().startsWith("invariant:"));
        assertThrows(IllegalArgumentException.class, () -> new SectorVersions(1 << 20, 48));
        assertThrows(IllegalArgumentException.class, () -> new SectorVersions(1 << 20, 128));
    }

    /** Against a plain array of every sector as the reference. */
    @Property(tries = 200)
    void behavesLikeAFlatArray(@ForAll @IntRange(min = 0, max = 4) int gShift, @ForAll("ops") long[][] ops) {
        int g = 4 << gShift;
        long cap = 3L * SectorVersions.PAGE_SECTORS * g;
        SectorVersions m = new SectorVersions(cap, g);
        long[] ref = new long[(int) (cap / g)];
        for (long[] op : ops) {
            long addr = Math.floorMod(op[0], cap - 1);
            long len = 1 + Math.floorMod(op[1], Math.min(4096, cap - addr));
            int n = m.sectors(addr, len);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = op[2] + i;
            m.write(addr, len, v, 0);
            for (int i = 0; i < n; i++) ref[(int) (addr / g) + i] = v[i];
        }
        long[] all = new long[ref.length];
        m.read(0, cap, all, 0);
        assertArrayEquals(ref, all);
        assertEquals(ref[ref.length / 2], m.get((long) (ref.length / 2) * g + g - 1));
        assertTrue(Arrays.stream(all).allMatch(x -> x >= 0));
    }

    /**
     * Writes and fills of few distinct versions (so pages stay as runs, split, merge and
     * overflow into arrays) against a plain array: every read, every page form.
     */
    @Property(tries = 300)
    void runsBehaveLikeAFlatArray(@ForAll @IntRange(min = 0, max = 4) int gShift, @ForAll("ops") long[][] ops,
                                  @ForAll @IntRange(min = 1, max = 4) int versions, @ForAll boolean sequential) {
        int g = 4 << gShift;
        long cap = 3L * SectorVersions.PAGE_SECTORS * g;
        SectorVersions m = new SectorVersions(cap, g);
        long[] ref = new long[(int) (cap / g)];
        long cursor = Math.floorMod(ops[0][0], cap / 2);
        for (long[] op : ops) {
            long addr = sequential ? cursor : Math.floorMod(op[0], cap - 1);
            long len = 1 + Math.floorMod(op[1], Math.min(sequential ? 256 : 3 * 4096, cap - addr));
            if (addr + len > cap) len = cap - addr;
            cursor = (addr + len) % (cap - 1);
            long v = op[2] % (versions + 1); // 0 included: writing version 0 clears
            int n = m.sectors(addr, len);
            if (op[2] % 3 == 0) {
                m.fill(addr, len, v);
            } else {
                long[] in = new long[n];
                for (int i = 0; i < n; i++) in[i] = (op[2] >> 3) % 5 == 0 && i % 7 == 3 ? v + 1 : v;
                m.write(addr, len, in, 0);
                for (int i = 0; i < n; i++) ref[(int) (addr / g) + i] = in[i];
                continue;
            }
            for (int i = 0; i < n; i++) ref[(int) (addr / g) + i] = v;
        }
        long[] all = new long[ref.length];
        m.read(0, cap, all, 0);
        assertArrayEquals(ref, all);
        for (int i = 0; i < ref.length; i += 97) assertEquals(ref[i], m.get((long) i * g), "sector " + i);
        assertTrue(m.densePages() <= m.pagesAllocated());
    }

    @Test
    void aStreamKeepsEachPageAsOneRun() {
        SectorVersions m = new SectorVersions(64L << 20, 64);
        long[] v = {3};
        for (long a = 0; a < (16L << 20); a += 64) m.write(a, 64, v, 0);
        v[0] = 4; // the next pass over the first half
        for (long a = 0; a < (8L << 20); a += 64) m.write(a, 64, v, 0);
        assertEquals(0, m.densePages(), "sequential writes need no array");
        assertEquals((16L << 20) / 64 / SectorVersions.PAGE_SECTORS, m.pagesAllocated());
        assertEquals(4, m.get(0));
        assertEquals(4, m.get((8L << 20) - 1));
        assertEquals(3, m.get(8L << 20));
        assertEquals(0, m.get(16L << 20));
        // scattered versions in one page: more runs than a page keeps, so it becomes an array
        for (int i = 0; i <= SectorVersions.MAX_RUNS; i++) m.write(i * 128L, 64, new long[]{10 + i}, 0);
        assertEquals(1, m.densePages());
        assertEquals(10, m.get(0));
        assertEquals(4, m.get(64));
        assertEquals(10 + SectorVersions.MAX_RUNS, m.get(SectorVersions.MAX_RUNS * 128L));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<long[][]> ops() {
        return net.jqwik.api.Arbitraries.longs().between(0, Long.MAX_VALUE / 2).array(long[].class).ofSize(3)
                .array(long[][].class).ofMinSize(1).ofMaxSize(20);
    }
}
