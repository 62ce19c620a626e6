package dev.dmasim.devices.cpu;

import dev.dmasim.caches.CacheSpec;
import dev.dmasim.caches.CacheStats;
import dev.dmasim.caches.MaintenanceOp;
import dev.dmasim.caches.Replacement;
import dev.dmasim.caches.WritePolicy;
import dev.dmasim.caches.cpu.CpuSpec;
import dev.dmasim.caches.support.FixedLatencyMemory;
import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CpuCoreTest {
    static final long MEM_LATENCY = 80 * Time.NS;
    static final long HIT = 2 * Time.NS;          // 4 cycles at 2 GHz
    static final long LOOKUP = 8 * Time.NS;       // L1 4 + L2 12 cycles

    /** Everything the observer was told, one string per call. */
    final List<String> log = new ArrayList<>();
    final CoherencyObserver recorder = new CoherencyObserver() {
        @Override public void write(int pass, long addr, long len, String holder) {
            log.add("W" + pass + " 0x" + Long.toHexString(addr) + "+" + len + " " + holder);
        }

        @Override public void read(int pass, long addr, long len, long[] versions, int off, String servedBy) {
            log.add("R" + pass + " 0x" + Long.toHexString(addr) + "+" + len + " v" + versions[off] + " " + servedBy);
        }

        @Override public void memoryWrite(long addr, long len, long[] versions, int off, String by) {}
    };

    Engine engine = new Engine();
    FixedLatencyMemory mem;
    Cpu cpu;

    void build(CpuSpec spec, boolean record) {
        mem = new FixedLatencyMemory(engine, MEM_LATENCY, 64);
        cpu = new Cpu(spec, 64, engine, mem, 0, 1, record ? recorder : CoherencyObserver.NONE);
    }

    /** Run one operation to completion; returns its duration. */
    long run(CpuCore core, java.util.function.Consumer<Runnable> op) {
        long t0 = engine.now();
        long[] end = {-1};
        op.accept(() -> end[0] = engine.now());
        engine.run();
        assertTrue(end[0] >= 0, "operation never finished");
        return end[0] - t0;
    }

    long read(int core, long addr, long len) {
        return run(cpu.core(core), d -> cpu.core(core).access(false, addr, len, 1, d));
    }

    CacheStats l1(int core) { return cpu.caches().l1Stats(core); }

    @Test
    void loopOverHalfTheL1MissesOnlyOnTheFirstPass() {
        build(CpuSpec.defaults(), false);
        for (int pass = 0; pass < 3; pass++) read(0, 0x100000, 16 * 1024);
        assertEquals(256, l1(0).misses);
        assertEquals(512, l1(0).hits);
        assertEquals(256, mem.reads);
    }

    @Test
    void loopOverTwiceTheL1WithLruMissesEveryTimeInL1ButHitsInL2() {
        build(CpuSpec.defaults(), false);
        for (int pass = 0; pass < 3; pass++) read(0, 0, 64 * 1024);
        assertEquals(3 * 1024, l1(0).misses);
        assertEquals(0, l1(0).hits);
        CacheStats l2 = cpu.caches().l2().stats();
        assertEquals(1024, l2.misses);
        assertEquals(2048, l2.hits);
    }

    @Test
    void aWritePassThenAnEvictionPassWritesEachDirtyLineToMemoryOnce() {
        build(CpuSpec.defaults(), false);
        mem.logWrites();
        long twiceL2 = 2 * 1024 * 1024;
        run(cpu.core(0), d -> cpu.core(0).access(true, 0, twiceL2, 5, d));
        run(cpu.core(0), d -> cpu.core(0).access(false, 0x1000_0000L, twiceL2, 6, d));
        assertEquals(twiceL2 / 64, mem.writes);
        java.util.Set<Long> lines = new java.util.HashSet<>();
        for (long[] w : mem.writeLog()) {
            assertEquals(64, w[1]);
            assertEquals(5, w[2]);
            assertTrue(lines.add(w[0]), "line 0x" + Long.toHexString(w[0]) + " written twice");
        }
        assertEquals(twiceL2 / 64, cpu.caches().l2().stats().writebacks);
        assertEquals(twiceL2 / 64, l1(0).writebacks);      // every M line went from the L1 into the L2
    }

    @Test
    void hitsCostTheirLatencyButNoEventPerLine() {
        build(CpuSpec.defaults(), false);
        read(0, 0, 16 * 1024);
        long events = engine.eventsProcessed();
        long d = read(0, 0, 16 * 1024);
        assertEquals(256 * HIT, d);
        assertEquals(1, engine.eventsProcessed() - events);   // the operation's end
    }

    @Test
    void aMissCostsTheLookupsAndMemoryAndTheCoreGoesOnMeanwhile() {
        build(CpuSpec.defaults(), false);
        assertEquals(LOOKUP + MEM_LATENCY, read(0, 0x40, 8));
        // 8 lines, 8 MSHRs: issued 2 ns apart, the last returns at 7 x 2 + 8 + 80 ns.
        assertEquals(7 * HIT + LOOKUP + MEM_LATENCY, read(0, 0x1000, 8 * 64));
    }

    @Test
    void withOneMshrMissesAreSerialized() {
        CpuSpec s = CpuSpec.defaults();
        build(s.withL1(s.l1().withMshrs(1)), false);
        assertEquals(10 * (LOOKUP + MEM_LATENCY), read(0, 0, 10 * 64));
    }

    @Test
    void operationsOfOneCoreRunOneAtATimeInFifoOrder() {
        build(CpuSpec.defaults(), false);
        CpuCore c = cpu.core(0);
        List<String> done = new ArrayList<>();
        c.compute(100 * Time.NS, () -> done.add("a@" + engine.now()));
        c.access(false, 0, 64, 1, () -> done.add("b@" + engine.now()));
        c.compute(50 * Time.NS, () -> done.add("c@" + engine.now()));
        assertEquals(2, c.queued());
        cpu.core(1).compute(10 * Time.NS, () -> done.add("other@" + engine.now()));
        engine.run();
        long b = 100 * Time.NS + LOOKUP + MEM_LATENCY;
        assertEquals(List.of("other@" + 10 * Time.NS, "a@" + 100 * Time.NS, "b@" + b, "c@" + (b + 50 * Time.NS)), done);
        assertEquals(b + 50 * Time.NS, c.busyPs());
        assertEquals(10 * Time.NS, cpu.core(1).busyPs());
        assertTrue(c.idle());
        assertEquals(3, c.operationsDone());
    }

    @Test
    void eachLineIsReportedWithWhoServedIt() {
        build(CpuSpec.defaults(), true);
        run(cpu.core(0), d -> cpu.core(0).access(true, 0x20, 0x80, 7, d));   // 3 lines: 0x20, 0x40, 0x80
        assertEquals(List.of("W7 0x20+32 cpu0.l1", "W7 0x40+64 cpu0.l1", "W7 0x80+32 cpu0.l1"), log);
        log.clear();
        run(cpu.core(0), d -> cpu.core(0).access(false, 0x30, 0x20, 8, d));
        assertEquals(List.of("R8 0x30+16 v7 cpu0.l1", "R8 0x40+16 v7 cpu0.l1"), log);
        log.clear();
        run(cpu.core(1), d -> cpu.core(1).access(false, 0x0, 0xc0, 9, d));
        assertEquals(List.of("R9 0x0+64 v7 cpu0.l1", "R9 0x40+64 v7 cpu0.l1", "R9 0x80+64 v7 cpu0.l1"), log);
        log.clear();
        run(cpu.core(1), d -> cpu.core(1).access(false, 0x4000, 0x40, 10, d));
        assertEquals(List.of("R10 0x4000+64 v0 memory"), log);
    }

    @Test
    void coresSeeEachOthersStoresThroughMesi() {
        build(CpuSpec.defaults(), true);
        for (int round = 1; round <= 4; round++) {
            int writer = round % 2, reader = 1 - writer;
            run(cpu.core(writer), d -> cpu.core(writer).access(true, 0x8000, 256, 10 + writer, d));
            log.clear();
            run(cpu.core(reader), d -> cpu.core(reader).access(false, 0x8000, 256, 20, d));
            for (String s : log) assertTrue(s.endsWith("v" + (10 + writer) + " cpu" + writer + ".l1"), s);
            assertEquals(4, log.size());
        }
        // Rounds 2..4: each store to the 4 shared lines invalidated the other core's copies.
        assertEquals(4, l1(0).snoopInvalidations);
        assertEquals(8, l1(1).snoopInvalidations);
    }

    @Test
    void maintenanceRunsOnTheCoreAndCostsCyclesPerLine() {
        build(CpuSpec.defaults(), false);
        CpuCore c = cpu.core(0);
        long d = run(c, done -> c.clean(0x10000, 64 * 64, done));
        assertEquals(64 * 4 * 500, d);                     // 64 lines x 4 cycles x 500 ps
        assertEquals(64, c.lastMaintenance().linesVisited());
        run(c, done -> c.access(true, 0x10000, 2 * 64, 3, done));
        d = run(c, done -> c.cleanInvalidate(0x10000, 64 * 64, done));
        // The two write-backs leave at 0 and 2 ns and land at 80 and 82 ns, within the 128 ns of visits.
        assertEquals(64 * 4 * 500, d);
        assertEquals(2, c.lastMaintenance().cleaned());
        assertEquals(2, c.lastMaintenance().invalidated());
        assertEquals(3, mem.version(0x10040));
        assertEquals(MaintenanceOp.CLEAN_INVALIDATE, c.lastMaintenance().op());
        assertEquals(2, mem.writes);
    }

    @Test
    void maintenanceEndsWhenItsLastWriteBackLands() {
        build(CpuSpec.defaults(), false);
        CpuCore c = cpu.core(1);
        run(c, done -> c.access(true, 0x20000, 64, 3, done));
        long d = run(c, done -> c.clean(0x20000, 64, done));
        assertEquals(MEM_LATENCY, d);                      // visited at once, then the write-back's latency
    }

    @Test
    void writeThroughStoresReportTheirWriteWhenTheyLeaveTheCore() {
        CpuSpec s = CpuSpec.defaults();
        CacheSpec l1 = s.l1().withWritePolicy(WritePolicy.WRITE_THROUGH);
        CacheSpec l2 = s.l2().withWritePolicy(WritePolicy.WRITE_THROUGH).withReplacement(Replacement.PLRU);
        build(s.withL1(l1).withL2(l2), true);
        long d = run(cpu.core(0), done -> cpu.core(0).access(true, 0, 128, 4, done));
        assertEquals(HIT + LOOKUP + MEM_LATENCY, d);
        assertEquals(2, mem.writes);
        assertEquals(4, mem.version(64));
        assertEquals(List.of("W4 0x0+64 cpu0.l1", "W4 0x40+64 cpu0.l1"), log);
    }

    @Test
    void zeroLengthOperationsFinishFromAnEvent() {
        build(CpuSpec.defaults(), false);
        boolean[] done = {false};
        cpu.core(0).access(false, 0, 0, 1, () -> done[0] = true);
        assertFalse(done[0]);
        engine.run();
        assertTrue(done[0]);
    }
}
