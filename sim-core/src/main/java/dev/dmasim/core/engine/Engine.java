package dev.dmasim.core.engine;

import dev.dmasim.core.hook.HookPos;
import dev.dmasim.core.hook.Hookable;
import dev.dmasim.core.time.Time;

/**
 * The discrete-event engine: simulated time in picoseconds and one event queue.
 *
 * <p>Events come out in (time, priority, insertion sequence) order; lower priority values run
 * first. The queue is a 4-ary min-heap kept in parallel primitive arrays; event records live in
 * a pool of reusable slots, so that scheduling and running an event allocate nothing once the
 * pool has grown to the peak number of pending events. A handle returned by {@link #schedule}
 * names a slot and its generation, so a stale handle never cancels a later event.
 *
 * <p>An engine holds no static state: any number run side by side in one JVM.
 */
public final class Engine extends Hookable {
    /** Hook position invoked before each event, with the handler as item (only if hooked). */
    public static final HookPos HOOK_BEFORE_EVENT = new HookPos("engine.before-event");

    public static final int MIN_PRIORITY = -32768;
    public static final int MAX_PRIORITY = 32767;
    private static final long SEQ_MASK = (1L << 47) - 1;

    // Heap, ordered by (heapTime, heapOrder); heapOrder = biased priority << 47 | sequence (never negative).
    private long[] heapTime;
    private long[] heapOrder;
    private int[] heapSlot;
    private int size;

    // Slot pool: the event records.
    private EventHandler[] handler;
    private int[] type;
    private long[] payload;
    private Object[] attachment;
    private int[] generation;
    private int[] heapPos; // -1 when the slot is free
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;

    private long seq;
    private long now;
    private long eventsProcessed;
    private long eventLimit = Long.MAX_VALUE;
    private boolean stopRequested;

    public Engine() {
        this(1024);
    }

    public Engine(int initialCapacity) {
        super("engine");
        int c = Math.max(16, initialCapacity);
        heapTime = new long[c];
        heapOrder = new long[c];
        heapSlot = new int[c];
        handler = new EventHandler[c];
        type = new int[c];
        payload = new long[c];
        attachment = new Object[c];
        generation = new int[c];
        heapPos = new int[c];
        freeSlots = new int[c];
    }

    /** Current simulated time in ps. */
    public long now() { return now; }

    /** Number of events run so far. */
    public long eventsProcessed() { return eventsProcessed; }

    /** Number of events waiting. */
    public int pending() { return size; }

    /** Stop {@link #run} after this many events in total have run. */
    public void setEventLimit(long limit) {
        if (limit < 0) throw new IllegalArgumentException("event limit must be >= 0");
        this.eventLimit = limit;
    }

    /** Ask the running {@link #run} to return after the current event. */
    public void stop() { stopRequested = true; }

    public long schedule(long time, EventHandler h, int type, long payload) {
        return schedule(time, 0, h, type, payload, null);
    }

    public long scheduleAfter(long delay, EventHandler h, int type, long payload) {
        return schedule(now + delay, 0, h, type, payload, null);
    }

    public long scheduleAfter(long delay, int priority, EventHandler h, int type, long payload, Object attachment) {
        return schedule(now + delay, priority, h, type, payload, attachment);
    }

    /**
     * Schedule {@code h.handleEvent(type, payload, attachment)} at {@code time}. Returns a handle
     * for {@link #cancel}.
     */
    public long schedule(long time, int priority, EventHandler h, int type, long payload, Object attachment) {
        if (time < now) {
            throw new IllegalStateException("invariant: event scheduled in the past (" + time + " < now " + now + ")");
        }
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (h == null) throw new IllegalArgumentException("null event handler");
        int slot = allocSlot();
        this.handler[slot] = h;
        this.type[slot] = type;
        this.payload[slot] = payload;
        this.attachment[slot] = attachment;
        long order = ((long) (priority - MIN_PRIORITY) << 47) | (seq++ & SEQ_MASK);
        if (size == heapTime.length) growHeap();
        siftUp(size++, time, order, slot);
        return ((long) generation[slot] << 32) | slot;
    }

    /** Remove a pending event. Returns false if it already ran or was cancelled. */
    public boolean cancel(long handle) {
        int slot = (int) handle;
        int gen = (int) (handle >>> 32);
        if (slot < 0 || slot >= slotsUsed || generation[slot] != gen || heapPos[slot] < 0) return false;
        int i = heapPos[slot];
        freeSlot(slot);
        size--;
        if (i != size) {
            long t = heapTime[size], o = heapOrder[size];
            int s = heapSlot[size];
            if (i > 0 && less(t, o, heapTime[(i - 1) >>> 2], heapOrder[(i - 1) >>> 2])) siftUp(i, t, o, s);
            else siftDown(i, t, o, s);
        }
        return true;
    }

