package dev.dmasim.core.engine;

import dev.dmasim.core.time.Time;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine against a reference: a TreeSet of records ordered by (time, priority, sequence).
 * Random schedules with many ties and priorities over the whole range, events that schedule and
 * cancel further events while running, stale cancellations, daemon events, runUntil in chunks
 * and event limits. Every step is checked in lockstep with the reference.
 */
class EngineOrderProperties {
    private static final int[] PRIORITY_CHOICES = {
            Engine.MIN_PRIORITY, Engine.MIN_PRIORITY + 1, -1000, -1, 0, 0, 0, 1, 7, 1000,
            Engine.MAX_PRIORITY - 1, Engine.MAX_PRIORITY};

    /** One scheduled event as the reference sees it. */
    record Ev(long time, int priority, long seq, int id, boolean daemon) {}

    private static final Comparator<Ev> ORDER = Comparator.comparingLong(Ev::time)
            .thenComparingInt(Ev::priority).thenComparingLong(Ev::seq);

    /** Drives one engine and the reference with the same random decisions. */
    static final class Harness implements EventHandler {
        final Engine engine = new Engine(4); // small, so the arrays grow during the run
        final SplittableRandom rnd;
        final long timeSpread;
        final TreeSet<Ev> reference = new TreeSet<>(ORDER);
        final List<Ev> byId = new ArrayList<>();
        final List<Long> handles = new ArrayList<>();
        long seq;
        int runs;
        int quiescenceCalls;
        int expectedQuiescenceCalls;
        int budget; // events that may still be scheduled from handlers
        int extraCancels; // cancellations tried by every event besides the random actions

        Harness(long seed, long timeSpread, int budget) {
            this.rnd = new SplittableRandom(seed);
            this.timeSpread = timeSpread;
            this.budget = budget;
            engine.setQuiescenceListener(() -> {
                quiescenceCalls++;
                assertEquals(0, engine.pendingForeground(), "listener called with foreground events pending");
            });
        }

        int priority() {
            return rnd.nextInt(4) == 0 ? rnd.nextInt(Engine.MIN_PRIORITY, Engine.MAX_PRIORITY + 1)
                    : PRIORITY_CHOICES[rnd.nextInt(PRIORITY_CHOICES.length)];
        }

        void scheduleOne(long base) {
            long time = base + (rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(timeSpread + 1));
            int prio = priority();
            boolean daemon = rnd.nextInt(5) == 0;
            int id = byId.size();
            Ev ev = new Ev(time, prio, seq++, id, daemon);
            long h;
            if (daemon) {
                h = rnd.nextBoolean() && prio == 0 && time >= engine.now()
                        ? engine.scheduleDaemonAfter(time - engine.now(), this, id, ~id)
                        : engine.scheduleDaemon(time, prio, this, id, ~id, ev);
            } else {
                h = rnd.nextBoolean() && prio == 0
                        ? engine.schedule(time, this, id, ~id)
                        : engine.schedule(time, prio, this, id, ~id, ev);
            }
            assertNotEquals(Engine.NO_EVENT, h);
            byId.add(ev);
            handles.add(h);
            reference.add(ev);
        }

        /** Cancel a random handle, often one that already ran or was cancelled. */
        void cancelOne() {
            if (handles.isEmpty()) return;
            int id = rnd.nextInt(handles.size());
            boolean expected = reference.remove(byId.get(id));
            assertEquals(expected, engine.cancel(handles.get(id)), "cancel of event " + id);
            assertFalse(engine.isPending(handles.get(id)));
            assertFalse(engine.cancel(handles.get(id)), "second cancel of event " + id);
        }

        void checkState() {
            assertEquals(reference.size(), engine.pending(), "pending");
            long fg = reference.stream().filter(e -> !e.daemon()).count();
            assertEquals(fg, engine.pendingForeground(), "pendingForeground");
            if (!handles.isEmpty()) {
                int id = rnd.nextInt(handles.size());
                assertEquals(reference.contains(byId.get(id)), engine.isPending(handles.get(id)), "isPending " + id);
            }
        }

