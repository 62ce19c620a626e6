package dev.dmasim.devices.cpu;

import dev.dmasim.caches.MaintenanceOp;
import dev.dmasim.caches.MaintenanceResult;
import dev.dmasim.caches.cpu.CpuCaches;
import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.time.ClockDomain;
import dev.dmasim.core.time.Time;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One CPU core ({@code cpu0}, {@code cpu1}, ...). It runs one operation at a time, taking queued
 * operations in FIFO order (threads pinned to one core share it this way), and calls each
 * operation's {@code done} at the simulated time it finishes (always from an event, never from
 * inside the call that queued it).
 *
 * <p><b>Operations.</b> {@link #compute} takes its duration. {@link #access} loads or stores
 * every byte of a range, a line at a time through the L1 and L2: each line costs the L1 hit
 * latency of core time; a line that misses takes an L1 MSHR and the core goes on with the next
 * line (loads and stores do not wait for one another, as an out-of-order core with a store
 * buffer), stalling only when every MSHR is busy; the operation finishes when the last line has
 * been accessed and every miss delivered. Maintenance ({@link #clean}, {@link #invalidate},
 * {@link #cleanInvalidate}, {@link #flushAll}) runs on the core: it is busy until the
 * maintenance completes (cycles per line visited plus its write-backs landing).
 *
 * <p><b>What the checker is told</b>, per line: a store reports {@code write(pass, addr, len,
 * "cpuN.l1")} when it is performed (at the hit, or when the miss delivers the line in M; a
 * write-through store when it leaves the core); a load reports {@code read(pass, addr, len,
 * versions, off, servedBy)} when its data arrive, {@code servedBy} being the cache that supplied
 * them ({@code cpuN.l1} on a hit, another core's L1, {@code cpu.l2}) or {@code memory}.
 *
 * <p><b>Speed.</b> L1 hits create no event: the core performs them at once and adds their latency
 * to its local time, running ahead of the engine's clock as long as no other event is due before
 * its local time ({@code localTime < engine.peekTime()}), which nothing can tell apart from
 * performing them one by one at their own times. It schedules an event only to start a miss's
 * lookup, to resume when it must let other events run first, and to finish the operation.
 */
public final class CpuCore implements EventHandler, CpuCaches.MissClient {
    private static final int EV_CONTINUE = 1;
    private static final int EV_FINISH = 2;

    private static final byte OP_COMPUTE = 1, OP_ACCESS = 2, OP_MAINTAIN = 3, OP_FLUSH = 4;

    private static final class Op {
        final byte kind;
        final boolean write;
        final long addr, len;
        final int pass;
        final MaintenanceOp maint;
        final Runnable done;

        Op(byte kind, boolean write, long addr, long len, int pass, MaintenanceOp maint, Runnable done) {
            this.kind = kind;
            this.write = write;
            this.addr = addr;
            this.len = len;
            this.pass = pass;
            this.maint = maint;
            this.done = done;
        }
    }

    private final String name;
    private final int index;
    private final CpuCaches caches;
    private final Engine engine;
    private final CoherencyObserver observer;
    private final String l1Name;
    private final ClockDomain clock;
    private final long hitCycles;
    private final long lineBytes;
    private final boolean writeThrough;
    private final Consumer<MaintenanceResult> maintDone = this::maintenanceDone;

    private final ArrayDeque<Op> queue = new ArrayDeque<>();
    private Op current;
    private long opStart;
    private long busyPs;
    private long opsDone;
    private MaintenanceResult lastMaintenance;

    // The access in progress.
    private boolean write;
    private int pass;
    private long next, end;
    private long baseTime, cycles;  // local time = baseTime + cycles of the CPU clock
    private int outstanding;
    private boolean loopDone;
    private boolean waitingMshr;
    private boolean waitingLookup;
    private boolean finishScheduled;

    /**
     * @param index    the core's number: it uses {@code caches}' L1 of that number
     * @param observer told about every line loaded or stored
     */
    public CpuCore(int index, CpuCaches caches, Engine engine, CoherencyObserver observer) {
        this.name = "cpu" + index;
        this.index = index;
        this.caches = caches;
        this.engine = engine;
        this.observer = observer;
        this.l1Name = caches.l1Name(index);
        this.clock = caches.clock();
        this.hitCycles = caches.spec().l1().hitCycles();
        this.lineBytes = caches.lineBytes();
        this.writeThrough = caches.writeThrough();
    }

    public String name() { return name; }

    public int index() { return index; }

    /** Time spent running operations so far, the one in progress included. */
    public long busyPs() { return busyPs + (current != null ? engine.now() - opStart : 0); }

    /** True if no operation is running or queued. */
    public boolean idle() { return current == null && queue.isEmpty(); }

    /** Operations waiting behind the current one. */
    public int queued() { return queue.size(); }

    public long operationsDone() { return opsDone; }

    /** The counts of the last maintenance operation this core completed, or null. */
    public MaintenanceResult lastMaintenance() { return lastMaintenance; }

    /** Busy for {@code durationPs}. */
    public void compute(long durationPs, Runnable done) {
        if (durationPs < 0) throw new IllegalArgumentException("negative compute time");
        enqueue(new Op(OP_COMPUTE, false, 0, durationPs, 0, null, done));
    }

    /** Loads ({@code write} false) or stores of every byte of {@code [addr, addr + len)}, as pass {@code pass}. */
    public void access(boolean write, long addr, long len, int pass, Runnable done) {
        if (len < 0 || addr < 0) throw new IllegalArgumentException("bad range " + addr + "+" + len);
        enqueue(new Op(OP_ACCESS, write, addr, len, pass, null, done));
    }

    /** Clean the range in every CPU cache (write back dirty lines, keep them). */
    public void clean(long addr, long len, Runnable done) { maintain(MaintenanceOp.CLEAN, addr, len, done); }

    /** Invalidate the range in every CPU cache (drop lines, dirty data are lost). */
    public void invalidate(long addr, long len, Runnable done) { maintain(MaintenanceOp.INVALIDATE, addr, len, done); }

    /** Clean then invalidate the range in every CPU cache. */
    public void cleanInvalidate(long addr, long len, Runnable done) { maintain(MaintenanceOp.CLEAN_INVALIDATE, addr, len, done); }

    public void maintain(MaintenanceOp op, long addr, long len, Runnable done) {
        enqueue(new Op(OP_MAINTAIN, false, addr, len, 0, op, done));
    }

    /** Clean and invalidate every CPU cache entirely (set/way). */
    public void flushAll(Runnable done) { enqueue(new Op(OP_FLUSH, false, 0, 0, 0, null, done)); }

    private void enqueue(Op op) {
        queue.add(op);
        if (current == null) startNext();
    }

    private void startNext() {
        current = queue.poll();
        if (current == null) return;
        opStart = engine.now();
        finishScheduled = false;
        Op op = current;
        switch (op.kind) {
            case OP_COMPUTE:
                finishAt(Time.plus(opStart, op.len));
                break;
            case OP_ACCESS:
                write = op.write;
                pass = op.pass;
                next = op.addr;
                end = op.addr + op.len;
                baseTime = opStart;
                cycles = 0;
                outstanding = 0;
                loopDone = false;
                waitingMshr = false;
                waitingLookup = false;
                runAccess();
                break;
            case OP_MAINTAIN:
                caches.maintain(op.maint, op.addr, op.len, maintDone);
                break;
            case OP_FLUSH:
                caches.flushAll(maintDone);
                break;
            default:
                throw new IllegalStateException("invariant: unknown operation kind " + op.kind);
        }
    }

    private long localTime() {
        return baseTime + (clock.integralPeriod() ? cycles * clock.periodNum() : clock.cycleToTime(cycles));
    }

    private void runAccess() {
        final long now = engine.now();
        long t = localTime();
        if (t < now) {
            baseTime = now;
            cycles = 0;
            t = now;
        }
        final CpuCaches c = caches;
        while (next < end) {
            if (t > now) {
                long peek = engine.peekTime();
                if (t >= peek) {
                    // An event is due first. If it is one of our own lookups, it will wake us
                    // (lookupDone); otherwise come back at our local time.
                    if (c.nextLookupTime(index) == peek) waitingLookup = true;
                    else engine.schedule(t, 0, this, EV_CONTINUE, 0, null);
                    return;
                }
            }
            long addr = next;
            long segEnd = Math.min(end, (addr & -lineBytes) + lineBytes);
            int len = (int) (segEnd - addr);
            int idx = c.tryHit(index, write, addr, len, pass);
            if (idx >= 0) {
                if (write) observer.write(pass, addr, len, l1Name);
                else observer.read(pass, addr, len, c.l1Versions(index), idx, l1Name);
            } else {
                if (!c.startMiss(index, write, addr, len, pass, t, this, addr)) {
                    waitingMshr = true;
                    return;
                }
                outstanding++;
                if (write && writeThrough) observer.write(pass, addr, len, l1Name);
            }
            cycles += hitCycles;
            t = localTime();
            next = segEnd;
        }
        loopDone = true;
        if (outstanding == 0) finishAt(t);
    }

    @Override
    public void lookupDone() {
        if (waitingLookup) {
            waitingLookup = false;
            runAccess();
        }
    }

    @Override
    public void missDone(long addr, long[] versions, int off, String servedBy) {
        outstanding--;
        int len = (int) (Math.min(end, (addr & -lineBytes) + lineBytes) - addr);
        if (!write) observer.read(pass, addr, len, versions, off, servedBy);
        else if (!writeThrough) observer.write(pass, addr, len, l1Name);
        if (waitingMshr) {
            waitingMshr = false;
            runAccess();
        } else if (waitingLookup) {
            // Resumed by lookupDone once this lookup event is over.
        } else if (loopDone && outstanding == 0) {
            finishAt(Math.max(localTime(), engine.now()));
        }
    }

    private void maintenanceDone(MaintenanceResult r) {
        lastMaintenance = r;
        finishAt(engine.now());
    }

    private void finishAt(long t) {
        if (finishScheduled) throw new IllegalStateException("invariant: " + name + " finished an operation twice");
        finishScheduled = true;
        engine.schedule(t, 0, this, EV_FINISH, 0, null);
    }

    @Override
    public void handleEvent(int type, long payload, Object attachment) {
        if (type == EV_CONTINUE) {
            runAccess();
            return;
        }
        Op op = current;
        busyPs += engine.now() - opStart;
        opsDone++;
        current = null;
        startNext();
        if (op.done != null) op.done.run();
    }

    @Override public String toString() { return name; }
}
