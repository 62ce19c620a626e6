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
 * told as soon as that count is zero after an event.
 *
 * <p><b>Layout.</b> The queue is a 4-ary min-heap of two parallel arrays (time, slot); an event's
 * record is a {@code Slot} from a pool of reusable records, so scheduling and running an event
 * allocate nothing once the pool has grown to the peak number of pending events. A record fits
 * in about one cache line (parallel per-field arrays would cost a miss per field when an event
 * scheduled long ago comes out). Ties in time are broken by the slot's order key (priority and
 * sequence), read only when two times are equal. Cancellation is lazy: a cancelled event stays in the heap as a
 * tombstone until it reaches the top, or until tombstones outnumber live events and the heap is
 * rebuilt, so moving heap entries never has to update a back-pointer. A handle names a slot and
 * its generation, so a stale handle never cancels a later event; handles are never 0.
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
    /** Below this many tombstones the heap is never rebuilt. */
    private static final int COMPACT_MIN = 64;

    /** One event record, reused once its event has run or its tombstone has left the heap. */
    private static final class Slot {
        long order; // (priority - MIN_PRIORITY) << SEQ_BITS | sequence: never negative, unique
        long payload;
        EventHandler handler;
        Object attachment;
        int type;
        int generation = 1; // never 0; bumped when the event runs or is cancelled
        final int index;
        byte flags;
        Slot next; // free list

        Slot(int index) { this.index = index; }
    }

    // The heap: entries 0..size-1, tombstones included.
    private long[] heapTime;
    private Slot[] heapSlot;
    private int size;
    private int tombstones;

    // The pool: every slot ever made, by index (handles name it), and a free list.
    private Slot[] slots;
    private int slotsUsed;
    private Slot free;

    private long seq;
    private long now;
    private long eventsProcessed;
    private long eventLimit = Long.MAX_VALUE;
    private boolean stopRequested;
    private int foreground;
    private Runnable quiescenceListener;

    public Engine() {
        this(1024);
    }

    /** An engine whose arrays start sized for {@code initialCapacity} pending events. */
    public Engine(int initialCapacity) {
        super("engine");
        int c = Math.max(16, initialCapacity);
        heapTime = new long[c];
        heapSlot = new Slot[c];
        slots = new Slot[c];
    }

    /** Current simulated time in ps. */
    public long now() { return now; }

    /** Number of events run so far (cancelled events never count). */
    public long eventsProcessed() { return eventsProcessed; }

    /** Number of events waiting, daemon events included. */
    public int pending() { return size - tombstones; }

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
        return insert(now + delay, 0, h, type, payload, null, (byte) 0);
    }

    public long scheduleAfter(long delay, int priority, EventHandler h, int type, long payload, Object attachment) {
        return insert(now + delay, priority, h, type, payload, attachment, (byte) 0);
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

    public long scheduleDaemonAfter(long delay, EventHandler h, int type, long payload) {
        return insert(now + delay, 0, h, type, payload, null, DAEMON);
    }

    private long insert(long time, int priority, EventHandler h, int type, long payload, Object attachment, byte f) {
        if (time < now) {
            throw new IllegalStateException("invariant: event scheduled in the past (" + time + " < now " + now + ")");
        }
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (h == null) throw new IllegalArgumentException("null event handler");
        Slot s = free;
        if (s != null) free = s.next;
        else s = newSlot();
        long o = ((long) (priority - MIN_PRIORITY) << SEQ_BITS) | (seq++ & SEQ_MASK);
        s.order = o;
        s.handler = h;
        s.type = type;
        s.payload = payload;
        s.attachment = attachment;
        s.flags = f;
        if (f == 0) foreground++;
        if (size == heapTime.length) growHeap();
        siftUp(size++, time, o, s);
        return ((long) s.generation << 32) | s.index;
    }

    /** Remove a pending event. Returns false if it already ran or was cancelled. */
    public boolean cancel(long handle) {
        Slot s = live(handle);
        if (s == null) return false;
        s.generation = nextGeneration(s.generation);
        if (s.flags == 0) foreground--;
        s.flags |= CANCELLED;
        s.handler = null;
        s.attachment = null;
        tombstones++;
        if (tombstones > COMPACT_MIN && tombstones > size - tombstones) compact();
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
        dropTopTombstones();
        return size == 0 ? Time.NEVER : heapTime[0];
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
        while (true) {
            if (tombstones > 0) dropTopTombstones();
            if (size == 0) return RunOutcome.DRAINED;
            if (eventsProcessed >= eventLimit) return RunOutcome.EVENT_LIMIT;
            long t = heapTime[0];
            if (t > endTime) {
                now = endTime;
                return RunOutcome.TIME_LIMIT;
            }
            Slot s = heapSlot[0];
            removeTop();
            now = t;
            EventHandler h = s.handler;
            Object a = s.attachment;
            if (s.flags == 0) foreground--;
            s.handler = null;
            s.attachment = null;
            s.generation = nextGeneration(s.generation);
            s.next = free;
            free = s;
            eventsProcessed++;
            if (hooked) invokeHook(HOOK_BEFORE_EVENT, h, a);
            h.handleEvent(s.type, s.payload, a);
            if (foreground == 0 && quiescenceListener != null) quiescenceListener.run();
            if (stopRequested) {
                stopRequested = false;
                return RunOutcome.STOPPED;
            }
        }
    }

    private void removeTop() {
        int n = --size;
        Slot last = heapSlot[n];
        heapSlot[n] = null;
        if (n > 0) siftDown(0, heapTime[n], last);
    }

    private void dropTopTombstones() {
        while (size > 0) {
            Slot s = heapSlot[0];
            if ((s.flags & CANCELLED) == 0) return;
            removeTop();
            tombstones--;
            s.next = free;
            free = s;
        }
    }

    /** Drop every tombstone and rebuild the heap (Floyd), so cancel stays amortised O(log n). */
    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            Slot s = heapSlot[i];
            heapSlot[i] = null;
            if ((s.flags & CANCELLED) != 0) {
                s.next = free;
                free = s;
            } else {
                heapTime[n] = heapTime[i];
                heapSlot[n] = s;
                n++;
            }
        }
        size = n;
        tombstones = 0;
        for (int i = (n - 2) >> 2; i >= 0; i--) siftDown(i, heapTime[i], heapSlot[i]);
    }

    private static int nextGeneration(int g) {
        return g == -1 ? 1 : g + 1;
    }

    private void siftUp(int i, long t, long o, Slot s) {
        final long[] ht = heapTime;
        final Slot[] hs = heapSlot;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = ht[parent];
            if (t > pt || (t == pt && o > hs[parent].order)) break;
            ht[i] = pt;
            hs[i] = hs[parent];
            i = parent;
        }
        ht[i] = t;
        hs[i] = s;
    }

    private void siftDown(int i, long t, Slot s) {
        final long[] ht = heapTime;
        final Slot[] hs = heapSlot;
        final int n = size;
        while (true) {
            int c = (i << 2) + 1;
            if (c >= n) break;
            int best = c;
            long bt = ht[c];
            int end = Math.min(c + 4, n);
            for (int k = c + 1; k < end; k++) {
                long kt = ht[k];
                if (kt < bt || (kt == bt && hs[k].order < hs[best].order)) {
                    best = k;
                    bt = kt;
                }
            }
            if (t < bt || (t == bt && s.order < hs[best].order)) break;
            ht[i] = bt;
            hs[i] = hs[best];
            i = best;
        }
        ht[i] = t;
        hs[i] = s;
    }

    private Slot newSlot() {
        if (slotsUsed == slots.length) slots = Arrays.copyOf(slots, slotsUsed * 2);
        Slot s = new Slot(slotsUsed);
        slots[slotsUsed++] = s;
        return s;
    }

    private void growHeap() {
        int c = heapTime.length * 2;
        heapTime = Arrays.copyOf(heapTime, c);
        heapSlot = Arrays.copyOf(heapSlot, c);
    }
}
