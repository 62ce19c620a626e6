package dev.dmasim.caches.cpu;

import dev.dmasim.caches.Cache;
import dev.dmasim.caches.CacheSpec;
import dev.dmasim.caches.MaintenanceOp;
import dev.dmasim.caches.Replacement;
import dev.dmasim.caches.WritePolicy;
import dev.dmasim.caches.support.FixedLatencyMemory;
import dev.dmasim.core.engine.Engine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Generated traffic against a reference: cores taking turns (each access completes before the
 * next starts) and a coherent device must always see the latest version of every sector,
 * whatever MESI transfers, L1 and L2 evictions and cleans happened; after a flush, memory holds
 * exactly the reference.
 */
class CpuCachesAcceptanceProperties {
    static final int SECTOR = 16, LINE = 64, LINES = 24;

    /** kind: 0 load, 1 store, 2 clean the line (all levels), 3 coherent device read, 4 coherent device write. */
    record Op(int kind, int core, int line, int sector, int sectors) {}

    @Provide
    Arbitrary<List<Op>> traffic() {
        Arbitrary<Op> op = Combinators.combine(
                // 35 % loads, 35 % stores, 10 % each of the others
                Arbitraries.integers().between(0, 19).map(k -> k < 7 ? 0 : k < 14 ? 1 : k < 16 ? 2 : k < 18 ? 3 : 4),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, LINES - 1),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 4)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 100)
    void coresAndCoherentDevicesAlwaysSeeTheLatestVersion(@ForAll("traffic") List<Op> ops, @ForAll boolean writeThrough,
                                                          @ForAll boolean plru, @ForAll @IntRange(min = 1, max = 3) int cores) {
        WritePolicy wp = writeThrough ? WritePolicy.WRITE_THROUGH : WritePolicy.WRITE_BACK;
        Replacement r = plru ? Replacement.PLRU : Replacement.LRU;
        CpuSpec spec = CpuSpec.defaults().withCores(cores)
                .withL1(new CacheSpec(256, 2, LINE, 4, 2, wp, r, 2))      // 4 lines... 2 sets x 2 ways
                .withL2(new CacheSpec(1024, 2, LINE, 12, 3, wp, r, 2));  // 16 lines
        Engine engine = new Engine();
        FixedLatencyMemory mem = new FixedLatencyMemory(engine, 40_000, SECTOR);
        // Transactions overtake one another: a random extra delay, up to 200 ns for reads and
        // 2 us for writes, so that reads often pass write-backs still on their way.
        java.util.SplittableRandom jitter = new java.util.SplittableRandom(ops.size());
        dev.dmasim.core.mem.MemoryTarget bus = t -> engine.schedule(engine.now() + jitter.nextLong(t.write ? 2_000_000 : 200_000), 0,
                (ty, pl, at) -> mem.request(t), 0, 0, null);
        CpuCaches cpu = new CpuCaches(spec, SECTOR, engine, bus, 0, 7);
        Map<Long, Long> ref = new HashMap<>();
        int version = 0;
        long[] seen = new long[4];
        String[] by = new String[1];
        long[] snoop = new long[4];
        for (Op op : ops) {
            int core = op.core() % cores;
            int sectors = Math.min(op.sectors(), 4 - op.sector());
            long addr = (long) op.line() * LINE + (long) op.sector() * SECTOR;
            int len = sectors * SECTOR;
            switch (op.kind()) {
                case 0:
                case 1: {
                    boolean write = op.kind() == 1;
                    int pass = write ? ++version : 0;
                    int idx = cpu.tryHit(core, write, addr, len, pass);
                    if (idx >= 0) {
                        System.arraycopy(cpu.l1Versions(core), idx, seen, 0, sectors);
                    } else {
                        by[0] = null;
                        assertTrue(cpu.startMiss(core, write, addr, len, pass, engine.now(), (tok, v, off, s) -> {
                            System.arraycopy(v, off, seen, 0, sectors);
                            by[0] = s;
                            engine.stop();      // leave write-backs in flight behind
                        }, 0));
                        engine.run();
                        assertNotNull(by[0], "miss never delivered");
                    }
                    for (int i = 0; i < sectors; i++) {
                        long sector = addr / SECTOR + i;
                        if (write) ref.put(sector, (long) pass);
                        else assertEquals(ref.getOrDefault(sector, 0L), seen[i], "core " + core + " sector " + sector);
                    }
                    break;
                }
                case 2:
                    cpu.maintain(MaintenanceOp.CLEAN, addr, 1, x -> engine.stop());
                    engine.run();
                    break;
                case 3: {
                    // Memory as of now, plus what the CPU supplies (dirty lines and write-backs in flight).
                    cpu.snoopRead(addr, len, snoop, 0, null);
                    for (int i = 0; i < sectors; i++) {
                        long sector = addr / SECTOR + i;
                        long v = snoop[i] != Cache.NOT_SUPPLIED ? snoop[i] : mem.version(sector * SECTOR);
                        assertEquals(ref.getOrDefault(sector, 0L), v, "device read of sector " + sector);
                    }
                    break;
                }
                default: {
                    // A CPU write-back already on its way could land after the device's write
                    // (the interconnect's ordering, a documented limit): let those land first.
                    engine.run();
                    cpu.snoopWrite(addr, len);
                    mem.poke(addr, len, ++version);
                    for (int i = 0; i < sectors; i++) ref.put(addr / SECTOR + i, (long) version);
                    break;
                }
            }
        }
        cpu.flushAll(x -> {});
        engine.run();
        assertEquals(0, cpu.l2().array().validLines());
        for (int s = 0; s < LINES * 4; s++) {
            assertEquals(ref.getOrDefault((long) s, 0L), mem.version((long) s * SECTOR), "memory sector " + s);
        }
    }
}
