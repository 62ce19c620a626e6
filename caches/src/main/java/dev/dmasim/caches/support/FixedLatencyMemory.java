package dev.dmasim.caches.support;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the bus and DRAM in cache tests and benchmarks: every transaction completes a
 * fixed latency after it arrives (plus, optionally, a serial transfer time per byte), and memory
 * keeps the version of every sector. A read returns the versions memory holds at completion; a
 * write stores its versions at completion. Versions live in 4096-sector pages allocated on first
 * write; unwritten sectors hold version 0.
 */
public final class FixedLatencyMemory implements MemoryTarget, EventHandler {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;

    private final Engine engine;
    private final long latencyPs;
    private final long psPerByte;
    private final int sectorShift;
    private long[][] pages = new long[64][];
    private long busyUntil;
    private CoherencyObserver observer = CoherencyObserver.NONE;
    private List<long[]> writeLog;

    public long reads, writes, bytesRead, bytesWritten;

    /** {@code psPerByte} = 0: unlimited bandwidth. */
    public FixedLatencyMemory(Engine engine, long latencyPs, long psPerByte, int sectorBytes) {
        if (Integer.bitCount(sectorBytes) != 1) throw new IllegalArgumentException("sector size must be a power of two");
        this.engine = engine;
        this.latencyPs = latencyPs;
        this.psPerByte = psPerByte;
        this.sectorShift = Integer.numberOfTrailingZeros(sectorBytes);
    }

    public FixedLatencyMemory(Engine engine, long latencyPs, int sectorBytes) {
        this(engine, latencyPs, 0, sectorBytes);
    }

    /** Tell {@code o} about every write that lands ({@code memoryWrite}, by = "memory"). */
    public void setObserver(CoherencyObserver o) { this.observer = o; }

    /** Keep a log of writes, one {@code {addr, size, versions...}} array each (allocates; tests only). */
    public void logWrites() { writeLog = new ArrayList<>(); }

    public List<long[]> writeLog() { return writeLog; }

    @Override
    public void request(MemTransaction t) {
        long start = Math.max(engine.now(), busyUntil);
        long transfer = psPerByte * t.size;
        if (psPerByte > 0) busyUntil = start + transfer;
        engine.schedule(start + transfer + latencyPs, 0, this, 0, 0, t);
    }

    @Override
    public void handleEvent(int type, long payload, Object attachment) {
        MemTransaction t = (MemTransaction) attachment;
        long first = t.addr >>> sectorShift;
        int n = (int) (((t.addr + t.size - 1) >>> sectorShift) - first + 1);
        if (t.write) {
            writes++;
            bytesWritten += t.size;
            for (int i = 0; i < n; i++) store(first + i, t.versions[i]);
            if (writeLog != null) {
                long[] rec = new long[2 + n];
                rec[0] = t.addr;
                rec[1] = t.size;
                System.arraycopy(t.versions, 0, rec, 2, n);
                writeLog.add(rec);
            }
            observer.memoryWrite(t.addr, t.size, t.versions, 0, "memory");
        } else {
            reads++;
            bytesRead += t.size;
            for (int i = 0; i < n; i++) t.versions[i] = load(first + i);
        }
        t.servedBy = "memory";
        t.completedPs = engine.now();
        t.requester.memoryResponse(t);
    }

    /** The version memory holds for the sector containing {@code addr}. */
    public long version(long addr) { return load(addr >>> sectorShift); }

    /** Set the sectors of {@code [addr, addr + len)} to {@code version} at once (a cacheless writer in tests). */
    public void poke(long addr, long len, long version) {
        for (long s = addr >>> sectorShift, e = (addr + len - 1) >>> sectorShift; s <= e; s++) store(s, version);
    }

    private long load(long sector) {
        long p = sector >>> PAGE_SHIFT;
        if (p >= pages.length || pages[(int) p] == null) return 0;
        return pages[(int) p][(int) (sector & PAGE_MASK)];
    }

    private void store(long sector, long v) {
        long p = sector >>> PAGE_SHIFT;
        if (p >= pages.length) {
            if (p >= Integer.MAX_VALUE) throw new IllegalArgumentException("address too large for the test memory");
            pages = java.util.Arrays.copyOf(pages, (int) Math.max(p + 1, pages.length * 2L));
        }
        long[] page = pages[(int) p];
        if (page == null) {
            if (v == 0) return;
            page = pages[(int) p] = new long[1 << PAGE_SHIFT];
        }
        page[(int) (sector & PAGE_MASK)] = v;
    }
}
