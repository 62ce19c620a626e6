package dev.dmasim.core.check;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.result.WarningKind;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CoherencyCheckerTest {
    static final long BASE = 0x100000;
    static final String MEM = CoherencyChecker.MEMORY;

    /** A checker with a settable clock, agents cpu0/main, cam0, dma0, gpu0, gpu1, disp0 and buffer fb[1] (4 KiB). */
    static final class Fx {
        final long[] now = {0};
        final CoherencyChecker c;
        final int cpu, cam, dma, gpu0, gpu1, disp;

        Fx(boolean enabled, int granularity) {
            c = new CoherencyChecker(enabled, granularity, () -> now[0], 100);
            cpu = c.registerAgent("cpu0/main");
            cam = c.registerAgent("cam0");
            dma = c.registerAgent("dma0");
            gpu0 = c.registerAgent("gpu0");
            gpu1 = c.registerAgent("gpu1");
            disp = c.registerAgent("disp0");
            c.registerBuffer("fb[1]", BASE, 0x1000);
            c.describeHolder("cpu0.l1", "begin_cpu_access(read)", "end_cpu_access(write)");
            c.describeHolder("gpu0.l2", "map", "unmap");
        }

        Fx() { this(true, 64); }

        void at(long ps) { now[0] = ps; }

        /** A whole pass that writes [off, off+len) to holder (null: straight to memory, landing at once). */
        int write(int agent, String label, long off, long len, String holder) {
            int p = c.beginPass(agent, label, false, 0);
            c.write(p, BASE + off, len, holder);
            if (holder == null) c.memoryWrite(BASE + off, len, fill(off, len, p), 0, c.agentName(agent));
            c.endPass(p);
            return p;
        }

        int read(int agent, String label, long off, long len, long[] seen, String servedBy) {
            int p = c.beginPass(agent, label, false, 0);
            c.read(p, BASE + off, len, seen, 0, servedBy);
            c.endPass(p);
            return p;
        }

        void sync(int from, int to) { c.acquire(to, c.release(from)); }

        long[] fill(long off, long len, long v) {
            int n = (int) (((BASE + off + len - 1) >>> 6) - ((BASE + off) >>> 6) + 1);
            long[] a = new long[n];
            java.util.Arrays.fill(a, v);
            return a;
        }

        List<Violation> v() { return c.violations(); }

        Violation only(ViolationKind k) {
            List<Violation> all = v().stream().filter(x -> x.kind() == k).toList();
            assertEquals(1, all.size(), () -> "expected one " + k.wire() + " in " + v());
            return all.get(0);
        }
    }

    static long[] vs(long... v) { return v; }

    // ------------------------------------------------------------------ happens-before

    @Test
    void releaseAcquireChainsOrderPassesTransitively() {
        Fx f = new Fx();
        CoherencyChecker c = f.c;
        int a = c.beginPass(f.cpu, "a", false, 0);
        ClockSnapshot s1 = c.release(f.cpu);
        int a2 = c.beginPass(f.cpu, "a2", false, 0); // after the release: not covered by s1
        c.acquire(f.dma, s1);
        ClockSnapshot s2 = c.release(f.dma);
        c.acquire(f.gpu0, s2);
        int g = c.beginPass(f.gpu0, "g", false, 0);
        int cam = c.beginPass(f.cam, "cam", false, 0);
        assertTrue(c.happensBefore(a, g));
        assertFalse(c.happensBefore(a2, g));
        assertFalse(c.happensBefore(g, a));
        assertFalse(c.happensBefore(a, cam));
        assertFalse(c.happensBefore(cam, g));
        assertTrue(c.happensBefore(a, a2)); // program order
        assertFalse(c.happensBefore(a2, a));
        assertTrue(c.happensBefore(0, a));
        assertEquals(ClockSnapshot.of(1), s1);
        assertEquals(ClockSnapshot.of(1, 0, 1), s2);
        assertEquals(ClockSnapshot.of(1, 0, 1, 1), c.clockOf(f.gpu0));
        assertEquals(ClockSnapshot.of(2), c.clockOf(f.cpu));
    }

    @Test
    void mergedFenceOrdersAfterBothProducers() {
        Fx f = new Fx();
        CoherencyChecker c = f.c;
        int g0 = c.beginPass(f.gpu0, "gpu0 job 1", false, 0);
        int g1 = c.beginPass(f.gpu1, "gpu1 job 2", false, 0);
        ClockSnapshot m = c.merge(c.release(f.gpu0), c.release(f.gpu1));
        assertEquals(ClockSnapshot.of(0, 0, 0, 1, 1), m);
        c.acquire(f.disp, m);
        int d = c.beginPass(f.disp, "disp0 scanout 1", true, 0);
        assertTrue(c.happensBefore(g0, d));
        assertTrue(c.happensBefore(g1, d));
        assertSame(m, ClockSnapshot.merge(m, ClockSnapshot.EMPTY));
    }

    // ------------------------------------------------------------------ stale reads

    @Test
    void staleCopyInTheReadersCacheIsReaderCacheNotInvalidated() {
        Fx f = new Fx();
        f.at(Time.MS);
        int frame3 = f.write(f.cam, "cam0 frame 3", 0x1c0, 64, null);
        f.sync(f.cam, f.cpu); // DQBUF
        f.read(f.cpu, "cpu0/main read #1", 0x1c0, 64, vs(frame3), MEM); // now cached in cpu0.l1
        f.sync(f.cpu, f.dma); // submission
        f.at(1_100 * Time.US);
        int job7 = f.write(f.dma, "dma0 job 7", 0x1c0, 64, null);
        f.sync(f.dma, f.cpu); // fence wait
        f.at(1_204 * Time.US);
        f.read(f.cpu, "cpu0/main read #2", 0x1c0, 64, vs(frame3), "cpu0.l1");
        Violation v = f.only(ViolationKind.STALE_READ);
        assertEquals(1, f.v().size());
        assertEquals(CoherencyChecker.READER_CACHE_NOT_INVALIDATED, v.cause());
        assertEquals("fb[1]", v.buffer());
        assertEquals(0x1c0, v.offset());
        assertEquals(64, v.length());
        assertEquals(1_204 * Time.US, v.timePs());
        assertEquals(List.of("cpu0/main", "dma0", "cam0"), v.agents());
        assertEquals("cpu0/main read fb[1] +0x1c0 (64 B) at 1.204 ms (cpu0/main read #2) and saw the version written by "
                + "cam0 frame 3; the newest write ordered before this read is dma0 job 7 at 1.100 ms; the stale copy was in "
                + "cpu0.l1, which begin_cpu_access(read) would have invalidated", v.message());
        assertNotEquals(0, job7);
    }

    @Test
    void uncleanedWriterReadFromMemoryIsWriterCacheNotCleaned() {
        Fx f = new Fx();
        f.at(2 * Time.MS);
        f.write(f.cpu, "cpu0/main write #4", 0, 128, "cpu0.l1");
        f.sync(f.cpu, f.gpu0); // job submission, but no end_cpu_access: lines stay dirty
        f.at(3 * Time.MS);
        f.read(f.gpu0, "gpu0 job 1", 0, 128, vs(0, 0), MEM);
        Violation v = f.only(ViolationKind.STALE_READ);
        assertEquals(CoherencyChecker.WRITER_CACHE_NOT_CLEANED, v.cause());
        assertEquals(128, v.length()); // two sectors, one record
        assertEquals(List.of("gpu0", "cpu0/main"), v.agents());
        assertEquals("gpu0 read fb[1] +0x0 (128 B) at 3.000 ms (gpu0 job 1) and saw data never written (version 0); "
                + "the newest write ordered before this read is cpu0/main write #4 at 2.000 ms; the newer data were written into "
                + "cpu0.l1 and never reached memory: end_cpu_access(write) would have cleaned them (unless an invalidate of a line "
                + "they share dropped them first), so memory still held the old version", v.message());
    }

    @Test
    void staleCacheAndUncleanedWriterIsBoth() {
        Fx f = new Fx();
        f.read(f.gpu0, "gpu0 job 1", 0, 64, vs(0), MEM); // gpu0.l2 holds version 0
        f.sync(f.gpu0, f.cpu);
        f.write(f.cpu, "cpu0/main write #2", 0, 64, "cpu0.l1");
        f.sync(f.cpu, f.gpu0);
        f.read(f.gpu0, "gpu0 job 2", 0, 64, vs(0), "gpu0.l2");
        Violation v = f.only(ViolationKind.STALE_READ);
        assertEquals(CoherencyChecker.BOTH, v.cause());
        assertTrue(v.message().endsWith("the stale copy was in gpu0.l2, which map would have invalidated, and the newer data "
                + "were written into cpu0.l1 and never reached memory: end_cpu_access(write) would have cleaned them "
                + "(unless an invalidate of a line they share dropped them first)"), v.message());
    }

    @Test
    void olderCopyWrittenBackOverPublishedDataIsLostWriteAndMemoryOverwritten() {
        Fx f = new Fx();
        f.at(Time.MS);
        int header = f.write(f.cpu, "cpu0/main write #1", 0, 64, "cpu0.l1"); // dirty, never cleaned
        f.sync(f.cpu, f.cam); // QBUF
        int frame = f.write(f.cam, "cam0 frame 1", 0, 64, null);
        f.at(2 * Time.MS);
        f.c.memoryWrite(BASE, 64, vs(header), 0, "cpu0.l1"); // eviction
        f.sync(f.cam, f.gpu0); // DQBUF, then the job
        f.read(f.gpu0, "gpu0 job 1", 0, 64, vs(header), MEM);
        List<Violation> all = f.v();
        assertEquals(2, all.size(), all::toString);
        Violation lost = all.get(0);
        assertEquals(ViolationKind.LOST_WRITE, lost.kind());
        assertEquals(List.of("cam0", "cpu0/main"), lost.agents());
        assertNull(lost.cause());
        assertEquals("cpu0.l1 wrote fb[1] +0x0 (64 B) to memory at 2.000 ms holding the version written by cpu0/main write #1 "
                + "over the newer version written by cam0 frame 1, which was ordered after it; cam0 frame 1's data there are lost",
                lost.message());
        Violation stale = all.get(1);
        assertEquals(ViolationKind.STALE_READ, stale.kind());
        assertEquals(CoherencyChecker.MEMORY_OVERWRITTEN, stale.cause());
        assertNotEquals(header, frame);
    }

    @Test
    void dataLandingBeforeTheWriteIsReportedStillCountAsReached() {
        Fx f = new Fx();
        f.read(f.cpu, "cpu0/main read #1", 0, 64, vs(0), MEM); // cpu0.l1 holds version 0
        f.sync(f.cpu, f.cam);
        int frame = f.c.beginPass(f.cam, "cam0 frame 1", false, 0);
        f.c.memoryWrite(BASE, 64, vs(frame), 0, "cam0"); // the bus completion came first
        f.c.write(frame, BASE, 64, null);
        f.c.endPass(frame);
        f.sync(f.cam, f.cpu);
        f.read(f.cpu, "cpu0/main read #2", 0, 64, vs(0), "cpu0.l1");
        assertEquals(CoherencyChecker.READER_CACHE_NOT_INVALIDATED, f.only(ViolationKind.STALE_READ).cause());
    }

    @Test
    void readingTheNewestOrderedVersionFromAnywhereIsSilent() {
        Fx f = new Fx();
        int w = f.write(f.cpu, "cpu0/main write #1", 0, 256, "cpu0.l1");
        f.c.memoryWrite(BASE, 256, vs(w, w, w, w), 0, "cpu0.l1"); // end_cpu_access(write)
        f.sync(f.cpu, f.gpu0);
        f.read(f.gpu0, "gpu0 job 1", 0, 256, vs(w, w, w, w), MEM);
        f.read(f.cpu, "cpu0/main read #2", 0, 256, vs(w, w, w, w), "cpu0.l1"); // own write, own cache
        assertEquals(List.of(), f.v());
    }

    // ------------------------------------------------------------------ lost writes

    @Test
    void cleanOfAnOlderDirtyLineOverACopyEngineWriteIsLost() {
        Fx f = new Fx();
        int w1 = f.write(f.cpu, "cpu0/main write #1", 0x40, 64, "cpu0.l1");
        f.sync(f.cpu, f.dma);
        int job = f.write(f.dma, "dma0 job 3", 0, 256, null);
        f.sync(f.dma, f.cpu);
        f.c.memoryWrite(BASE + 0x40, 64, vs(w1), 0, "cpu0.l1"); // end_cpu_access clean, too late
        Violation v = f.only(ViolationKind.LOST_WRITE);
        assertEquals(0x40, v.offset());
        assertEquals(64, v.length());
        assertEquals(List.of("dma0", "cpu0/main"), v.agents());
        assertTrue(v.message().contains("over the newer version written by dma0 job 3"), v.message());
        assertEquals(1, f.v().size());
        assertNotEquals(w1, job);
    }

    @Test
    void writeBackOfNeverWrittenBytesOverDataIsLost() {
        Fx f = new Fx();
        int job = f.write(f.dma, "dma0 job 1", 0, 64, null);
        f.c.memoryWrite(BASE, 64, vs(0), 0, "gpu0.l2");
        Violation v = f.only(ViolationKind.LOST_WRITE);
        assertEquals(List.of("dma0"), v.agents());
        assertTrue(v.message().startsWith("gpu0.l2 wrote fb[1] +0x0 (64 B) to memory at 0 ps holding data never written (version 0)"), v.message());
        assertNotEquals(0, job);
    }

    @Test
    void writeBackOfAnUnorderedVersionIsARaceNotALostWrite() {
        Fx f = new Fx();
        int a = f.write(f.gpu0, "gpu0 job 1", 0, 64, "gpu0.l2");
        int b = f.write(f.gpu1, "gpu1 job 1", 0, 64, null);
        f.c.memoryWrite(BASE, 64, vs(a), 0, "gpu0.l2");
        assertEquals(1, f.v().size(), f.v()::toString);
        assertEquals(ViolationKind.DATA_RACE, f.v().get(0).kind());
        assertEquals(1, f.c.counts().get(ViolationKind.DATA_RACE));
        assertEquals(0, f.c.counts().get(ViolationKind.LOST_WRITE));
        assertNotEquals(a, b);
    }

    // ------------------------------------------------------------------ races

    @Test
    void writeThenUnorderedReadIsARace() {
        Fx f = new Fx();
        f.at(Time.MS);
        int w = f.write(f.cam, "cam0 frame 3", 0, 0x1000, null);
        f.at(2 * Time.MS);
        f.read(f.gpu0, "gpu0 job 1", 0x100, 128, vs(w, w), MEM);
        Violation v = f.only(ViolationKind.DATA_RACE);
        assertEquals(1, f.v().size());
        assertEquals(0x100, v.offset());
        assertEquals(128, v.length());
        assertEquals(List.of("cam0", "gpu0"), v.agents());
        assertNull(v.cause());
        assertEquals("data race (write/read) on fb[1] +0x100 (128 B): cam0 frame 3 wrote it at 1.000 ms and gpu0 job 1 read it "
                + "at 2.000 ms, and neither happens-before the other (no fence wait, submission, DQBUF or release/acquire orders them)",
                v.message());
    }

    /** MODEL.md's offset and length: the lowest byte affected and the bytes affected, however the pass swept them. */
    @Test
    void aRecordStartsAtItsLowestByteWhateverOrderThePassFoundThemIn() {
        Fx f = new Fx();
        f.at(Time.MS);
        int w = f.write(f.cam, "cam0 frame 3", 0, 0x1000, null);
        f.at(2 * Time.MS);
        int p = f.c.beginPass(f.gpu0, "gpu0 job 1", false, 0);
        f.c.read(p, BASE + 0x800, 0x800, f.fill(0x800, 0x800, w), 0, MEM);   // the upper half first
        f.c.read(p, BASE, 0x800, f.fill(0, 0x800, w), 0, MEM);
        f.c.endPass(p);
        Violation v = f.only(ViolationKind.DATA_RACE);
        assertEquals(0, v.offset());
        assertEquals(0x1000, v.length());
        assertTrue(v.message().startsWith("data race (write/read) on fb[1] +0x0 (4096 B): "), v.message());
    }

    /**
     * MODEL.md: where writes race with a read, any of *their* versions is acceptable. A read
     * ordered after cam0's write and racing with dma0's, which replaced it, may see either; a
     * version older than cam0's is a stale read besides the race.
     */
    @Test
    void aReadRacingWithOneWriteIsStillStaleIfOlderThanTheWriteItIsOrderedAfter() {
        for (int seenKind = 0; seenKind < 4; seenKind++) {
            Fx f = new Fx();
            f.at(Time.MS);
            int w1 = f.write(f.cam, "cam0 frame 3", 0, 0x1000, null);
            f.sync(f.cam, f.gpu0);                                     // cam0's frame happens-before the read
            f.sync(f.cam, f.dma);                                      // and before dma0's write
            f.at(2 * Time.MS);
            int w2 = f.write(f.dma, "dma0 job 1", 0, 0x1000, null);    // unordered with the read
            f.at(3 * Time.MS);
            boolean ordered = seenKind != 3;
            long seen = seenKind == 0 ? 0 : seenKind == 1 ? w1 : w2;
            if (!ordered) {
                f = new Fx();
                f.at(Time.MS);
                w1 = f.write(f.cam, "cam0 frame 3", 0, 0x1000, null);
                f.sync(f.cam, f.dma);
                f.at(2 * Time.MS);
                f.write(f.dma, "dma0 job 1", 0, 0x1000, null);
                f.at(3 * Time.MS);
                seen = 0;                                              // not ordered after cam0: only the race
            }
            f.read(f.gpu0, "gpu0 job 1", 0, 0x1000, f.fill(0, 0x1000, seen), "gpu0.l2");
            String what = "seen " + seen + (ordered ? "" : " (read not ordered after cam0)");
            long stale = f.v().stream().filter(x -> x.kind() == ViolationKind.STALE_READ).count();
            assertEquals(ordered && seen == 0 ? 1 : 0, stale, what + ": " + f.v());
            assertEquals(1, f.v().stream().filter(x -> x.kind() == ViolationKind.DATA_RACE).count(), what); // with dma0's write
            if (stale == 1) {
                Violation v = f.only(ViolationKind.STALE_READ);
                assertEquals(CoherencyChecker.READER_CACHE_NOT_INVALIDATED, v.cause());
                assertEquals(0, v.offset());
                assertEquals(0x1000, v.length());
                assertEquals(List.of("gpu0", "cam0"), v.agents());
                assertTrue(v.message().contains("the newest write ordered before this read is cam0 frame 3 (dma0 job 1, which races"),
                        v.message());
            }
        }
    }

    /**
     * Until the racing write lands, memory may still hold what came before the write it replaced
     * (a coherent write snoops the older copy away first): a read of that is only the race.
     */
    @Test
    void aReadRacingWithAWriteNotYetLandedIsOnlyARace() {
        Fx f = new Fx();
        f.at(Time.MS);
        f.write(f.cpu, "cpu0/main write #1", 0, 0x1000, null);
        f.sync(f.cpu, f.gpu0);
        f.sync(f.cpu, f.dma);
        f.at(2 * Time.MS);
        f.write(f.dma, "dma0 job 1", 0, 0x1000, "dma0.fifo");           // reported, not landed
        f.at(3 * Time.MS);
        f.read(f.gpu0, "gpu0 job 1", 0, 0x1000, f.fill(0, 0x1000, 0), MEM);
        assertEquals(1, f.v().size(), () -> f.v().toString());
        assertEquals(ViolationKind.DATA_RACE, f.v().get(0).kind());
    }

    @Test
    void readThenUnorderedWriteIsARace() {
        Fx f = new Fx();
        f.at(Time.MS);
        int r = f.read(f.gpu0, "gpu0 job 1", 0, 64, vs(0), MEM);
        f.at(2 * Time.MS);
        f.write(f.cam, "cam0 frame 4", 0, 64, null);
        Violation v = f.only(ViolationKind.DATA_RACE);
        assertEquals(List.of("gpu0", "cam0"), v.agents());
        assertTrue(v.message().startsWith("data race (read/write) on fb[1] +0x0 (64 B): gpu0 job 1 read it during the pass that "
                + "began at 1.000 ms and cam0 frame 4 wrote it at 2.000 ms"), v.message());
        assertNotEquals(0, r);
    }

    @Test
    void writeWriteRaceIsReportedOncePerPairOfPassesAndBuffer() {
        Fx f = new Fx();
        f.c.registerBuffer("fb[2]", BASE + 0x1000, 0x1000);
        int a = f.c.beginPass(f.gpu0, "gpu0 job 1", false, 0);
        int b = f.c.beginPass(f.gpu1, "gpu1 job 1", false, 0);
        for (int line = 0; line < 8; line++) {
            f.c.write(a, BASE + 64L * line, 64, "gpu0.l2");
            f.c.write(b, BASE + 64L * line, 64, "gpu1.l2");
            f.c.write(a, BASE + 64L * line, 64, "gpu0.l2"); // the same pair again: same record
            f.c.write(b, BASE + 64L * line, 64, "gpu1.l2");
        }
        f.c.write(a, BASE + 0x1000, 64, "gpu0.l2");
        f.c.write(b, BASE + 0x1000, 64, "gpu1.l2"); // other buffer: its own record
        int c3 = f.c.beginPass(f.gpu0, "gpu0 job 2", false, 0);
        f.c.write(c3, BASE, 64, "gpu0.l2"); // a new pair (gpu1 job 1, gpu0 job 2)
        List<Violation> all = f.v();
        assertEquals(3, all.size(), all::toString);
        assertTrue(all.stream().allMatch(x -> x.kind() == ViolationKind.DATA_RACE));
        assertEquals("fb[1]", all.get(0).buffer());
        assertEquals(512, all.get(0).length()); // 8 lines, each counted once
        assertTrue(all.get(0).message().startsWith("data race (write/write) on fb[1] +0x0 (512 B): gpu0 job 1 wrote it"), all.get(0).message());
        assertEquals("fb[2]", all.get(1).buffer());
        assertEquals(64, all.get(1).length());
        assertEquals(List.of("gpu1", "gpu0"), all.get(2).agents());
        assertEquals(3, f.c.counts().get(ViolationKind.DATA_RACE));
    }

    @Test
    void concurrentReadersAreAllCheckedAgainstTheNextWrite() {
        Fx f = new Fx();
        int w = f.write(f.cpu, "cpu0/main write #1", 0, 64, null);
        f.sync(f.cpu, f.gpu0);
        f.sync(f.cpu, f.gpu1);
        f.sync(f.cpu, f.disp);
        f.read(f.gpu0, "gpu0 job 1", 0, 64, vs(w), MEM);
        f.read(f.gpu1, "gpu1 job 1", 0, 64, vs(w), MEM);
        f.read(f.disp, "disp0 scanout 1", 0, 64, vs(w), MEM);
        f.sync(f.gpu0, f.cpu);
        f.sync(f.disp, f.cpu); // the CPU waited for gpu0 and disp0 but not gpu1
        f.write(f.cpu, "cpu0/main write #2", 0, 64, null);
        Violation v = f.only(ViolationKind.DATA_RACE);
        assertEquals(List.of("gpu1", "cpu0/main"), v.agents());
        assertEquals(1, f.v().size());
    }

    @Test
    void orderedReadersCollapseToTheLatest() {
        Fx f = new Fx();
        f.read(f.gpu0, "gpu0 job 1", 0, 64, vs(0), MEM);
        f.sync(f.gpu0, f.gpu1);
        f.read(f.gpu1, "gpu1 job 1", 0, 64, vs(0), MEM);
        f.sync(f.gpu1, f.cam);
        f.write(f.cam, "cam0 frame 1", 0, 64, null);
        assertEquals(List.of(), f.v());
    }

    @Test
    void correctlyOrderedAndPublishedPipelineIsSilent() {
        Fx f = new Fx();
        long n = 0x1000 / 64;
        for (int frame = 1; frame <= 3; frame++) {
            int cam = f.write(f.cam, "cam0 frame " + frame, 0, 0x1000, null);
            f.sync(f.cam, f.cpu); // DQBUF
            int cpu = f.c.beginPass(f.cpu, "cpu0/main read #" + frame, true, 0);
            f.c.read(cpu, BASE, 0x1000, f.fill(0, 0x1000, cam), 0, MEM); // begin_cpu_access(read) invalidated
            f.c.endPass(cpu);
            int hdr = f.write(f.cpu, "cpu0/main write #" + frame, 0, 64, "cpu0.l1");
            f.c.memoryWrite(BASE, 64, vs(hdr), 0, "cpu0.l1"); // end_cpu_access(write)
            f.sync(f.cpu, f.gpu0); // submission
            long[] seen = f.fill(0, 0x1000, cam);
            seen[0] = hdr;
            int g = f.c.beginPass(f.gpu0, "gpu0 job " + frame, true, 0);
            f.c.read(g, BASE, 0x1000, seen, 0, MEM); // two producers, correctly composed
            f.c.endPass(g);
            f.sync(f.gpu0, f.cam); // the app waited the job's fence before QBUF
            assertEquals(n, seen.length);
        }
        assertEquals(List.of(), f.v());
        assertTrue(f.c.counts().values().stream().allMatch(x -> x == 0));
    }

    // ------------------------------------------------------------------ torn frames

    @Test
    void frameReadRacingWithCaptureIsTornAndRace() {
        Fx f = new Fx();
        int old = f.write(f.cam, "cam0 frame 1", 0, 0x1000, null);
        f.sync(f.cam, f.cpu); // DQBUF of frame 1
        f.sync(f.cpu, f.cam); // QBUF again
        f.sync(f.cpu, f.gpu0); // GPU job submitted before DQBUF of frame 2 (M8)
        int cur = f.c.beginPass(f.cam, "cam0 frame 2", false, 0);
        f.c.write(cur, BASE, 0x400, null); // the first quarter of frame 2 is captured
        f.c.memoryWrite(BASE, 0x400, f.fill(0, 0x400, cur), 0, "cam0");
        f.at(5 * Time.MS);
        int g = f.c.beginPass(f.gpu0, "gpu0 job 1", true, 0);
        long[] seen = f.fill(0, 0x1000, old);
        for (int i = 0; i < 16; i++) seen[i] = cur;
        f.c.read(g, BASE, 0x1000, seen, 0, MEM);
        f.c.endPass(g);
        List<Violation> all = f.v();
        assertEquals(2, all.size(), all::toString);
        assertEquals(ViolationKind.DATA_RACE, all.get(0).kind());
        assertEquals(0x400, all.get(0).length());
        Violation torn = all.get(1);
        assertEquals(ViolationKind.TORN_FRAME, torn.kind());
        assertEquals(List.of("gpu0", "cam0"), torn.agents());
        assertEquals(0x400, torn.offset());
        assertEquals(0xc00, torn.length());
        assertEquals("gpu0 (gpu0 job 1) read a torn frame from fb[1]: +0x400 (3072 B) came from cam0 frame 1 while the first "
                + "data it read came from cam0 frame 2, and the pass also saw stale or racing data (see those records)", torn.message());
        assertEquals(5 * Time.MS, torn.timePs());
    }

    @Test
    void readBeforeAnUnorderedWriteMarksAnActiveFrameReadAsTorn() {
        Fx f = new Fx();
        int a = f.write(f.gpu0, "gpu0 job 1", 0, 64, null);
        int b = f.write(f.gpu0, "gpu0 job 2", 64, 64, null);
        f.sync(f.gpu0, f.disp);
        f.sync(f.gpu0, f.gpu1);
        int d = f.c.beginPass(f.disp, "disp0 scanout 1", true, 0);
        f.c.read(d, BASE, 128, vs(a, b), 0, MEM); // two generations, nothing wrong yet
        assertEquals(List.of(), f.v());
        f.write(f.gpu1, "gpu1 job 1", 64, 64, null); // overwrites a line the scanout already read
        f.c.endPass(d);
        assertEquals(1, f.c.counts().get(ViolationKind.TORN_FRAME));
        assertEquals(1, f.c.counts().get(ViolationKind.DATA_RACE));
    }

    @Test
    void correctlyComposedTwoPassFrameIsNotTorn() {
        Fx f = new Fx();
        int frame = f.write(f.cam, "cam0 frame 1", 0, 0x1000, null);
        f.sync(f.cam, f.cpu);
        int overlay = f.write(f.cpu, "cpu0/main write #1", 0x800, 0x100, null); // a correct partial update
        f.sync(f.cpu, f.disp);
        int d = f.c.beginPass(f.disp, "disp0 scanout 1", true, 0);
        long[] seen = f.fill(0, 0x1000, frame);
        for (int i = 0x800 / 64; i < 0x900 / 64; i++) seen[i] = overlay;
        f.c.read(d, BASE, 0x1000, seen, 0, MEM);
        f.c.endPass(d);
        assertEquals(List.of(), f.v());
        // the same frame with one stale sector is torn as well as stale
        int d2 = f.c.beginPass(f.disp, "disp0 scanout 2", true, 0);
        seen[0x800 / 64] = frame;
        f.c.read(d2, BASE, 0x1000, seen, 0, MEM);
        f.c.endPass(d2);
        assertEquals(List.of(ViolationKind.STALE_READ, ViolationKind.TORN_FRAME), f.v().stream().map(Violation::kind).toList());
        Violation torn = f.v().get(1);
        assertEquals(0x840, torn.offset());
        assertEquals(0xc0, torn.length()); // the three sectors of the overlay it did see
        assertEquals(64, f.v().get(0).length());
    }

    @Test
    void staleReadsOfOnePairSplitByCauseAndCountEachByteOnce() {
        Fx f = new Fx();
        int w = f.write(f.dma, "dma0 job 1", 0, 256, null);
        f.sync(f.dma, f.cpu);
        int r = f.c.beginPass(f.cpu, "cpu0/main read #1", false, 0);
        f.c.read(r, BASE, 128, vs(0, 0), 0, "cpu0.l1"); // reader-cache-not-invalidated
        f.c.read(r, BASE, 64, vs(0), 0, "cpu0.l1"); // the same bytes again
        f.c.read(r, BASE + 128, 128, vs(0, 0), 0, MEM); // memory got it yet served an old copy
        f.c.endPass(r);
        List<Violation> all = f.v();
        assertEquals(2, all.size(), all::toString);
        assertEquals(CoherencyChecker.READER_CACHE_NOT_INVALIDATED, all.get(0).cause());
        assertEquals(128, all.get(0).length());
        assertEquals(CoherencyChecker.MEMORY_OVERWRITTEN, all.get(1).cause());
        assertEquals(0x80, all.get(1).offset());
        assertNotEquals(0, w);
    }

    @Test
    void aPassKeepsTheClockItBeganWith() {
        Fx f = new Fx();
        int g = f.c.beginPass(f.gpu0, "gpu0 job 1", false, 0);
        int w = f.c.beginPass(f.cam, "cam0 frame 1", false, 0);
        f.c.endPass(w);
        f.sync(f.cam, f.gpu0); // after g began: g is not ordered after the frame
        assertFalse(f.c.happensBefore(w, g));
        int g2 = f.c.beginPass(f.gpu0, "gpu0 job 2", false, 0);
        assertTrue(f.c.happensBefore(w, g2));
        assertEquals(g2, f.c.passCount());
        assertEquals("gpu0 job 2", f.c.passLabel(g2));
        assertEquals(f.gpu0, f.c.passAgent(g2));
        assertEquals(f.gpu0, f.c.registerAgent("gpu0"));
    }

    @Test
    void splitFrameHalvesOfOneGenerationAreOneFrame() {
        Fx f = new Fx();
        long gen = f.c.newGeneration();
        int top = f.c.beginPass(f.gpu0, "gpu0 job 1", false, gen);
        int bottom = f.c.beginPass(f.gpu1, "gpu1 job 1", false, gen);
        f.c.write(top, BASE, 0x800, null);
        f.c.write(bottom, BASE + 0x800, 0x800, null);
        f.c.memoryWrite(BASE, 0x1000, concat(f.fill(0, 0x800, top), f.fill(0x800, 0x800, bottom)), 0, "bus");
        f.c.endPass(top);
        f.c.endPass(bottom);
        f.c.acquire(f.disp, f.c.merge(f.c.release(f.gpu0), f.c.release(f.gpu1)));
        int stale = f.c.beginPass(f.disp, "disp0 scanout 1", true, 0);
        long[] seen = concat(f.fill(0, 0x800, top), f.fill(0x800, 0x800, bottom));
        seen[63] = 0; // one sector stale: a stale read, but one generation only
        f.c.read(stale, BASE, 0x1000, seen, 0, MEM);
        f.c.endPass(stale);
        assertEquals(1, f.v().size(), f.v()::toString);
        assertEquals(ViolationKind.STALE_READ, f.v().get(0).kind());
    }

    // ------------------------------------------------------------------ granularity, disabled, results

    @Test
    void fourByteSectorsSeparateNeighbouringWritersThatSixtyFourReportsAsARace() {
        for (int g : new int[]{4, 64}) {
            CoherencyChecker c = new CoherencyChecker(true, g, () -> 0, 100);
            int a = c.registerAgent("gpu0"), b = c.registerAgent("gpu1");
            c.registerBuffer("fb[0]", BASE, 0x1000);
            int pa = c.beginPass(a, "gpu0 job 1", false, 0), pb = c.beginPass(b, "gpu1 job 1", false, 0);
            c.write(pa, BASE, 32, null);
            c.write(pb, BASE + 32, 32, null);
            assertEquals(g == 64 ? 1L : 0L, c.counts().get(ViolationKind.DATA_RACE), "granularity " + g);
            if (g == 64) assertEquals(32, c.violations().get(0).length()); // the second writer's bytes
        }
    }

    @Test
    void disabledCheckerReportsNothingButHandsOutIds() {
        Fx f = new Fx(false, 64);
        int a = f.write(f.gpu0, "gpu0 job 1", 0, 64, "gpu0.l2");
        int b = f.write(f.gpu1, "gpu1 job 1", 0, 64, null);
        f.c.read(f.c.beginPass(f.cpu, "r", true, 0), BASE, 64, vs(0), 0, "cpu0.l1");
        f.c.memoryWrite(BASE, 64, vs(0), 0, "gpu0.l2");
        assertEquals(1, a);
        assertEquals(2, b);
        assertEquals(3, f.c.passCount());
        assertSame(ClockSnapshot.EMPTY, f.c.release(f.cpu));
        assertEquals(List.of(), f.v());
        assertTrue(f.c.counts().values().stream().allMatch(x -> x == 0));
    }

    @Test
    void accessesOutsideRegisteredBuffersAreIgnored() {
        Fx f = new Fx();
        f.write(f.gpu0, "gpu0 job 1", 0x1000, 64, null); // just past fb[1]
        f.write(f.gpu1, "gpu1 job 1", 0x1000, 64, null);
        int a = f.c.beginPass(f.gpu0, "gpu0 job 2", false, 0);
        f.c.write(a, BASE - 64, 128, null); // straddles the start: only fb[1]'s first sector counts
        int b = f.c.beginPass(f.gpu1, "gpu1 job 2", false, 0);
        f.c.write(b, BASE - 64, 128, null);
        Violation v = f.only(ViolationKind.DATA_RACE);
        assertEquals(0, v.offset());
        assertEquals(64, v.length());
    }

    @Test
    void resultsListEveryKindAndWarningAndLimitSamples() {
        long[] now = {7};
        CoherencyChecker c = new CoherencyChecker(true, 64, () -> now[0], 3);
        for (int i = 0; i < 5; i++) c.report(ViolationKind.FRAME_DROP, null, 0, 0, List.of("cam0"), null, "cam0 dropped frame " + i);
        c.warn(WarningKind.MISSING_BRACKET, "cpu0/main wrote fb[0] outside begin/end_cpu_access");
        assertEquals(ViolationKind.values().length, c.counts().size());
        assertEquals(5, c.counts().get(ViolationKind.FRAME_DROP));
        assertEquals(0, c.counts().get(ViolationKind.DEADLOCK));
        assertEquals(Map.of("missing-bracket", 1L, "stub-fence-wait", 0L), c.warnings());
        assertEquals(List.of("missing-bracket", "stub-fence-wait"), List.copyOf(c.warnings().keySet()));
        assertEquals(5, c.violations().size());
        assertEquals(3, c.samples().size());
        Violation v = c.samples().get(2);
        assertEquals(new Violation(ViolationKind.FRAME_DROP, 7, null, 0, 0, List.of("cam0"), null, "cam0 dropped frame 2"), v);
        CoherencyChecker off = new CoherencyChecker(false, 64, () -> 0);
        off.report(ViolationKind.DEADLOCK, null, 0, 0, List.of("gpu0", "gpu1"), null, "gpu0 waits for gpu1 waits for gpu0");
        assertEquals(1, off.counts().get(ViolationKind.DEADLOCK)); // other models' findings are kept
    }

    @Test
    void invalidGranularityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CoherencyChecker(true, 48, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new CoherencyChecker(true, 128, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new CoherencyChecker(true, 2, () -> 0));
    }

    @Test
    void versionsOfNoPassAreAnInvariantFailure() {
        Fx f = new Fx();
        int p = f.c.beginPass(f.cpu, "r", false, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.c.read(p, BASE, 64, vs(99), 0, MEM));
        assertTrue(e.getMessage().startsWith("invariant:"));
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
