package dev.dmasim.devices.cpu;

import dev.dmasim.caches.cpu.CpuCaches;
import dev.dmasim.caches.cpu.CpuSpec;
import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemoryTarget;

/** The CPU as the system builder assembles it: {@code cpu.cores} cores over one cache hierarchy. */
public final class Cpu {
    private final CpuCaches caches;
    private final CpuCore[] cores;

    /**
     * @param sectorBytes the run's {@code check.granularity}
     * @param bus         the interconnect; {@code master} is the CPU's (the L2's) master index on it
     * @param seed        the CPU's seed (speculative prefetch)
     */
    public Cpu(CpuSpec spec, int sectorBytes, Engine engine, MemoryTarget bus, int master, long seed,
               CoherencyObserver observer) {
        this.caches = new CpuCaches(spec, sectorBytes, engine, bus, master, seed);
        this.cores = new CpuCore[spec.cores()];
        for (int i = 0; i < cores.length; i++) cores[i] = new CpuCore(i, caches, engine, observer);
    }

    public CpuCaches caches() { return caches; }

    public CpuCore core(int i) { return cores[i]; }

    public int cores() { return cores.length; }
}
