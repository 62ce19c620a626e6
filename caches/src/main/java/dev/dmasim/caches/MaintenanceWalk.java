package dev.dmasim.caches;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.time.ClockDomain;

import java.util.function.Consumer;

/**
 * Drives one maintenance operation over {@code count} items (line addresses, or slots for a
 * whole-cache flush): item {@code i} is visited at {@code t0 + cycles(i * cyclesPerItem)}; the
 * operation completes when the last item's cost has elapsed ({@code t0 + cycles(count *
 * cyclesPerItem)}) and every write-back it issued has landed, and then calls its callback.
 *
 * <p>Visiting ahead of time: an item whose visit touches only the cache's own state is visited
 * at once, even though its nominal time is later, as long as no other event is due before that
 * time ({@code t < engine.peekTime()}): nothing can observe the difference, and a large range
 * costs no event per line. An item that needs the bus (a dirty line to write back) is visited by
 * an event at its exact time, so the write-back leaves at the right moment.
 */
public abstract class MaintenanceWalk implements EventHandler, Cache.WriteListener {
    private static final int EV_CONTINUE = 1;
    private static final int EV_FINISH = 2;

    protected final Engine engine;
    protected final MaintenanceOp op;
    private final ClockDomain clock;
    private final long count;
    private final long cyclesPerItem;
    private final long t0;
    private final Consumer<MaintenanceResult> done;
    private long next;
    private int pendingWrites;
    private boolean walked;
    private boolean finishing;
    /** Lines written back; the subclass counts them. */
    protected long cleaned;
    /** Lines of which a valid copy was dropped; the subclass counts them. */
    protected long invalidated;

    protected MaintenanceWalk(Engine engine, ClockDomain clock, MaintenanceOp op, long count, long cyclesPerItem,
                              Consumer<MaintenanceResult> done) {
        this.engine = engine;
        this.clock = clock;
        this.op = op;
        this.count = count;
        this.cyclesPerItem = cyclesPerItem;
        this.t0 = engine.now();
        this.done = done;
    }

    /** True if visiting item {@code i} now would send something on the bus. */
    protected abstract boolean needsBus(long i);

    /** Visit item {@code i}; call {@link #expectWrite()} for each write-back issued with this walk as listener. */
    protected abstract void visit(long i);

    /** Start at the current time. */
    public final void start() { step(); }

    /** The walk will wait for one more write-back (issued with this walk as its listener). */
    protected final void expectWrite() { pendingWrites++; }

    private long timeOf(long i) {
        return t0 + cyclesToPs(clock, i * cyclesPerItem);
    }

    static long cyclesToPs(ClockDomain clock, long cycles) {
        return clock.integralPeriod() ? cycles * clock.periodNum() : clock.cycleToTime(cycles);
    }

    private void step() {
        final long now = engine.now();
        while (next < count) {
            long t = timeOf(next);
            if (t > now && (t >= engine.peekTime() || needsBus(next))) {
                engine.schedule(t, 0, this, EV_CONTINUE, 0, null);
                return;
            }
            visit(next);
            next++;
        }
        walked = true;
        maybeFinish();
    }

    private void maybeFinish() {
        if (!walked || pendingWrites > 0 || finishing) return;
        finishing = true;
        long end = Math.max(engine.now(), timeOf(count));
        if (end == engine.now()) finish();
        else engine.schedule(end, 0, this, EV_FINISH, 0, null);
    }

    private void finish() {
        done.accept(new MaintenanceResult(op, count, cleaned, invalidated, t0, engine.now()));
    }

    @Override
    public final void writeDone(long tag) {
        pendingWrites--;
        if (pendingWrites < 0) throw new IllegalStateException("invariant: maintenance write-back completed twice");
        maybeFinish();
    }

    @Override
    public final void handleEvent(int type, long payload, Object attachment) {
        if (type == EV_CONTINUE) step();
        else finish();
    }
}