        @Override
        public void handleEvent(int type, long payload, Object attachment) {
            Ev expected = reference.pollFirst();
            assertNotNull(expected, "engine ran an event the reference does not have");
            assertEquals(expected.id(), type, "event order");
            assertEquals(~expected.id(), payload);
            assertEquals(expected.time(), engine.now());
            assertTrue(attachment == null || attachment == expected);
            runs++;
            for (int i = 0; i < extraCancels; i++) cancelOne();
            int actions = rnd.nextInt(4);
            for (int i = 0; i < actions; i++) {
                int what = rnd.nextInt(10);
                if (what < 5 && budget > 0) {
                    budget--;
                    scheduleOne(engine.now());
                } else if (what < 8) {
                    cancelOne();
                } else {
                    assertEquals(reference.isEmpty() ? Time.NEVER : reference.first().time(), engine.peekTime());
                }
            }
            checkState();
            if (reference.stream().noneMatch(e -> !e.daemon())) expectedQuiescenceCalls++;
        }
    }

    @Property(tries = 300)
    void eventsComeOutInTimePrioritySequenceOrder(@ForAll long seed,
                                                 @ForAll @IntRange(min = 0, max = 200) int initial,
                                                 @ForAll @LongRange(min = 0, max = 50) long timeSpread) {
        Harness hx = new Harness(seed, timeSpread, 400);
        for (int i = 0; i < initial; i++) hx.scheduleOne(0);
        for (int i = 0; i < initial / 10; i++) hx.cancelOne();
        hx.checkState();
        // Chunks of runUntil, with an event limit now and then, and cancellations between them.
        long end = 0;
        while (true) {
            end += hx.rnd.nextLong(3 * timeSpread + 2);
            long before = hx.engine.eventsProcessed();
            boolean limited = hx.rnd.nextInt(4) == 0;
            long limit = before + hx.rnd.nextInt(5);
            hx.engine.setEventLimit(limited ? limit : Long.MAX_VALUE);
            RunOutcome out = hx.engine.runUntil(end);
            assertEquals(hx.runs, hx.engine.eventsProcessed());
            hx.checkState();
            if (out == RunOutcome.DRAINED) {
                assertTrue(hx.reference.isEmpty());
                assertEquals(Time.NEVER, hx.engine.peekTime());
                break;
            }
            if (out == RunOutcome.EVENT_LIMIT) {
                assertTrue(limited);
                assertEquals(limit, hx.engine.eventsProcessed());
                assertTrue(hx.engine.now() <= end, "clock moved past the end");
            } else {
                assertEquals(RunOutcome.TIME_LIMIT, out);
                assertEquals(end, hx.engine.now());
                assertTrue(hx.reference.first().time() > end);
                assertTrue(!limited || hx.engine.eventsProcessed() < limit);
            }
            assertEquals(hx.reference.first().time(), hx.engine.peekTime());
            if (hx.rnd.nextBoolean()) hx.cancelOne();
            if (hx.rnd.nextInt(3) == 0 && hx.budget > 0) {
                hx.budget--;
                hx.scheduleOne(hx.engine.now());
            }
            hx.checkState();
        }
        assertEquals(hx.expectedQuiescenceCalls, hx.quiescenceCalls);
        assertEquals(0, hx.engine.pending());
        assertEquals(0, hx.engine.pendingForeground());
    }

    @Property(tries = 50)
    void massCancellationKeepsOrderAndCounts(@ForAll long seed, @ForAll @IntRange(min = 1000, max = 3000) int n) {
        massCancellation(seed, n);
    }

    /**
     * A rebuild while a batch of equal-time events is open does happen (most seeds cause one,
     * not all: the property above once drew seed -2 with 1023 events, which rebuilt only before
     * the run), here with a seed that does.
     */
    @Example
    void massCancellationRebuildsDuringTheRun() {
        Engine e = massCancellation(1, 2000);
        assertTrue(e.compactions() >= 2);
    }

    /** Returns the engine, after checking every count and a rebuild before the run. */
    private static Engine massCancellation(long seed, int n) {
        // Enough cancellations to rebuild the queue before the run and, with most events at
        // time 0, usually again while a batch of equal-time events is open.
        Harness hx = new Harness(seed, 1, n / 4);
        hx.extraCancels = 3;
        for (int i = 0; i < n; i++) hx.scheduleOne(0);
        for (int i = 0; i < n; i++) hx.cancelOne();
        hx.checkState();
        int before = hx.engine.compactions();
        assertTrue(before >= 1, "no rebuild before the run");
        assertEquals(RunOutcome.DRAINED, hx.engine.run());
        assertTrue(hx.reference.isEmpty());
        assertEquals(hx.runs, hx.engine.eventsProcessed());
        assertEquals(hx.expectedQuiescenceCalls, hx.quiescenceCalls);
        return hx.engine;
    }
}
