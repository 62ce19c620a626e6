package dev.dmasim.core.engine;

import dev.dmasim.core.hook.HookPos;
import dev.dmasim.core.hook.Hookable;
import dev.dmasim.core.time.Time;

import java.util.Arrays;

/**
 * The discrete-event engine: simulated time in picoseconds and one event queue.
 *
 * <p><b>Order.</b> Events come out in (time, priority, insertion sequence) order; lower priority
 * values run first, and of two events with equal time and priority the one scheduled first runs
 * first. The order is total, so a run is deterministic.
 *
 * <p><b>Daemon events.</b> An event scheduled with {@link #scheduleDaemon} belongs to a
 * free-running device (a camera or display that ticks forever) and does not keep a run alive:
 * {@link #pendingForeground()} counts only the other events, and the quiescence listener is
 * called after every event that leaves that count at zero.
 *
 * <p><b>Layout (why it is fast).</b> Events wait in a 4-ary min-heap ordered by time alone, kept
 * in two parallel primitive arrays (time, slot index), so the sift loops compare one
 * {@code long}, store no references (no GC write barriers), and the JIT
 * turns the choice of the smallest child into conditional moves (a three-way (time, priority,
 * sequence) comparison there costs branch mispredictions on every level). Ties are rare in the
 * heap and are settled outside it: when the event taken from the top shares its time with the
 * new top, every event of that time moves to a small second heap, the <i>batch</i>, ordered by
 * (priority, sequence) packed into one {@code long}; events scheduled at the batch's time join
 * the batch. An event's record is a {@code Slot} from a pool of reusable records, so scheduling
 * and running an event allocate nothing once the pool has grown to the peak number of pending
 * events; one record is about one cache line (per-field arrays cost a miss per field when an
 * event scheduled long ago comes out).
 *
 * <p><b>Cancellation</b> is lazy: a cancelled event stays queued as a tombstone until it reaches
 * the top, or until tombstones outnumber live events and the queue is rebuilt, so moving an
 * entry never has to update a back-pointer. A handle names a slot and its generation, so a stale
 * handle never cancels a later event; handles are never {@link #NO_EVENT}.
 *
 * <p>An engine holds no static state: any number run side by side in one JVM, one thread each.
 */
public final class Engine extends Hookable {
    /** Hook position invoked before each event, with the handler as item (only if hooked). */
    public static final HookPos HOOK_BEFORE_EVENT = new HookPos("engine.before-event");

    public static final int MIN_PRIORITY = -32768;
    public static final int MAX_PRIORITY = 32767;
    /** Never returned by {@link #schedule}: a field can use it for "no event". */
    public static final long NO_EVENT = 0L;

    private static final int SEQ_BITS = 47;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
    private static final byte DAEMON = 1;
    private static final byte CANCELLED = 2;
    /** Below this many tombstones the queue is never rebuilt. */
    private static final int COMPACT_MIN = 64;

    /**
     * One event record, reused once its event has run or its tombstone has left the queue. A free
     * slot keeps its last handler (handlers are components, as long-lived as the engine), so that
     * a handler rescheduling itself stores no reference.
     */
    private static final class Slot {
        long order; // (priority - MIN_PRIORITY) << SEQ_BITS | sequence: never negative, unique
        long payload;
        EventHandler handler;
        Object attachment;
        int type;
        int generation = 1; // never 0; bumped when the event runs or is cancelled
        final int index;
        byte flags;

        Slot(int index) { this.index = index; }
    }

    // The main heap, by time only: entries 0..size-1. Never holds an event at batchTime while
    // the batch is non-empty.
    private long[] heapTime;
    private int[] heapSlot;
    private int size;

    // The batch: events due at batchTime (== now whenever it is non-empty), a 4-ary heap by order.
    private long batchTime;
    private long[] batchOrder;
    private int[] batchSlot;
    private int batchSize;

    private int tombstones; // cancelled entries in either heap

    // The pool: every slot ever made, by index, and a stack of the free ones. The heaps hold
    // indices, not references: storing a reference into an array costs a GC write barrier.
    private Slot[] slots;
    private int slotsUsed;
    private int[] freeStack;
    private int freeCount;

    private long seq;
    private long now;
    private long eventsProcessed;
    private long eventLimit = Long.MAX_VALUE;
    private boolean stopRequested;
    /** The handler of the event running inside {@link #runUntil}, else null; {@code runEnd} is that run's end time. */
    private EventHandler running;
    private long runEnd;
    private int foreground;
    private Runnable quiescenceListener;
    private int compactions; // for tests

    public Engine() {
        this(1024);
    }

