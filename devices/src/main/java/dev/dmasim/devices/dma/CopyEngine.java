package dev.dmasim.devices.dma;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.component.Component;
import dev.dmasim.core.component.Message;
import dev.dmasim.core.component.Port;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.devices.dmabuf.BlockedWait;
import dev.dmasim.devices.dmabuf.BufferUse;
import dev.dmasim.devices.dmabuf.DmaBuf;
import dev.dmasim.devices.dmabuf.DmaBufLayer;
import dev.dmasim.devices.dmabuf.DmaDevice;
import dev.dmasim.devices.dmabuf.DmaFence;
import dev.dmasim.devices.dmabuf.DmaJob;
import dev.dmasim.devices.dmabuf.HappensBefore;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A copy engine ({@code dma0}, ...): a cacheless bus master with a job queue, one job at a
 * time. A job waits as the policy says and maps its source (read) then its destination (write)
 * through the dma-buf layer, streams the source to the destination over the bus (read a line,
 * write it, {@code dma.outstanding} lines in flight), unmaps and signals its fence.
 *
 * <p>It reports a read pass on the source (every read with the versions it observed and who
 * served it) and a write pass on the destination (every write, landing in memory: holder null)
 * to the coherency observer. Transactions are pooled: nothing is allocated per line.
 */
public final class CopyEngine extends Component implements MemoryRequester {
    private final CopyEngineSpec spec;
    private final DmaDevice device;
    private final DmaBufLayer layer;
    private final HappensBefore hb;
    private final MemoryTarget memory;
    private final int master;
    private final CoherencyObserver observer;
    private final int sectorSize;

    private final ArrayDeque<DmaJob> queue = new ArrayDeque<>();
    private final MemTransaction[] reads;
    private final MemTransaction[] writes;
    private final long[] pieceOffset;
    private final int[] pieceLen;

    private DmaJob current;
    private DmaBuf src, dst;
    private long total, next, jobStartPs;
    private int inFlight, readPass, writePass;
    private long busyPs, jobsDone, bytesCopied;

    /**
     * @param master     this engine's bus master index
     * @param sectorSize the checker's granularity ({@code check.granularity}): versions are per sector
     */
    public CopyEngine(Engine engine, CopyEngineSpec spec, DmaDevice device, DmaBufLayer layer, MemoryTarget memory,
                      int master, CoherencyObserver observer, int sectorSize) {
        super(device.name(), engine);
        if (sectorSize <= 0 || Integer.bitCount(sectorSize) != 1) throw new IllegalArgumentException("sector size must be a power of two");
        this.spec = spec;
        this.device = device;
        this.layer = layer;
        this.hb = layer.happensBefore();
        this.memory = memory;
        this.master = master;
        this.observer = observer;
        this.sectorSize = sectorSize;
        int k = spec.outstanding();
        int maxSectors = spec.line() / sectorSize + 2;
        reads = new MemTransaction[k];
        writes = new MemTransaction[k];
        for (int i = 0; i < k; i++) {
            reads[i] = new MemTransaction();
            reads[i].versions = new long[maxSectors];
            writes[i] = new MemTransaction();
            writes[i].versions = new long[maxSectors];
        }
        pieceOffset = new long[k];
        pieceLen = new int[k];
    }

    public DmaDevice device() { return device; }

    /**
     * {@code f = dmaN.copy(src, dst [, after=[...]])} by thread {@code submitter}: queues a job
     * copying {@code min(src.size, dst.size)} bytes and returns its fence at once. The thread
     * continues when {@code submitted} runs (after the submission cost; under
     * {@code nonblocking} with {@code after=}, only once those fences have signalled).
     */
    public DmaFence copy(int submitter, DmaBuf src, DmaBuf dst, List<DmaFence> after, Runnable submitted) {
        return submitJob(submitter, src, dst, after, submitted).fence();
    }

    /** As {@link #copy}, returning the job (its fence, its timestamps). */
    public DmaJob submitJob(int submitter, DmaBuf src, DmaBuf dst, List<DmaFence> after, Runnable submitted) {
        return layer.submit(submitter, device, List.of(BufferUse.read(src), BufferUse.write(dst)), after, this::enqueue, submitted);
    }

    private void enqueue(DmaJob job) {
        queue.add(job);
        if (current == null) startNext();
    }

    private void startNext() {
        current = queue.poll();
        if (current == null) return;
        layer.startJob(current, this::stream);
    }

    private void stream() {
        src = current.uses().get(0).buf();
        dst = current.uses().get(1).buf();
        jobStartPs = engine.now();
        readPass = hb.beginPass(device.agent(), current.name() + " read " + src.name(), true, 0); // stands in for a GPU read: a frame read
        writePass = hb.beginPass(device.agent(), current.name() + " write " + dst.name(), false, 0);
        total = Math.min(src.size(), dst.size());
        next = 0;
        inFlight = 0;
        for (int slot = 0; slot < reads.length && next < total; slot++) issueRead(slot);
    }

    private void issueRead(int slot) {
        long off = next;
        long line = spec.line();
        long n = Math.min(line - (src.addr() + off) % line, line - (dst.addr() + off) % line);
        n = Math.min(n, total - off);
        next = off + n;
        pieceOffset[slot] = off;
        pieceLen[slot] = (int) n;
        inFlight++;
        MemTransaction t = reads[slot];
        t.set(src.addr() + off, (int) n, false, master, this, slot);
        t.servedBy = null;
        memory.request(t);
    }

    @Override
    public void memoryResponse(MemTransaction t) {
        int slot = (int) t.tag;
        if (!t.write) {
            observer.read(readPass, t.addr, t.size, t.versions, 0, t.servedBy == null ? "memory" : t.servedBy);
            MemTransaction w = writes[slot];
            long addr = dst.addr() + pieceOffset[slot];
            int n = pieceLen[slot];
            w.set(addr, n, true, master, this, slot);
            int sectors = (int) ((addr + n - 1) / sectorSize - addr / sectorSize + 1);
            for (int i = 0; i < sectors; i++) w.versions[i] = writePass;
            memory.request(w);
            return;
        }
        observer.write(writePass, t.addr, t.size, null);
        bytesCopied += t.size;
        inFlight--;
        if (next < total) {
            issueRead(slot);
        } else if (inFlight == 0) {
            hb.endPass(readPass);
            hb.endPass(writePass);
            busyPs += engine.now() - jobStartPs;
            layer.finishJob(current, this::jobDone);
        }
    }

    private void jobDone() {
        jobsDone++;
        current = null;
        src = dst = null;
        startNext();
    }

    /** Jobs waiting behind the running one, for wait-for chains (the running job's own waits are the layer's). */
    public void describeBlocked(List<BlockedWait> out) {
        if (current == null) return;
        for (DmaJob j : queue) out.add(BlockedWait.queue(j.party(), "queued on " + name(), current.party()));
    }

    /** True when no job is running or queued. */
    public boolean idle() { return current == null && queue.isEmpty(); }

    /** Jobs queued and running. */
    public int pendingJobs() { return queue.size() + (current == null ? 0 : 1); }

    public long jobsDone() { return jobsDone; }

    public long bytesCopied() { return bytesCopied; }

    /** Time spent streaming (from the end of its maps to the last write), summed over jobs. */
    public long busyPs() { return busyPs; }

    @Override
    protected void receive(Port port, Message msg) {
        throw new IllegalStateException("invariant: copy engine " + name() + " has no ports");
    }
}
