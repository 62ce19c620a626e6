package dev.dmasim.devices.dma;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryTarget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fixed-latency memory that keeps a version per sector (no bandwidth limit). */
final class FakeMemory implements MemoryTarget {
    private final Engine engine;
    private final long latency;
    private final int sector;
    final Map<Long, Long> versions = new HashMap<>();
    final List<String> log = new ArrayList<>();
    int outstanding, maxOutstanding;

    FakeMemory(Engine engine, long latency, int sector) {
        this.engine = engine;
        this.latency = latency;
        this.sector = sector;
    }

    long version(long addr) { return versions.getOrDefault(addr / sector, 0L); }

    void seed(long addr, long len, long version) {
        for (long s = addr / sector; s <= (addr + len - 1) / sector; s++) versions.put(s, version);
    }

    @Override
    public void request(MemTransaction t) {
        t.issuedPs = engine.now();
        log.add((t.write ? "W " : "R ") + Long.toHexString(t.addr) + "+" + t.size + " @" + engine.now());
        maxOutstanding = Math.max(maxOutstanding, ++outstanding);
        engine.scheduleAfter(latency, 0, (type, p, a) -> complete((MemTransaction) a), 0, 0, t);
    }

    private void complete(MemTransaction t) {
        long first = t.addr / sector, last = (t.addr + t.size - 1) / sector;
        for (long s = first; s <= last; s++) {
            int i = (int) (s - first);
            if (t.write) versions.put(s, t.versions[i]);
            else t.versions[i] = versions.getOrDefault(s, 0L);
        }
        t.servedBy = "memory";
        t.completedPs = engine.now();
        outstanding--;
        t.requester.memoryResponse(t);
    }
}
