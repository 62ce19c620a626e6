package dev.dmasim.core.check;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two buffers that are not sector-aligned share a physical sector: {@code a} is 100 B at
 * 0x1000_0000 and {@code b} is 100 B right after it, so at 64 B the sector 0x1000_0040..0x80
 * holds a's bytes 0x40..0x64 and b's bytes 0x0..0x1c. The checker must keep one state for that
 * sector (MODEL.md: at 64 B, two agents writing different bytes of one sector without ordering
 * race), and none of it at 4 B, where the buffers share no sector.
 */
class SharedSectorTest {
    static final long A = 0x1000_0000L, B = A + 100, LINE = A + 0x40;
    static final String MEM = CoherencyChecker.MEMORY;

    static final class Fx {
        final long[] now = {0};
        final int g;
        final CoherencyChecker c;
        final int cpu, dma0, dma1, gpu;

        Fx(int g) {
            this.g = g;
            c = new CoherencyChecker(true, g, () -> now[0], 100);
            cpu = c.registerAgent("cpu0/main");
            dma0 = c.registerAgent("dma0");
            dma1 = c.registerAgent("dma1");
            gpu = c.registerAgent("gpu0");
            c.registerBuffer("b", B, 100); // registration order does not matter
            c.registerBuffer("a", A, 100);
            c.describeHolder("cpu0.l1", "begin_cpu_access(read)", "end_cpu_access(write)");
            c.describeHolder("gpu0.l2", "map", "unmap");
        }

        /** One version per sector of {@code [addr, addr + len)}. */
        long[] fill(long addr, long len, long v) {
            long[] out = new long[(int) (((addr + len - 1) / g) - addr / g + 1)];
            Arrays.fill(out, v);
            return out;
        }

        /** A cacheless write: logical write, then the data land in memory. */
        int writeThrough(int agent, String label, long addr, long len) {
            int p = c.beginPass(agent, label, false, 0);
            c.write(p, addr, len, null);
            c.memoryWrite(addr, len, fill(addr, len, p), 0, c.agentName(agent));
            c.endPass(p);
            return p;
        }

        void read(int agent, String label, long addr, long len, long[] seen, String servedBy) {
            int p = c.beginPass(agent, label, true, 0);
            c.read(p, addr, len, seen, 0, servedBy);
            c.endPass(p);
        }

        void sync(int from, int to) { c.acquire(to, c.release(from)); }
    }

    @Test
    void unorderedWritersOfTwoBuffersInOneSectorAreOneRaceAtSixtyFourAndNoneAtFour() {
        for (int g : new int[]{4, 64}) {
            Fx f = new Fx(g);
            f.now[0] = Time.US;
            f.writeThrough(f.dma0, "dma0 job 1", A + 64, 36); // a's bytes 64..100
            f.now[0] = 2 * Time.US;
            f.writeThrough(f.dma1, "dma1 job 1", B, 28); // b's bytes 0..28, the rest of that sector
            List<Violation> all = f.c.violations();
            if (g == 4) {
                assertEquals(List.of(), all, "granularity 4");
                continue;
            }
            assertEquals(1, all.size(), all::toString);
            Violation v = all.get(0);
            assertEquals(ViolationKind.DATA_RACE, v.kind());
            assertEquals("b", v.buffer()); // the buffer of the access found racing: dma1's
            assertEquals(0, v.offset());
            assertEquals(28, v.length());
            assertEquals(List.of("dma0", "dma1"), v.agents());
            assertEquals("data race (write/write) on b +0x0 (28 B): dma0 job 1 wrote it at 1.000 us and dma1 job 1 wrote it at "
                    + "2.000 us, and neither happens-before the other (no fence wait, submission, DQBUF or release/acquire orders them)",
                    v.message());
        }
    }

    @Test
    void theRaceIsNamedAfterTheBufferOfTheLaterAccessWhicheverItIs() {
        Fx f = new Fx(64);
        f.writeThrough(f.dma1, "dma1 job 1", B, 28);
        int r = f.c.beginPass(f.dma0, "dma0 job 1", false, 0);
        f.c.read(r, A, 100, f.fill(A, 100, 0), 0, MEM); // sector 1 last written by dma1, unordered
        f.c.endPass(r);
        Violation v = f.c.violations().get(0);
        assertEquals(1, f.c.violations().size(), f.c.violations()::toString);
        assertEquals(ViolationKind.DATA_RACE, v.kind());
        assertEquals("a", v.buffer());
        assertEquals(0x40, v.offset());
        assertEquals(36, v.length()); // the bytes of a the read covered in that sector
        // a read of a, then an unordered write of b's bytes in the shared sector: a race too, on b
        int w = f.c.beginPass(f.cpu, "cpu0/main write #1", false, 0);
        f.c.write(w, B, 4, "cpu0.l1");
        f.c.endPass(w);
        assertEquals(3, f.c.counts().get(ViolationKind.DATA_RACE)); // (dma1, cpu) and (dma0 read, cpu)
        List<Violation> races = f.c.violations();
        assertEquals(List.of("b", "b"), List.of(races.get(1).buffer(), races.get(2).buffer()));
        assertTrue(races.get(2).message().startsWith("data race (read/write) on b +0x0 (4 B): dma0 job 1 read it"), races.get(2).message());
    }

