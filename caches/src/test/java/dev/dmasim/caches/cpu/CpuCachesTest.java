package dev.dmasim.caches.cpu;

import dev.dmasim.caches.Cache;
import dev.dmasim.caches.CacheSpec;
import dev.dmasim.caches.MaintenanceOp;
import dev.dmasim.caches.MaintenanceResult;
import dev.dmasim.caches.Replacement;
import dev.dmasim.caches.WritePolicy;
import dev.dmasim.caches.support.FixedLatencyMemory;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CpuCachesTest {
    static final long MEM_LATENCY = 80 * Time.NS;

    Engine engine;
    FixedLatencyMemory mem;
    CpuCaches cpu;
    /** Every transaction the L2 sent: {time, addr, size, write}. */
    final List<long[]> busLog = new ArrayList<>();

    /** 2 cores; L1 1 KiB 2-way (8 sets), L2 8 KiB 4-way (32 sets); 64 B lines; 2 GHz: L1 hit 2 ns, L2 6 ns. */
    static CpuSpec smallSpec(WritePolicy wp) {
        CacheSpec l1 = new CacheSpec(1024, 2, 64, 4, 4, wp, Replacement.LRU, 2);
        CacheSpec l2 = new CacheSpec(8192, 4, 64, 12, 8, wp, Replacement.LRU, 2);
        return CpuSpec.defaults().withL1(l1).withL2(l2);
    }

    void build(CpuSpec spec, int granularity, long seed) {
        engine = new Engine();
        mem = new FixedLatencyMemory(engine, MEM_LATENCY, granularity);
        MemoryTarget logging = t -> {
            busLog.add(new long[]{engine.now(), t.addr, t.size, t.write ? 1 : 0});
            mem.request(t);
        };
        cpu = new CpuCaches(spec, granularity, engine, logging, 0, seed);
    }

    void build(CpuSpec spec) { build(spec, 64, 1); }

    /** What one line access observed. */
    record Seen(long version, String servedBy, long doneAt) {}

    /** One access by {@code core}, run to completion. */
    Seen access(int core, boolean write, long addr, int len, int pass) {
        int idx = cpu.tryHit(core, write, addr, len, pass);
        if (idx >= 0) return new Seen(cpu.l1Versions(core)[idx], cpu.l1Name(core), engine.now());
        Seen[] out = new Seen[1];
        assertTrue(cpu.startMiss(core, write, addr, len, pass, engine.now(), (token, v, off, by) -> {
            out[0] = new Seen(v[off], by, engine.now());
            engine.stop();
        }, 0));
        engine.run();
        assertNotNull(out[0], "miss never completed");
        return out[0];
    }

    MaintenanceResult maintain(MaintenanceOp op, long addr, long len) {
        MaintenanceResult[] out = new MaintenanceResult[1];
        cpu.maintain(op, addr, len, r -> {
            out[0] = r;
            engine.stop();
        });
        engine.run();
        assertNotNull(out[0]);
        return out[0];
    }

    long writesToMemory() { return busLog.stream().filter(r -> r[3] == 1).count(); }

    long readsFromMemory() { return busLog.stream().filter(r -> r[3] == 0).count(); }

    @Test
    void twoCoresWritingAndReadingOneLineSeeEachOthersLatestVersion() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        long x = 0x4000;
        Seen w1 = access(0, true, x, 8, 1);
        assertEquals("memory", w1.servedBy());
        assertEquals(CpuCaches.M, cpu.l1State(0, x));

        Seen r1 = access(1, false, x, 8, 10);
        assertEquals(1, r1.version());
        assertEquals("cpu0.l1", r1.servedBy());
        assertEquals(CpuCaches.S, cpu.l1State(0, x));
        assertEquals(CpuCaches.S, cpu.l1State(1, x));

        access(1, true, x, 8, 2);                 // upgrade: invalidates core 0's copy
        assertEquals(CpuCaches.I, cpu.l1State(0, x));
        assertEquals(CpuCaches.M, cpu.l1State(1, x));

        Seen r2 = access(0, false, x, 8, 11);
        assertEquals(2, r2.version());
        assertEquals("cpu1.l1", r2.servedBy());

        access(0, true, x, 8, 3);                 // upgrade: invalidates core 1's copy
        Seen r3 = access(1, false, x, 8, 12);
        assertEquals(3, r3.version());
        assertEquals("cpu0.l1", r3.servedBy());

        assertEquals(1, cpu.l1Stats(0).snoopInvalidations);
        assertEquals(1, cpu.l1Stats(1).snoopInvalidations);
        assertEquals(2, cpu.l1Stats(0).interventions);
        assertEquals(1, cpu.l1Stats(1).interventions);
        assertEquals(1, readsFromMemory());       // only the first store read the line
        assertEquals(0, writesToMemory());
    }

    @Test
    void aStoreMissTakesTheLineFromTheOwnerAndInvalidatesIt() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        access(0, true, 0x100, 4, 5);
        Seen w = access(1, true, 0x104, 4, 6);
        assertEquals("cpu0.l1", w.servedBy());
        assertEquals(CpuCaches.I, cpu.l1State(0, 0x100));
        assertEquals(1, cpu.l1Stats(0).snoopInvalidations);
        // Ownership moved without a write-back.
        assertEquals(0, cpu.l1Stats(0).writebacks);
        assertEquals(6, access(1, false, 0x100, 4, 0).version());  // one 64 B sector: the later store's version
    }

    @Test
    void exclusiveLinesBecomeModifiedWithoutABusTransaction() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        access(0, false, 0x200, 64, 1);
        assertEquals(CpuCaches.E, cpu.l1State(0, 0x200));
        int idx = cpu.tryHit(0, true, 0x200, 64, 4);
        assertTrue(idx >= 0);
        assertEquals(CpuCaches.M, cpu.l1State(0, 0x200));
        assertEquals(1, busLog.size());
    }

    @Test
    void missLatencies() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        long t0 = engine.now();
        Seen m = access(0, false, 0x800, 8, 1);
        assertEquals(t0 + 8 * Time.NS + MEM_LATENCY, m.doneAt());       // L1 2 ns + L2 6 ns + memory
        long t1 = engine.now();
        Seen peer = access(1, false, 0x800, 8, 1);
        assertEquals(t1 + 8 * Time.NS, peer.doneAt());                   // snoop, cache to cache
        // Evict line 0x800 from core 0's L1 (2 ways of set 0 ... 0x800 is set 0 with 8 sets of 64 B).
        access(0, false, 0x800 + 512, 8, 1);
        access(0, false, 0x800 + 1024, 8, 1);
        access(1, false, 0x800 + 512, 8, 1);
        access(1, false, 0x800 + 1024, 8, 1);
        long t2 = engine.now();
        Seen l2 = access(0, false, 0x800, 8, 1);
        assertEquals("cpu.l2", l2.servedBy());
        assertEquals(t2 + 8 * Time.NS, l2.doneAt());
    }

    @Test
    void maintenanceByRangeReachesEveryLevelOfEveryCore() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        // Core 0 stores lines 0..3 (they stay in its L1, M); core 1 stores lines 16..39, which
        // overflow its 16-line L1 (8 sets x 2 ways): lines 16..23 go to the L2, dirty.
        for (int i = 0; i < 4; i++) access(0, true, i * 64L, 64, 7);
        for (int i = 16; i < 40; i++) access(1, true, i * 64L, 64, 8);
        assertEquals(8, cpu.l1Stats(1).writebacks);      // L1 victims written into the L2
        assertEquals(0, writesToMemory());
        long t0 = engine.now();
        MaintenanceResult r = maintain(MaintenanceOp.CLEAN, 0, 40 * 64);
        assertEquals(40, r.linesVisited());
        assertEquals(28, r.cleaned());
        assertEquals(0, r.invalidated());
        assertEquals(28, writesToMemory());
        assertEquals(4, cpu.l1Stats(0).cleanedLines);
        assertEquals(16, cpu.l1Stats(1).cleanedLines);
        assertEquals(8, cpu.l2().stats().cleanedLines);
        for (int i = 0; i < 4; i++) assertEquals(7, mem.version(i * 64L));
        for (int i = 16; i < 40; i++) assertEquals(8, mem.version(i * 64L));
        // Lines stay valid and become clean.
        assertEquals(CpuCaches.E, cpu.l1State(0, 0));
        assertEquals(CpuCaches.E, cpu.l1State(1, 39 * 64L));
        assertTrue(r.endPs() >= t0 + 40 * Time.NS);       // 40 lines x 2 cycles at 2 GHz
        assertEquals(0, maintain(MaintenanceOp.CLEAN, 0, 40 * 64).cleaned());
        assertEquals(28, writesToMemory());
    }

    @Test
    void invalidateDropsEveryCopyWithoutWriteBackAndReadsGetMemorysVersion() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        mem.poke(0, 4096, 3);
        access(0, true, 0, 64, 9);
        access(1, false, 64, 64, 0);
        MaintenanceResult r = maintain(MaintenanceOp.INVALIDATE, 0, 128);
        assertEquals(2, r.linesVisited());
        assertEquals(0, r.cleaned());
        assertEquals(2, r.invalidated());
        assertEquals(0, writesToMemory());
        assertEquals(CpuCaches.I, cpu.l1State(0, 0));
        Seen s = access(1, false, 0, 64, 0);
        assertEquals(3, s.version());
        assertEquals("memory", s.servedBy());
        assertEquals(1, cpu.l1Stats(0).invalidatedLines);
        assertEquals(1, cpu.l1Stats(1).invalidatedLines);
    }

    @Test
    void cleanThenInvalidateShowsTheCleanedVersionInMemoryAndThenMemorysNewOne() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        access(0, true, 0x1000, 64, 4);
        maintain(MaintenanceOp.CLEAN, 0x1000, 64);
        assertEquals(4, mem.version(0x1000));
        mem.poke(0x1000, 64, 6);                          // a non-coherent device writes memory
        assertEquals(4, access(0, false, 0x1000, 64, 0).version());   // stale, from the L1
        MaintenanceResult r = maintain(MaintenanceOp.CLEAN_INVALIDATE, 0x1000, 64);
        assertEquals(0, r.cleaned());
        assertEquals(1, r.invalidated());
        assertEquals(6, access(0, false, 0x1000, 64, 0).version());
    }

    @Test
    void flushAllEmptiesEveryCacheAndWritesBackNewestData() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        access(0, true, 0, 64, 1);
        access(1, false, 0, 64, 0);                        // S, S; L2 dirty (version 1)
        access(1, true, 0, 64, 2);                         // core 1 M (version 2), L2 still holds version 1 dirty
        MaintenanceResult[] out = new MaintenanceResult[1];
        cpu.flushAll(x -> { out[0] = x; engine.stop(); });
        engine.run();
        assertEquals(2 * 16 + 128, out[0].linesVisited());
        assertEquals(1, out[0].cleaned());
        assertEquals(2, mem.version(0));
        assertEquals(1, writesToMemory());
        assertEquals(0, cpu.l2().array().validLines());
    }

    @Test
    void aCoherentDeviceReadSnoopsDirtyCpuData() {
        build(smallSpec(WritePolicy.WRITE_BACK), 16, 1);   // 4 sectors per line
        mem.poke(0, 4096, 1);
        access(0, true, 0x10, 16, 5);                      // line 0, sector 1: core 0 M
        for (int i = 0; i < 3; i++) access(1, true, 0x400 + i * 512L, 64, 6);  // set 0 of core 1: the first goes to the L2 dirty
        access(1, false, 0x40, 64, 0);                     // clean line
        long[] v = new long[12];
        String[] src = new String[12];
        int n = cpu.snoopRead(0, 0x80, v, 2, src);        // lines 0 and 1: sectors 0..7
        // The whole dirty line is supplied (CPU caches hold whole lines), the clean one is not.
        assertEquals(4, n);
        assertArrayEquals(new long[]{1, 5, 1, 1}, java.util.Arrays.copyOfRange(v, 2, 6));
        assertEquals("cpu0.l1", src[3]);
        for (int i = 6; i < 10; i++) assertEquals(Cache.NOT_SUPPLIED, v[i]);
        assertNull(src[6]);
        n = cpu.snoopRead(0x404, 60, v, 0, src);           // the line in the L2, dirty
        assertEquals(4, n);
        assertEquals(6, v[0]);
        assertEquals("cpu.l2", src[0]);
        // Nothing changed state.
        assertEquals(CpuCaches.M, cpu.l1State(0, 0x10));
        assertEquals(0, writesToMemory());
    }

    @Test
    void aCoherentDeviceWriteInvalidatesCpuCopiesAndKeepsTheCpusOtherDirtyBytes() {
        build(smallSpec(WritePolicy.WRITE_BACK), 16, 1);
        access(0, true, 0, 64, 5);                         // line 0 dirty, all 4 sectors
        access(1, false, 0x40, 64, 0);                     // line 1 clean in core 1
        int lines = cpu.snoopWrite(0x10, 0x40);           // sectors 1..3 of line 0, sector 0 of line 1
        assertEquals(2, lines);
        assertEquals(CpuCaches.I, cpu.l1State(0, 0));
        assertEquals(CpuCaches.I, cpu.l1State(1, 0x40));
        engine.run();
        // Only sector 0 of line 0 (not written by the device) went back.
        assertEquals(1, writesToMemory());
        assertEquals(5, mem.version(0));
        assertEquals(0, mem.version(0x10));
        assertEquals(1, cpu.l1Stats(0).snoopInvalidations);
    }

    @Test
    void speculativePrefetchIsDeterministicForASeedAndFillsWhatMemoryHeldAtFillTime() {
        CpuSpec spec = smallSpec(WritePolicy.WRITE_BACK).withPrefetch(PrefetchMode.SPECULATIVE, 1);
        List<List<Long>> runs = new ArrayList<>();
        for (long seed : new long[]{42, 42, 43}) {
            busLog.clear();
            build(spec, 64, seed);
            mem.poke(0x10000, 64 * 64, 5);
            cpu.setSpeculativeRegions(new long[]{0x10000}, new long[]{64 * 64});
            engine.runUntil(20 * Time.US);
            List<Long> seen = new ArrayList<>();
            for (long[] r : busLog) {
                assertEquals(0, r[3]);
                seen.add(r[0]);
                seen.add(r[1]);
            }
            runs.add(seen);
        }
        assertEquals(runs.get(0), runs.get(1));
        assertNotEquals(runs.get(0), runs.get(2));
        // About one line per microsecond: 20 us gives 20 +- a few (each tick picks an absent line or nothing).
        int fills = runs.get(0).size() / 2;
        assertTrue(fills >= 10 && fills <= 28, "fills " + fills);
        assertEquals(runs.get(2).size() / 2, cpu.l2().stats().prefetches);
        for (int i = 1; i < runs.get(0).size(); i += 2) {
            long a = runs.get(0).get(i);
            assertTrue(a >= 0x10000 && a < 0x10000 + 64 * 64);
        }

        // A line filled before the device wrote memory stays stale until invalidated.
        long line = runs.get(2).get(1);
        mem.poke(0x10000, 64 * 64, 6);
        cpu.setSpeculativeRegions(new long[0], new long[0]);
        Seen s = access(0, false, line, 64, 0);
        assertEquals(5, s.version());
        assertEquals("cpu.l2", s.servedBy());
        maintain(MaintenanceOp.INVALIDATE, 0x10000, 64 * 64);
        assertEquals(6, access(0, false, line, 64, 0).version());
        assertEquals(0, engine.pending());
    }

    @Test
    void nextLinePrefetchReadsTheFollowingLineIntoTheL2() {
        build(smallSpec(WritePolicy.WRITE_BACK).withPrefetch(PrefetchMode.NEXT_LINE, 1));
        access(0, false, 0x2000, 64, 0);
        engine.run();
        assertEquals(2, readsFromMemory());
        assertEquals(1, cpu.l2().stats().prefetches);
        Seen s = access(0, false, 0x2040, 64, 0);
        assertEquals("cpu.l2", s.servedBy());
    }

    @Test
    void writeThroughSendsStoresToMemoryAndNothingIsEverDirty() {
        build(smallSpec(WritePolicy.WRITE_THROUGH));
        access(0, false, 0, 64, 0);
        access(1, false, 0, 64, 0);
        Seen w = access(0, true, 0, 32, 7);
        assertEquals(7, mem.version(0));
        assertEquals(1, writesToMemory());
        assertEquals(CpuCaches.I, cpu.l1State(1, 0));     // the other copy is invalidated
        assertEquals(7, access(0, false, 0, 64, 0).version());
        assertTrue(w.doneAt() >= 8 * Time.NS + MEM_LATENCY);
        assertEquals(0, maintain(MaintenanceOp.CLEAN, 0, 4096).cleaned());
        assertEquals(1, writesToMemory());
    }

    @Test
    void l2MissesOfTwoCoresToOneLineMergeIntoOneRead() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        int[] done = new int[1];
        CpuCaches.MissClient c = (token, v, off, by) -> done[0]++;
        assertTrue(cpu.startMiss(0, false, 0x3000, 64, 0, 0, c, 0));
        assertTrue(cpu.startMiss(1, false, 0x3000, 64, 0, 2 * Time.NS, c, 0));
        engine.run();
        assertEquals(2, done[0]);
        assertEquals(1, readsFromMemory());
        assertEquals(1, cpu.l2().stats().mshrMerges);
        assertEquals(CpuCaches.S, cpu.l1State(0, 0x3000));
        assertEquals(CpuCaches.S, cpu.l1State(1, 0x3000));
    }

    @Test
    void aFillRacingWithAnotherCoresStoreDeliversTheStoredData() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        // Core 1's read reaches the L2 first and waits for memory; core 0's store arrives later
        // and, finding nobody on chip, also waits; at the fill core 1's read is served first.
        List<String> order = new ArrayList<>();
        CpuCaches.MissClient c = (token, v, off, by) -> order.add(token + ":" + v[off] + "@" + by);
        cpu.startMiss(1, false, 0x5000, 8, 0, 0, c, 1);
        cpu.startMiss(0, true, 0x5000, 8, 9, 1 * Time.NS, c, 0);
        engine.run();
        assertEquals(List.of("1:0@memory", "0:9@memory"), order);
        assertEquals(CpuCaches.I, cpu.l1State(1, 0x5000));
        assertEquals(CpuCaches.M, cpu.l1State(0, 0x5000));
        assertEquals(1, readsFromMemory());
    }

    @Test
    void mshrsLimitOutstandingMisses() {
        build(smallSpec(WritePolicy.WRITE_BACK));
        CpuCaches.MissClient c = (token, v, off, by) -> {};
        for (int i = 0; i < 4; i++) assertTrue(cpu.startMiss(0, false, 0x6000 + i * 64L, 8, 0, 0, c, i));
        assertFalse(cpu.mshrAvailable(0));
        assertFalse(cpu.startMiss(0, false, 0x7000, 8, 0, 0, c, 9));
        engine.run();
        assertTrue(cpu.mshrAvailable(0));
        assertEquals(4, readsFromMemory());
    }

    @Test
    void aSnoopingPortGivesACoherentDeviceTheCpusDirtyDataAndInvalidatesOnWrites() {
        build(smallSpec(WritePolicy.WRITE_BACK), 16, 1);
        mem.poke(0, 4096, 2);
        access(0, true, 0x20, 16, 7);                      // sector 2 of line 0, dirty in core 0
        access(1, false, 0x40, 64, 0);                     // line 1, clean in core 1
        SnoopingPort port = new SnoopingPort(cpu, t -> mem.request(t), engine);
        List<MemTransaction> answers = new ArrayList<>();
        MemTransaction rd = new MemTransaction().set(0, 128, false, 5, answers::add, 0);
        rd.versions = new long[8];
        long t0 = engine.now();
        port.request(rd);
        engine.run();
        assertEquals(List.of(rd), answers);
        assertArrayEquals(new long[]{2, 2, 7, 2, 2, 2, 2, 2}, rd.versions);
        assertEquals("cpu0.l1", rd.servedBy);
        assertEquals(t0 + 6 * Time.NS + MEM_LATENCY, rd.completedPs);   // snoop (L2 latency) + memory
        assertEquals(CpuCaches.M, cpu.l1State(0, 0));                    // the CPU keeps its dirty line

        MemTransaction wr = new MemTransaction().set(0x40, 64, true, 5, answers::add, 0);
        wr.versions = new long[]{9, 9, 9, 9};
        port.request(wr);
        engine.run();
        assertEquals(CpuCaches.I, cpu.l1State(1, 0x40));
        assertEquals(9, mem.version(0x40));
        assertEquals(9, access(1, false, 0x40, 64, 0).version());

        // A read without a versions array (a traffic generator's) gets one, as from the DRAM.
        MemTransaction bare = new MemTransaction().set(0, 128, false, 5, answers::add, 1);
        port.request(bare);
        engine.run();
        assertArrayEquals(new long[]{2, 2, 7, 2, 9, 9, 9, 9}, bare.versions);
    }

    /**
     * A CPU write-back still on its way (slow) when a coherent device writes the same line (fast):
     * the device's write waits for it, so memory ends with the device's data, as the
     * interconnect orders writes to one address. Before, the older write-back landed last.
     */
    @Test
    void aCoherentDevicesWriteLandsAfterTheCpusWriteBacksOfItsLines() {
        engine = new Engine();
        mem = new FixedLatencyMemory(engine, 10 * Time.NS, 64);
        MemoryTarget cpuWritesSlow = t -> engine.schedule(engine.now() + (t.master == 0 && t.write ? 500 * Time.NS : 0),
                (ty, p, a) -> mem.request(t), 0, 0);
        cpu = new CpuCaches(smallSpec(WritePolicy.WRITE_BACK), 64, engine, cpuWritesSlow, 0, 1);
        cpu.l2().write(0x40, 1, new long[]{7}, 0, null, 0);            // an eviction's write-back of line 1
        SnoopingPort port = new SnoopingPort(cpu, cpuWritesSlow, engine);
        List<MemTransaction> answers = new ArrayList<>();
        MemTransaction wr = new MemTransaction().set(0x40, 64, true, 5, answers::add, 0);
        wr.versions = new long[]{9};
        port.request(wr);
        MemTransaction other = new MemTransaction().set(0x80, 64, true, 5, answers::add, 1);   // no write-back of line 2
        other.versions = new long[]{9};
        port.request(other);
        engine.run();
        assertEquals(9, mem.version(0x40), "the device's data, not the older write-back's");
        assertTrue(wr.completedPs >= 510 * Time.NS, "waited for the write-back: " + wr.completedPs);
        assertEquals(6 * Time.NS + 10 * Time.NS, other.completedPs, "a line with nothing in flight goes at once");
        assertEquals(List.of(other, wr), answers);
    }

    /**
     * A coherent read that memory serves while the CPU's dirty line is still in the L2, after
     * which the line is cleaned (its write-back landing after memory served the read): the read
     * gets the CPU's data all the same. Before, neither memory's answer (taken before the
     * write-back landed) nor the snoop at completion (the line was clean by then) had them.
     */
    @Test
    void aCoherentReadGetsTheCpusDirtyDataEvenIfTheLineIsWrittenBackWhileMemoryServesIt() {
        engine = new Engine();
        dev.dmasim.core.mem.Dram dram = new dev.dmasim.core.mem.Dram("dram", engine, dev.dmasim.core.mem.DramSpec.defaults(), 64);
        cpu = new CpuCaches(smallSpec(WritePolicy.WRITE_BACK), 64, engine, dram, 0, 1);
        cpu.l2().absorb(1, new long[]{7}, 0);                            // line 1 dirty in the L2, memory holds version 0
        SnoopingPort port = new SnoopingPort(cpu, dram, engine);
        List<MemTransaction> answers = new ArrayList<>();
        MemTransaction rd = new MemTransaction().set(0x40, 64, false, 5, answers::add, 0);
        rd.versions = new long[1];
        port.request(rd);                                                  // leaves for memory at 6 ns, served then
        engine.schedule(8 * Time.NS, (ty, p, a) -> cpu.clean(0x40, 64, r -> {}), 0, 0);
        engine.run();
        assertEquals(List.of(rd), answers);
        assertEquals(7, rd.versions[0], "the CPU's data, not what memory held when it served the read");
        assertEquals("cpu.l2", rd.servedBy);
        long[] inMemory = new long[1];
        dram.memory().read(0x40, 64, inMemory, 0);
        assertEquals(7, inMemory[0], "and the clean did land");
    }
}
