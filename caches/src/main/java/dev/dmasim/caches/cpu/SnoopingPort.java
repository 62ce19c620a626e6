package dev.dmasim.caches.cpu;

import dev.dmasim.caches.Cache;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;
import dev.dmasim.core.mem.MemoryTarget;

import java.util.Arrays;

/**
 * The path of a coherent device ({@code DEV.coherent = true}) to memory: put it between the
 * device (or its own cache) and the bus. Every transaction first waits the CPU's snoop latency
 * ({@link CpuCaches#snoopLatencyPs}), then:
 * <ul>
 *   <li>a write invalidates the CPU's copies and goes on to the bus once the CPU's write-backs of
 *   those lines already on their way have landed (so that an older write-back never lands over
 *   it); until it lands, the CPU keeps nothing it reads of those lines from memory
 *   ({@link CpuCaches#beginDeviceWrite}, {@link CpuCaches#afterWriteBacks},
 *   {@link CpuCaches#endDeviceWrite});</li>
 *   <li>a read goes to the bus, and when memory answers, every sector a CPU cache holds dirty at
 *   that moment replaces memory's version ({@link CpuCaches#snoopRead}); a sector the CPU held
 *   dirty when the read left but no longer does (evicted, its write-back landing after memory
 *   served the read) takes the version it had then ({@link CpuCaches#peekDirty});
 *   {@code servedBy} is then the CPU cache that supplied the first such sector, else what memory
 *   said.</li>
 * </ul>
 * Transactions are any size (the bus's rules); they travel as pooled copies, so nothing is
 * allocated per transaction once the pool has grown.
 */
public final class SnoopingPort implements MemoryTarget, MemoryRequester, EventHandler {
    private final CpuCaches cpu;
    private final MemoryTarget downstream;
    private final Engine engine;
    private final long latencyPs;

    private MemTransaction[] proxy = new MemTransaction[0];
    private MemTransaction[] original = new MemTransaction[0];
    private long[][] ownVersions = new long[0][];
    // Per slot, for a read: the CPU's dirty data when it left (NOT_SUPPLIED where none), and from which cache.
    private long[][] leftVersions = new long[0][];
    private String[][] leftSources = new String[0][];
    private int[] leftSupplied = new int[0];
    private int[] free = new int[0];
    private int freeCount;
    private long[] snoopVersions = new long[64];
    private String[] snoopSources = new String[64];

    public SnoopingPort(CpuCaches cpu, MemoryTarget downstream, Engine engine) {
        this.cpu = cpu;
        this.downstream = downstream;
        this.engine = engine;
        this.latencyPs = cpu.snoopLatencyPs();
    }

    @Override
    public void request(MemTransaction t) {
        engine.schedule(engine.now() + latencyPs, 0, this, 0, 0, t);
    }

    @Override
    public void handleEvent(int type, long payload, Object attachment) {
        MemTransaction t = (MemTransaction) attachment;
        int i = takeProxy();
        MemTransaction p = proxy[i];
        if (t.write) {
            cpu.beginDeviceWrite(t.addr, t.size);
            p.set(t.addr, t.size, true, t.master, this, i);
            ownVersions[i] = p.versions;   // the slot's own array, back after the write
            p.versions = t.versions;        // the data written: shared, not copied
        } else {
            int sectors = sectors(t);
            if (p.versions == null || p.versions.length < sectors) p.versions = new long[sectors];
            p.set(t.addr, t.size, false, t.master, this, i);
            if (leftVersions[i] == null || leftVersions[i].length < sectors) {
                leftVersions[i] = new long[sectors];
                leftSources[i] = new String[sectors];
            }
            leftSupplied[i] = cpu.peekDirty(t.addr, t.size, leftVersions[i], 0, leftSources[i]);
        }
        p.servedBy = null;
        p.issuedPs = engine.now();
        original[i] = t;
        if (t.write && cpu.writeBacksInFlight(t.addr, t.size)) cpu.afterWriteBacks(t.addr, t.size, () -> downstream.request(p));
        else downstream.request(p);
    }

    @Override
    public void memoryResponse(MemTransaction p) {
        int i = (int) p.tag;
        MemTransaction t = original[i];
        original[i] = null;
        free[freeCount++] = i;
        if (t.write) {
            p.versions = ownVersions[i];   // the writer's array is not the pool's
            ownVersions[i] = null;
            cpu.endDeviceWrite(t.addr, t.size);
            t.issuedPs = p.issuedPs;
            t.completedPs = engine.now();
            t.requester.memoryResponse(t);
            return;
        }
        int n = sectors(t);
        // As the DRAM does: a read may come without a versions array (a traffic generator's).
        if (t.versions == null || t.versions.length < n) t.versions = new long[n];
        System.arraycopy(p.versions, 0, t.versions, 0, n);
        if (snoopVersions.length < n) {
            snoopVersions = new long[n];
            snoopSources = new String[n];
        }
        String servedBy = p.servedBy;
        int now = cpu.snoopRead(t.addr, t.size, snoopVersions, 0, snoopSources);
        if (now > 0 || leftSupplied[i] > 0) {
            String first = null;
            long[] left = leftVersions[i];
            for (int k = 0; k < n; k++) {
                boolean fromNow = snoopVersions[k] != Cache.NOT_SUPPLIED;
                if (!fromNow && (leftSupplied[i] == 0 || left[k] == Cache.NOT_SUPPLIED)) continue;
                t.versions[k] = fromNow ? snoopVersions[k] : left[k];
                if (first == null) first = fromNow ? snoopSources[k] : leftSources[i][k];
            }
            servedBy = first;
        }
        t.servedBy = servedBy;
        t.issuedPs = p.issuedPs;
        t.completedPs = engine.now();
        t.requester.memoryResponse(t);
    }

    private int sectors(MemTransaction t) {
        int shift = cpu.sectorShift();
        return (int) (((t.addr + t.size - 1) >>> shift) - (t.addr >>> shift) + 1);
    }

    private int takeProxy() {
        if (freeCount == 0) {
            int old = proxy.length, n = Math.max(8, old * 2);
            proxy = Arrays.copyOf(proxy, n);
            original = Arrays.copyOf(original, n);
            ownVersions = Arrays.copyOf(ownVersions, n);
            leftVersions = Arrays.copyOf(leftVersions, n);
            leftSources = Arrays.copyOf(leftSources, n);
            leftSupplied = Arrays.copyOf(leftSupplied, n);
            free = Arrays.copyOf(free, n);
            for (int k = old; k < n; k++) {
                proxy[k] = new MemTransaction();
                free[freeCount++] = k;
            }
        }
        return free[--freeCount];
    }
}