    /** An engine whose arrays start sized for {@code initialCapacity} pending events. */
    public Engine(int initialCapacity) {
        super("engine");
        int c = Math.max(16, initialCapacity);
        heapTime = new long[c];
        heapSlot = new int[c];
        batchOrder = new long[16];
        batchSlot = new int[16];
        slots = new Slot[c];
        freeStack = new int[c];
    }

    /** Current simulated time in ps. */
    public long now() { return now; }

    /** Number of events run so far (cancelled events never count). */
    public long eventsProcessed() { return eventsProcessed; }

    /** Number of events waiting, daemon events included. */
    public int pending() { return size + batchSize - tombstones; }

    /** How many times the queue was rebuilt to drop tombstones (tests watch it). */
    int compactions() { return compactions; }

    /** Number of waiting events that are not daemon events. */
    public int pendingForeground() { return foreground; }

    /** Stop {@link #run} before the next event once this many events in total have run. */
    public void setEventLimit(long limit) {
        if (limit < 0) throw new IllegalArgumentException("event limit must be >= 0");
        this.eventLimit = limit;
    }

    /**
     * Called synchronously after every event that leaves no foreground (non-daemon) event
     * pending, including the event that empties the queue. It may schedule events or call
     * {@link #stop}. {@code null} removes it.
     */
    public void setQuiescenceListener(Runnable listener) { this.quiescenceListener = listener; }

    /** Ask the running {@link #run} to return after the current event. */
    public void stop() { stopRequested = true; }

    public long schedule(long time, EventHandler h, int type, long payload) {
        return insert(time, 0, h, type, payload, null, (byte) 0);
    }

    public long scheduleAfter(long delay, EventHandler h, int type, long payload) {
        return insert(Time.plus(now, delay), 0, h, type, payload, null, (byte) 0);
    }

    public long scheduleAfter(long delay, int priority, EventHandler h, int type, long payload, Object attachment) {
        return insert(Time.plus(now, delay), priority, h, type, payload, attachment, (byte) 0);
    }

    /**
     * Schedule {@code h.handleEvent(type, payload, attachment)} at {@code time}. Returns a handle
     * for {@link #cancel} and {@link #isPending}.
     */
    public long schedule(long time, int priority, EventHandler h, int type, long payload, Object attachment) {
        return insert(time, priority, h, type, payload, attachment, (byte) 0);
    }

    /** Like {@link #schedule}, but the event does not keep the run alive (see the class comment). */
    public long scheduleDaemon(long time, int priority, EventHandler h, int type, long payload, Object attachment) {
        return insert(time, priority, h, type, payload, attachment, DAEMON);
    }

    public long scheduleDaemon(long time, EventHandler h, int type, long payload) {
        return insert(time, 0, h, type, payload, null, DAEMON);
    }

    public long scheduleDaemonAfter(long delay, EventHandler h, int type, long payload) {
        return insert(Time.plus(now, delay), 0, h, type, payload, null, DAEMON);
    }

    public long scheduleDaemonAfter(long delay, int priority, EventHandler h, int type, long payload, Object attachment) {
        return insert(Time.plus(now, delay), priority, h, type, payload, attachment, DAEMON);
    }

    private long insert(long time, int priority, EventHandler h, int type, long payload, Object attachment, byte f) {
        if (time < now) {
            throw new IllegalStateException("invariant: event scheduled in the past (" + time + " < now " + now + ")");
        }
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (h == null) throw new IllegalArgumentException("null event handler");
        Slot s = freeCount > 0 ? slots[freeStack[--freeCount]] : newSlot();
        long o = ((long) (priority - MIN_PRIORITY) << SEQ_BITS) | (seq++ & SEQ_MASK);
        s.order = o;
        if (s.handler != h) s.handler = h; // a free slot keeps its last handler: no barrier when it repeats
        s.type = type;
        s.payload = payload;
        if (attachment != null) s.attachment = attachment; // a free slot's attachment is already null
        s.flags = f;
        if (f == 0) foreground++;
        if (batchSize > 0 && time == batchTime) batchPush(o, s.index);
        else heapPush(time, s.index);
        return ((long) s.generation << 32) | s.index;
    }

    /** Remove a pending event. Returns false if it already ran or was cancelled. */
    public boolean cancel(long handle) {
        Slot s = live(handle);
        if (s == null) return false;
        s.generation = nextGeneration(s.generation);
        if (s.flags == 0) foreground--;
        s.flags |= CANCELLED;
        s.attachment = null;
        tombstones++;
        if (tombstones > COMPACT_MIN && tombstones > size + batchSize - tombstones) compact();
        return true;
    }

    /** True if the handle names an event that has neither run nor been cancelled. */
    public boolean isPending(long handle) { return live(handle) != null; }

    private Slot live(long handle) {
        int index = (int) handle;
        if (index < 0 || index >= slotsUsed) return null;
        Slot s = slots[index];
        return s.generation == (int) (handle >>> 32) ? s : null;
    }