    @Test
    void olderWriteBackOfALineAcrossTwoBuffersLosesTheNewerWriteOfB() {
        for (int g : new int[]{4, 64}) {
            Fx f = new Fx(g);
            f.now[0] = Time.US;
            int w1 = f.c.beginPass(f.cpu, "cpu0/main write #1", false, 0);
            f.c.write(w1, LINE, 64, "cpu0.l1"); // the end of a and the start of b, dirty, never cleaned
            f.c.endPass(w1);
            f.sync(f.cpu, f.gpu); // the job submission
            int job = f.c.beginPass(f.gpu, "gpu0 job 1", false, 0);
            f.c.write(job, B, 28, "gpu0.l2");
            f.c.endPass(job);
            // gpu0.l2 cleans the line: its copy of a's bytes was filled from memory (version 0)
            long[] clean = f.fill(LINE, 64, job);
            if (g == 4) Arrays.fill(clean, 0, 9, 0);
            f.c.memoryWrite(LINE, 64, clean, 0, "gpu0.l2");
            f.now[0] = 3 * Time.US;
            f.c.memoryWrite(LINE, 64, f.fill(LINE, 64, w1), 0, "cpu0.l1"); // the eviction, too late
            List<Violation> all = f.c.violations();
            assertEquals(1, all.size(), () -> "granularity " + g + ": " + all);
            Violation v = all.get(0);
            assertEquals(ViolationKind.LOST_WRITE, v.kind());
            assertEquals("b", v.buffer(), "granularity " + g);
            assertEquals(0, v.offset());
            assertEquals(28, v.length());
            assertEquals(List.of("gpu0", "cpu0/main"), v.agents());
            assertEquals("cpu0.l1 wrote b +0x0 (28 B) to memory at 3.000 us holding the version written by cpu0/main write #1 over "
                    + "the newer version written by gpu0 job 1, which was ordered after it; gpu0 job 1's data there are lost",
                    v.message());
        }
    }

    @Test
    void correctlyOrderedAccessesToTheSharedSectorReportNothing() {
        for (int g : new int[]{4, 64}) {
            Fx f = new Fx(g);
            int p0 = f.writeThrough(f.dma0, "dma0 job 1", A + 64, 36);
            f.sync(f.dma0, f.dma1);
            int p1 = f.writeThrough(f.dma1, "dma1 job 1", B, 28);
            f.sync(f.dma1, f.cpu);
            // memory now holds, per physical sector, what the readers below see
            long[] seenA = f.fill(A, 100, 0), seenB = f.fill(B, 100, 0);
            if (g == 64) {
                seenA[1] = p1; // the shared sector: dma1 wrote it last
                seenB[0] = p1;
            } else {
                Arrays.fill(seenA, 16, 25, p0);
                Arrays.fill(seenB, 0, 7, p1);
            }
            f.read(f.cpu, "cpu0/main read #1", A, 100, seenA, MEM);
            f.read(f.cpu, "cpu0/main read #2", B, 100, seenB, MEM);
            // the CPU updates a's tail in its cache and cleans the whole line, b's bytes included
            int w = f.c.beginPass(f.cpu, "cpu0/main write #1", false, 0);
            f.c.write(w, A + 64, 36, "cpu0.l1");
            f.c.endPass(w);
            long[] line = f.fill(LINE, 64, w);
            if (g == 4) Arrays.fill(line, 9, 16, p1);
            f.c.memoryWrite(LINE, 64, line, 0, "cpu0.l1"); // end_cpu_access(write)
            f.sync(f.cpu, f.dma1);
            if (g == 64) seenB[0] = w;
            f.read(f.dma1, "dma1 job 2", B, 100, seenB, MEM);
            f.sync(f.dma1, f.dma0);
            f.read(f.dma0, "dma0 job 2", A, 100, g == 64 ? new long[]{0, w} : withRange(seenA, 16, 25, w), MEM);
            assertEquals(List.of(), f.c.violations(), "granularity " + g);
        }
    }

    @Test
    void aTinyBufferInsideOneSectorSharesItWithBothNeighbours() {
        CoherencyChecker c = new CoherencyChecker(true, 64, () -> 0, 100);
        int x = c.registerAgent("dma0"), y = c.registerAgent("dma1");
        c.registerBuffer("lo", A, 8);
        c.registerBuffer("mid", A + 8, 8);
        c.registerBuffer("hi", A + 16, 48);
        int p = c.beginPass(x, "dma0 job 1", false, 0);
        c.write(p, A, 64, null); // all three buffers, one sector: handled once, named after the first
        int q = c.beginPass(y, "dma1 job 1", false, 0);
        c.write(q, A + 12, 8, null); // mid's last 4 bytes and hi's first 4
        List<Violation> all = c.violations();
        assertEquals(1, all.size(), all::toString);
        assertEquals("mid", all.get(0).buffer());
        assertEquals(4, all.get(0).offset());
        assertEquals(4, all.get(0).length());
    }

    static long[] withRange(long[] a, int from, int to, long v) {
        long[] out = a.clone();
        Arrays.fill(out, from, to, v);
        return out;
    }
}