    /** True if the handle names an event that has neither run nor been cancelled. */
    public boolean isPending(long handle) {
        int slot = (int) handle;
        int gen = (int) (handle >>> 32);
        return slot >= 0 && slot < slotsUsed && generation[slot] == gen && heapPos[slot] >= 0;
    }

    /** Time of the next event, or {@link Time#NEVER}. */
    public long peekTime() { return size == 0 ? Time.NEVER : heapTime[0]; }

    /** Run until the queue drains, the event limit, or {@link #stop}. */
    public RunOutcome run() { return runUntil(Time.NEVER); }

    /**
     * Run every event at or before {@code endTime}. If events remain after it, the clock is
     * advanced to {@code endTime} and {@link RunOutcome#TIME_LIMIT} is returned.
     */
    public RunOutcome runUntil(long endTime) {
        stopRequested = false;
        final boolean hooked = hooked();
        while (size > 0) {
            if (eventsProcessed >= eventLimit) return RunOutcome.EVENT_LIMIT;
            long t = heapTime[0];
            if (t > endTime) {
                now = endTime;
                return RunOutcome.TIME_LIMIT;
            }
            int slot = heapSlot[0];
            size--;
            if (size > 0) siftDown(0, heapTime[size], heapOrder[size], heapSlot[size]);
            now = t;
            EventHandler h = handler[slot];
            int ty = type[slot];
            long p = payload[slot];
            Object a = attachment[slot];
            freeSlot(slot);
            eventsProcessed++;
            if (hooked) invokeHook(HOOK_BEFORE_EVENT, h, a);
            h.handleEvent(ty, p, a);
            if (stopRequested) {
                stopRequested = false;
                return RunOutcome.STOPPED;
            }
        }
        return RunOutcome.DRAINED;
    }

    private static boolean less(long t1, long o1, long t2, long o2) {
        return t1 < t2 || (t1 == t2 && o1 < o2);
    }

    private void siftUp(int i, long t, long o, int s) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = heapTime[parent];
            if (t > pt || (t == pt && o > heapOrder[parent])) break;
            move(parent, i);
            i = parent;
        }
        place(i, t, o, s);
    }

    private void siftDown(int i, long t, long o, int s) {
        final int n = size;
        while (true) {
            int c = (i << 2) + 1;
            if (c >= n) break;
            int best = c;
            long bt = heapTime[c], bo = heapOrder[c];
            int end = Math.min(c + 4, n);
            for (int k = c + 1; k < end; k++) {
                long kt = heapTime[k];
                if (kt < bt || (kt == bt && heapOrder[k] < bo)) {
                    best = k;
                    bt = kt;
                    bo = heapOrder[k];
                }
            }
            if (t < bt || (t == bt && o < bo)) break;
            move(best, i);
            i = best;
        }
        place(i, t, o, s);
    }

    private void move(int from, int to) {
        heapTime[to] = heapTime[from];
        heapOrder[to] = heapOrder[from];
        int s = heapSlot[from];
        heapSlot[to] = s;
        heapPos[s] = to;
    }

    private void place(int i, long t, long o, int s) {
        heapTime[i] = t;
        heapOrder[i] = o;
        heapSlot[i] = s;
        heapPos[s] = i;
    }

    private int allocSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotsUsed == handler.length) growSlots();
        return slotsUsed++;
    }

    private void freeSlot(int slot) {
        heapPos[slot] = -1;
        handler[slot] = null;
        attachment[slot] = null;
        generation[slot]++;
        freeSlots[freeCount++] = slot;
    }

    private void growHeap() {
        int c = heapTime.length * 2;
        heapTime = java.util.Arrays.copyOf(heapTime, c);
        heapOrder = java.util.Arrays.copyOf(heapOrder, c);
        heapSlot = java.util.Arrays.copyOf(heapSlot, c);
    }

    private void growSlots() {
        int c = handler.length * 2;
        handler = java.util.Arrays.copyOf(handler, c);
        type = java.util.Arrays.copyOf(type, c);
        payload = java.util.Arrays.copyOf(payload, c);
        attachment = java.util.Arrays.copyOf(attachment, c);
        generation = java.util.Arrays.copyOf(generation, c);
        heapPos = java.util.Arrays.copyOf(heapPos, c);
        freeSlots = java.util.Arrays.copyOf(freeSlots, c);
    }
}