    /** Time of the next event, or {@link Time#NEVER} if none is pending. */
    public long peekTime() {
        while (batchSize > 0) {
            Slot s = slots[batchSlot[0]];
            if ((s.flags & CANCELLED) == 0) return batchTime;
            removeBatchTop();
            dropTombstone(s);
        }
        while (size > 0) {
            Slot s = slots[heapSlot[0]];
            if ((s.flags & CANCELLED) == 0) return heapTime[0];
            removeTop();
            dropTombstone(s);
        }
        return Time.NEVER;
    }

    /**
     * From inside a handler: move the clock forward to {@code t}, as if the rest of the handler
     * ran as an event at {@code t}, when nothing can tell the two apart: no event is pending at
     * or before {@code t} (not even at {@code t} = now), {@code t} is within the running {@link #runUntil}'s end time, and no
     * {@link #stop} or event limit is due. Returns false, changing nothing, otherwise (the caller
     * then schedules an event at {@code t}). Lets a component that would schedule an event for
     * itself at the head of the queue (the bus, running tenure after tenure) skip the queue,
     * while everything it calls sees {@link #now()} = {@code t}. Only the handler of the running
     * event ({@code self}) may move the clock: a component called back from inside another's
     * handler would move it under its caller, so it gets false.
     */
    public boolean advanceTo(long t, EventHandler self) {
        if (t < now) throw new IllegalStateException("invariant: advance to the past (" + t + " < now " + now + ")");
        if (running != self || self == null || t > runEnd || stopRequested || eventsProcessed >= eventLimit) return false;
        if (peekTime() <= t) return false; // even at now: an event pending then may have to come first
        now = t;
        return true;
    }

    /** Run until the queue drains, the event limit, or {@link #stop}. */
    public RunOutcome run() { return runUntil(Time.NEVER); }

    /**
     * Run every event at or before {@code endTime}. If events remain after it, the clock is
     * advanced to {@code endTime} and {@link RunOutcome#TIME_LIMIT} is returned.
     */
    public RunOutcome runUntil(long endTime) {
        if (endTime < now) throw new IllegalArgumentException("end time " + endTime + " before now " + now);
        stopRequested = false;
        final boolean hooked = hooked();
        // A run inside a handler (tests do it) gives both back to the outer run when it returns.
        long outerEnd = runEnd;
        EventHandler outerRunning = running;
        runEnd = endTime;
        running = null;
        try {
            return loop(endTime, hooked);
        } finally {
            runEnd = outerEnd;
            running = outerRunning;
        }
    }

    private RunOutcome loop(long endTime, boolean hooked) {
        while (true) {
            Slot s;
            long t;
            if (batchSize > 0) {
                // batchTime == now <= endTime
                s = slots[batchSlot[0]];
                if ((s.flags & CANCELLED) != 0) {
                    removeBatchTop();
                    dropTombstone(s);
                    continue;
                }
                if (eventsProcessed >= eventLimit) return RunOutcome.EVENT_LIMIT;
                removeBatchTop();
                t = batchTime;
            } else {
                if (size == 0) return RunOutcome.DRAINED;
                s = slots[heapSlot[0]];
                if ((s.flags & CANCELLED) != 0) {
                    removeTop();
                    dropTombstone(s);
                    continue;
                }
                if (eventsProcessed >= eventLimit) return RunOutcome.EVENT_LIMIT;
                t = heapTime[0];
                if (t > endTime) {
                    now = endTime;
                    return RunOutcome.TIME_LIMIT;
                }
                removeTop();
                if (size > 0 && heapTime[0] == t) s = formBatch(t, s);
            }
            now = t;
            // read everything first: the slot is free again before the handler runs
            EventHandler h = s.handler;
            Object a = s.attachment;
            int type = s.type;
            long payload = s.payload;
            if (s.flags == 0) foreground--;
            if (a != null) s.attachment = null;
            s.generation = nextGeneration(s.generation);
            freeStack[freeCount++] = s.index;
            eventsProcessed++;
            if (hooked) invokeHook(HOOK_BEFORE_EVENT, h, a);
            running = h;
            h.handleEvent(type, payload, a);
            running = null;
            if (foreground == 0 && quiescenceListener != null) quiescenceListener.run();
            if (stopRequested) {
                stopRequested = false;
                return RunOutcome.STOPPED;
            }
        }
    }

    /**
     * {@code first} (live, just taken from the heap) ties with the heap's new top: move every
     * event at {@code t} into the batch and return the batch's first, which runs now.
     */
    private Slot formBatch(long t, Slot first) {
        batchTime = t;
        batchPush(first.order, first.index);
        while (size > 0 && heapTime[0] == t) {
            Slot x = slots[heapSlot[0]];
            removeTop();
            if ((x.flags & CANCELLED) != 0) dropTombstone(x);
            else batchPush(x.order, x.index);
        }
        Slot s = slots[batchSlot[0]];
        removeBatchTop();
        return s;
    }

