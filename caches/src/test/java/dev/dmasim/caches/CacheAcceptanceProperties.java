package dev.dmasim.caches;

import dev.dmasim.caches.support.FixedLatencyMemory;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.time.ClockDomain;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Generated traffic against a reference: to its one requester, a cache is invisible. Every read
 * returns the version of the last write to each sector, whatever the evictions, merges, deferred
 * write-backs and cleans in between; after a flush, memory holds exactly those versions.
 */
class CacheAcceptanceProperties {
    static final int SECTOR = 16, LINE = 64;

    /** One request: kind 0 read, 1 write, 2 clean of its line, 3 a whole-line write. */
    record Op(int kind, int line, int sector, int sectors) {}

    @Provide
    Arbitrary<List<Op>> traffic() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 23),      // 24 lines over 4 sets x 2 ways: many evictions
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 4)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(150);
    }

    @Property(tries = 60)
    void aCacheIsInvisibleToItsRequester(@ForAll("traffic") List<Op> ops,
                                         @ForAll boolean plru, @ForAll boolean writeThrough,
                                         @ForAll("mshrCounts") int mshrs) {
        Engine engine = new Engine();
        FixedLatencyMemory mem = new FixedLatencyMemory(engine, 50_000, SECTOR);
        // Transactions overtake one another: a random extra delay of up to 200 ns each.
        java.util.SplittableRandom jitter = new java.util.SplittableRandom(ops.size());
        dev.dmasim.core.mem.MemoryTarget bus = t -> engine.schedule(engine.now() + jitter.nextLong(200_000), 0,
                (ty, pl, at) -> mem.request(t), 0, 0, null);
        CacheSpec spec = new CacheSpec(512, 2, LINE, 3, mshrs,
                writeThrough ? WritePolicy.WRITE_THROUGH : WritePolicy.WRITE_BACK,
                plru ? Replacement.PLRU : Replacement.LRU, 2);
        Cache cache = new Cache("c", spec, SECTOR, engine, new ClockDomain("c", 1_000_000_000L), bus, 0);
        Map<Long, Long> ref = new HashMap<>();
        long version = 0;
        // Issued one per nanosecond, never waiting for answers: per line, the cache must keep
        // program order (a read sees every write issued before it, and none after).
        List<MemTransaction> reads = new java.util.ArrayList<>();
        List<long[]> expected = new java.util.ArrayList<>();
        for (Op op : ops) {
            int sectors = Math.min(op.sectors(), 4 - op.sector());
            long addr = (long) op.line() * LINE + (long) op.sector() * SECTOR;
            if (op.kind() == 2) {
                cache.maintain(MaintenanceOp.CLEAN, addr, 1, r -> {});
            } else {
                boolean write = op.kind() == 1 || (op.kind() == 3 && sectors == 4 - op.sector());
                if (op.kind() == 3) {        // a whole-line store
                    addr = (long) op.line() * LINE;
                    sectors = 4;
                    write = true;
                }
                MemTransaction t = txn(write, addr, sectors, write ? ++version : 0);
                long[] exp = new long[sectors];
                for (int i = 0; i < sectors; i++) {
                    long sector = addr / SECTOR + i;
                    if (write) ref.put(sector, version);
                    else exp[i] = ref.getOrDefault(sector, 0L);
                }
                if (!write) {
                    reads.add(t);
                    expected.add(exp);
                }
                cache.request(t);
            }
            engine.runUntil(engine.now() + 1000);
        }
        engine.run();
        for (int k = 0; k < reads.size(); k++) {
            MemTransaction t = reads.get(k);
            assertNotNull(t.servedBy, "never answered");
            assertArrayEquals(expected.get(k), java.util.Arrays.copyOf(t.versions, expected.get(k).length),
                    "read " + k + " at 0x" + Long.toHexString(t.addr));
        }
        cache.flushAll(r -> {});
        engine.run();
        assertEquals(0, cache.array().validLines());
        assertEquals(0, cache.writesInFlight());
        for (int s = 0; s < 24 * 4; s++) assertEquals(ref.getOrDefault((long) s, 0L), mem.version((long) s * SECTOR), "memory sector " + s);
    }

    @Provide
    Arbitrary<Integer> mshrCounts() { return Arbitraries.of(1, 2, 8); }

    private static MemTransaction txn(boolean write, long addr, int sectors, long version) {
        MemTransaction t = new MemTransaction().set(addr, sectors * SECTOR, write, 0, x -> {}, 0);
        t.versions = new long[sectors];
        if (write) java.util.Arrays.fill(t.versions, version);
        return t;
    }
}
