package dev.dmasim.caches;

import dev.dmasim.caches.support.FixedLatencyMemory;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;
import dev.dmasim.core.time.ClockDomain;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CacheTest {
    static final int LINE = 64;
    static final long MEM_LATENCY = 100 * Time.NS;

    /** 4 KiB, 4 ways, 64 B lines = 16 sets; 1 GHz clock, hit 2 cycles, maintenance 3 cycles per line. */
    static CacheSpec spec(Replacement r, WritePolicy p, int mshrs) {
        return new CacheSpec(4096, 4, LINE, 2, mshrs, p, r, 3);
    }

    final Engine engine = new Engine();
    final ClockDomain clock = new ClockDomain("dev", 1_000_000_000L);
    FixedLatencyMemory mem;
    Cache cache;
    final List<MemTransaction> responses = new ArrayList<>();
    final MemoryRequester req = responses::add;

    void build(CacheSpec s, int granularity) {
        mem = new FixedLatencyMemory(engine, MEM_LATENCY, granularity);
        cache = new Cache("gpu0.l2", s, granularity, engine, clock, mem, 3);
    }

    void build(CacheSpec s) { build(s, LINE); }

    MemTransaction txn(boolean write, long addr, int size, long version) {
        MemTransaction t = new MemTransaction().set(addr, size, write, 0, req, 0);
        t.versions = new long[Math.max(1, size / (int) (cache.array().sectorBytes))];
        if (write) java.util.Arrays.fill(t.versions, version);
        return t;
    }

    /** One access at a time, each after the previous completed. */
    MemTransaction access(boolean write, long addr, int size, long version) {
        MemTransaction t = txn(write, addr, size, version);
        cache.request(t);
        engine.run();
        assertSame(t, responses.get(responses.size() - 1));
        return t;
    }

    void loop(boolean write, long base, long bytes, long version) {
        for (long a = base; a < base + bytes; a += LINE) access(write, a, LINE, version);
    }

    MaintenanceResult maintain(MaintenanceOp op, long addr, long len) {
        MaintenanceResult[] out = new MaintenanceResult[1];
        cache.maintain(op, addr, len, r -> out[0] = r);
        engine.run();
        assertNotNull(out[0]);
        return out[0];
    }

    @Test
    void loopOverHalfTheCacheMissesOnlyOnTheFirstPass() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        for (int pass = 0; pass < 3; pass++) loop(false, 0x10000, 2048, 0);
        assertEquals(32, cache.stats().misses);
        assertEquals(64, cache.stats().hits);
        assertEquals(32, mem.reads);
    }

    @Test
    void loopOverTwiceTheCacheWithLruMissesEveryTime() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        for (int pass = 0; pass < 3; pass++) loop(false, 0, 8192, 0);
        assertEquals(3 * 128, cache.stats().misses);
        assertEquals(0, cache.stats().hits);
        assertEquals(3 * 128 - 64, cache.stats().evictions);
    }

    @Test
    void fiveLinesCyclingThroughOneSetLruAlwaysMissesTreePlruHitsOnce() {
        for (Replacement r : Replacement.values()) {
            build(spec(r, WritePolicy.WRITE_BACK, 4));
            for (int pass = 0; pass < 4; pass++) {
                for (int i = 0; i < 5; i++) access(false, (long) i * 16 * LINE, LINE, 0);
            }
            // Worked by hand: tree-PLRU keeps line 0 once (pass 2, after it replaced line 3's way).
            assertEquals(r == Replacement.LRU ? 0 : 1, cache.stats().hits, r.word());
            assertEquals(r == Replacement.LRU ? 20 : 19, cache.stats().misses, r.word());
        }
    }

    @Test
    void timingOfHitsAndMisses() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        MemTransaction miss = access(false, 0x40, 8, 0);
        assertEquals(2 * Time.NS + MEM_LATENCY, miss.completedPs);
        long t0 = engine.now();
        MemTransaction hit = access(false, 0x48, 8, 0);
        assertEquals(t0 + 2 * Time.NS, hit.completedPs);
        assertEquals("gpu0.l2", hit.servedBy);
        assertEquals("memory", miss.servedBy);
    }

    @Test
    void writePassThenEvictionPassWritesBackEachDirtyLineOnce() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        mem.logWrites();
        loop(true, 0, 4096, 7);                 // fills the cache with 64 dirty lines
        assertEquals(0, mem.writes);
        loop(false, 0x100000, 4096, 0);         // same sets, evicts every one of them
        assertEquals(64, cache.stats().writebacks);
        assertEquals(64, mem.writes);
        for (long[] w : mem.writeLog()) {
            assertEquals(LINE, w[1]);
            assertEquals(7, w[2]);
        }
        for (long a = 0; a < 4096; a += LINE) assertEquals(7, mem.version(a));
        // Whole-line stores allocate without reading.
        assertEquals(64, mem.reads);
    }

    @Test
    void partialStoreMissReadsTheLineFirstAndWritesBackTheWholeLine() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4), 16);
        mem.poke(0x200, 64, 3);
        access(true, 0x210, 16, 9);             // one sector of four
        assertEquals(1, mem.reads);
        maintain(MaintenanceOp.CLEAN, 0x200, 64);
        assertEquals(1, mem.writes);
        assertEquals(3, mem.version(0x200));
        assertEquals(9, mem.version(0x210));
        assertEquals(3, mem.version(0x220));
    }

    @Test
    void cleanWritesBackExactlyTheDirtyLinesOfTheRangeAndKeepsThemValid() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        loop(true, 0, 1024, 5);                 // 16 dirty lines
        loop(false, 1024, 1024, 0);             // 16 clean lines
        long t0 = engine.now();
        MaintenanceResult r = maintain(MaintenanceOp.CLEAN, 512, 1024);  // 8 dirty + 8 clean lines
        assertEquals(16, r.linesVisited());
        assertEquals(8, r.cleaned());
        assertEquals(0, r.invalidated());
        assertEquals(8, mem.writes);
        assertEquals(8, cache.stats().cleanedLines);
        assertEquals(8, cache.stats().writebacks);
        // 16 lines x 3 cycles; the last dirty line (index 7) leaves at 7 x 3 ns and lands 100 ns later.
        assertEquals(t0 + 7 * 3 * Time.NS + MEM_LATENCY, r.endPs());
        for (long a = 512; a < 1024; a += LINE) assertEquals(5, mem.version(a));
        assertEquals(0, mem.version(0));         // outside the range: still only in the cache
        long hits = cache.stats().hits;
        loop(false, 0, 2048, 0);
        assertEquals(hits + 32, cache.stats().hits);
        // Cleaning again finds nothing dirty in the range.
        assertEquals(0, maintain(MaintenanceOp.CLEAN, 512, 1024).cleaned());
        assertEquals(8, mem.writes);
    }

    @Test
    void cleanWithNothingDirtyCostsCyclesPerLineVisited() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        long t0 = engine.now();
        MaintenanceResult r = maintain(MaintenanceOp.CLEAN, 0, 100 * LINE);
        assertEquals(100, r.linesVisited());
        assertEquals(t0 + 300 * Time.NS, r.endPs());
        assertEquals(r.endPs(), engine.now());
    }

    @Test
    void invalidateDropsDirtyLinesWithoutWriteBackAndReadsThenGetMemorysVersion() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        mem.poke(0, 1024, 2);
        loop(true, 0, 1024, 5);
        MaintenanceResult r = maintain(MaintenanceOp.INVALIDATE, 0, 512);
        assertEquals(8, r.invalidated());
        assertEquals(0, r.cleaned());
        assertEquals(0, mem.writes);
        assertEquals(8, cache.stats().invalidatedLines);
        assertEquals(8, cache.array().validLines());
        MemTransaction t = access(false, 0, LINE, 0);
        assertEquals(2, t.versions[0]);          // the store of version 5 is lost
        assertEquals("memory", t.servedBy);
        assertEquals(5, access(false, 512, LINE, 0).versions[0]);
    }

    @Test
    void cleanThenInvalidateMakesMemorysVersionVisibleAfterADeviceWrite() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        access(true, 0x1000, LINE, 4);
        maintain(MaintenanceOp.CLEAN, 0x1000, LINE);
        assertEquals(4, mem.version(0x1000));
        mem.poke(0x1000, LINE, 6);               // someone else writes memory
        assertEquals(4, access(false, 0x1000, LINE, 0).versions[0]);  // stale copy
        MaintenanceResult r = maintain(MaintenanceOp.CLEAN_INVALIDATE, 0x1000, LINE);
        assertEquals(0, r.cleaned());
        assertEquals(1, r.invalidated());
        assertEquals(6, access(false, 0x1000, LINE, 0).versions[0]);
    }

    @Test
    void flushAllWritesBackEveryDirtyLineAndEmptiesTheCache() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        loop(true, 0, 2048, 8);
        loop(false, 2048, 1024, 0);
        MaintenanceResult r = maintain(MaintenanceOp.CLEAN_INVALIDATE, 0, 0);
        assertEquals(0, r.linesVisited());
        MaintenanceResult[] out = new MaintenanceResult[1];
        cache.flushAll(x -> out[0] = x);
        engine.run();
        assertEquals(64, out[0].linesVisited());
        assertEquals(32, out[0].cleaned());
        assertEquals(48, out[0].invalidated());
        assertEquals(0, cache.array().validLines());
        assertEquals(32, mem.writes);
    }

    @Test
    void twoMissesToOneLineMergeIntoOneDownstreamRead() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4), 16);
        mem.poke(0x300, 64, 11);
        MemTransaction a = txn(false, 0x300, 16, 0);
        MemTransaction b = txn(false, 0x330, 16, 0);
        MemTransaction w = txn(true, 0x310, 16, 12);
        cache.request(a);
        engine.runUntil(engine.now() + 5 * Time.NS);
        cache.request(b);
        cache.request(w);
        engine.run();
        assertEquals(1, mem.reads);
        assertEquals(2, cache.stats().mshrMerges);
        assertEquals(3, cache.stats().misses);
        assertEquals(List.of(a, b, w), responses);
        assertEquals(11, a.versions[0]);
        assertEquals(11, b.versions[0]);
        assertEquals(a.completedPs, b.completedPs);
        assertEquals(12, access(false, 0x310, 16, 0).versions[0]);
    }

    @Test
    void missesBeyondTheMshrsWaitForAFreeOne() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 2));
        List<MemTransaction> ts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            MemTransaction t = txn(false, (long) i * LINE, LINE, 0);
            ts.add(t);
            cache.request(t);
        }
        engine.run();
        assertEquals(6, mem.reads);
        assertEquals(6, responses.size());
        // Two at a time: pairs complete at 102, 202, 302 ns.
        assertEquals(102 * Time.NS, ts.get(1).completedPs);
        assertEquals(202 * Time.NS, ts.get(3).completedPs);
        assertEquals(302 * Time.NS, ts.get(5).completedPs);
    }

    @Test
    void writeThroughSendsEveryStoreToMemoryAndNeverHoldsDirtyLines() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_THROUGH, 4));
        access(false, 0, LINE, 0);               // line 0 present
        MemTransaction hit = access(true, 0, LINE, 3);
        MemTransaction miss = access(true, 0x800, LINE, 4);
        assertEquals(2, mem.writes);
        assertEquals(3, mem.version(0));
        assertEquals(4, mem.version(0x800));
        assertTrue(hit.completedPs > 0 && miss.completedPs > hit.completedPs);
        assertEquals(-1, cache.probe(0x800 / LINE));      // no write-allocate
        assertEquals(3, access(false, 0, LINE, 0).versions[0]);
        assertEquals(0, maintain(MaintenanceOp.CLEAN, 0, 4096).cleaned());
        assertEquals(0, cache.stats().writebacks);
    }

    @Test
    void aLineReadWaitsForTheWriteBackOfTheSameLine() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        // Dirty line 0, evicted by four lines of its set, then read again at once.
        access(true, 0, LINE, 9);
        for (int i = 1; i <= 3; i++) access(false, (long) i * 16 * LINE, LINE, 0);
        long t0 = engine.now();
        cache.request(txn(false, 4 * 16 * LINE, LINE, 0));
        engine.runUntil(t0 + 2 * Time.NS + MEM_LATENCY);      // the fill evicts line 0
        assertEquals(1, cache.writesInFlight());
        assertEquals(0, mem.version(0));
        MemTransaction t = txn(false, 0, LINE, 0);
        cache.request(t);
        engine.run();
        assertEquals(9, t.versions[0]);
        assertEquals(1, mem.writes);
        // The read left only when the write-back had landed.
        assertEquals(t0 + 2 * Time.NS + 2 * MEM_LATENCY + MEM_LATENCY, t.completedPs);
    }

    @Test
    void aFillInFlightWhenItsLineIsInvalidatedDoesNotStay() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        MemTransaction t = txn(false, 0x400, LINE, 0);
        cache.request(t);
        engine.runUntil(10 * Time.NS);
        cache.maintain(MaintenanceOp.INVALIDATE, 0x400, LINE, r -> {});
        engine.run();
        assertSame(t, responses.get(0));
        assertEquals(-1, cache.probe(0x400 / LINE));
    }

    @Test
    void requestsMustStayWithinOneLine() {
        build(spec(Replacement.LRU, WritePolicy.WRITE_BACK, 4));
        assertThrows(IllegalArgumentException.class, () -> cache.request(txn(false, 0x3c, 8, 0)));
    }
}