    private void dropTombstone(Slot s) {
        tombstones--;
        s.flags = 0;
        freeStack[freeCount++] = s.index;
    }

    /** Drop every tombstone and rebuild both heaps (Floyd), so cancel stays amortised O(log n). */
    private void compact() {
        compactions++;
        int n = 0;
        for (int i = 0; i < size; i++) {
            Slot s = slots[heapSlot[i]];
            if ((s.flags & CANCELLED) != 0) {
                dropTombstone(s);
            } else {
                heapTime[n] = heapTime[i];
                heapSlot[n] = s.index;
                n++;
            }
        }
        size = n;
        for (int i = (n - 2) >> 2; i >= 0; i--) siftDown(i, heapTime[i], heapSlot[i]);
        int b = 0;
        for (int i = 0; i < batchSize; i++) {
            Slot s = slots[batchSlot[i]];
            if ((s.flags & CANCELLED) != 0) {
                dropTombstone(s);
            } else {
                batchOrder[b] = batchOrder[i];
                batchSlot[b] = s.index;
                b++;
            }
        }
        batchSize = b;
        for (int i = (b - 2) >> 2; i >= 0; i--) batchSiftDown(i, batchOrder[i], batchSlot[i]);
        if (tombstones != 0) throw new IllegalStateException("invariant: tombstone count off by " + tombstones);
    }

    private static int nextGeneration(int g) {
        return g == -1 ? 1 : g + 1;
    }

    // ---- main heap: 4-ary, by time only ----

    private void heapPush(long t, int s) {
        if (size == heapTime.length) {
            heapTime = Arrays.copyOf(heapTime, size * 2);
            heapSlot = Arrays.copyOf(heapSlot, size * 2);
        }
        final long[] ht = heapTime;
        final int[] hs = heapSlot;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = ht[parent];
            if (t >= pt) break;
            ht[i] = pt;
            hs[i] = hs[parent];
            i = parent;
        }
        ht[i] = t;
        hs[i] = s;
    }

    private void removeTop() {
        int n = --size;
        if (n > 0) siftDown(0, heapTime[n], heapSlot[n]);
    }

    private void siftDown(int i, long t, int s) {
        final long[] ht = heapTime;
        final int[] hs = heapSlot;
        final int n = size;
        while (true) {
            int c = (i << 2) + 1;
            if (c >= n) break;
            int best = c;
            long bt = ht[c];
            int end = Math.min(c + 4, n);
            for (int k = c + 1; k < end; k++) {
                long kt = ht[k];
                if (kt < bt) {
                    best = k;
                    bt = kt;
                }
            }
            if (t <= bt) break;
            ht[i] = bt;
            hs[i] = hs[best];
            i = best;
        }
        ht[i] = t;
        hs[i] = s;
    }

    // ---- batch: 4-ary, by order key ----

    private void batchPush(long o, int s) {
        if (batchSize == batchOrder.length) {
            batchOrder = Arrays.copyOf(batchOrder, batchSize * 2);
            batchSlot = Arrays.copyOf(batchSlot, batchSize * 2);
        }
        final long[] bo = batchOrder;
        final int[] bs = batchSlot;
        int i = batchSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long po = bo[parent];
            if (o > po) break;
            bo[i] = po;
            bs[i] = bs[parent];
            i = parent;
        }
        bo[i] = o;
        bs[i] = s;
    }

    private void removeBatchTop() {
        int n = --batchSize;
        if (n > 0) batchSiftDown(0, batchOrder[n], batchSlot[n]);
    }

    private void batchSiftDown(int i, long o, int s) {
        final long[] bo = batchOrder;
        final int[] bs = batchSlot;
        final int n = batchSize;
        while (true) {
            int c = (i << 2) + 1;
            if (c >= n) break;
            int best = c;
            long b = bo[c];
            int end = Math.min(c + 4, n);
            for (int k = c + 1; k < end; k++) {
                long ko = bo[k];
                if (ko < b) {
                    best = k;
                    b = ko;
                }
            }
            if (o < b) break;
            bo[i] = b;
            bs[i] = bs[best];
            i = best;
        }
        bo[i] = o;
        bs[i] = s;
    }

    private Slot newSlot() {
        if (slotsUsed == slots.length) {
            slots = Arrays.copyOf(slots, slotsUsed * 2);
            freeStack = Arrays.copyOf(freeStack, slotsUsed * 2);
        }
        Slot s = new Slot(slotsUsed);
        slots[slotsUsed++] = s;
        return s;
    }
}
