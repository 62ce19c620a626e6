package dev.dmasim.devices.coherence;

import dev.dmasim.caches.Cache;
import dev.dmasim.caches.cpu.CpuCaches;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;
import dev.dmasim.core.mem.MemoryTarget;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The memory path of a coherent device ({@code DEV.coherent = true}): its accesses snoop the
 * CPU caches. A read gets the sectors a CPU cache holds dirty from that cache (and names it as
 * the supplier); a write invalidates the CPU's copies first. Each snoop costs the CPU's snoop
 * latency on the response. Non-coherent devices talk to the bus directly.
 */
public final class SnoopingPort implements MemoryTarget, MemoryRequester {
    private final Engine engine;
    private final MemoryTarget bus;
    private final CpuCaches cpu;
    private final Map<MemTransaction, MemoryRequester> owners = new IdentityHashMap<>();
    private long[] snooped = new long[16];
    private String[] sources = new String[16];

    public SnoopingPort(Engine engine, MemoryTarget bus, CpuCaches cpu) {
        this.engine = engine;
        this.bus = bus;
        this.cpu = cpu;
    }

    @Override
    public void request(MemTransaction t) {
        if (t.write) cpu.snoopWrite(t.addr, t.size);
        owners.put(t, t.requester);
        t.requester = this;
        bus.request(t);
    }

    @Override
    public void memoryResponse(MemTransaction t) {
        MemoryRequester owner = owners.remove(t);
        t.requester = owner;
        if (!t.write) {
            int sectors = t.versions == null ? 0 : Math.min(t.versions.length, sectorCount(t));
            if (snooped.length < sectorCount(t)) {
                snooped = new long[sectorCount(t)];
                sources = new String[sectorCount(t)];
            }
            if (sectors > 0 && cpu.snoopRead(t.addr, t.size, snooped, 0, sources) > 0) {
                for (int i = 0; i < sectors; i++) {
                    if (snooped[i] != Cache.NOT_SUPPLIED) {
                        t.versions[i] = snooped[i];
                        t.servedBy = sources[i];
                    }
                }
            }
        }
        long delay = cpu.snoopLatencyPs();
        engine.scheduleAfter(delay, (type, payload, att) -> owner.memoryResponse(t), 0, 0);
    }

    private int sectorCount(MemTransaction t) {
        int g = cpu.lineBytes() / Math.max(1, cpu.l2().sectorsPerLine());
        return (int) ((t.addr + t.size - 1) / g - t.addr / g + 1);
    }
}
