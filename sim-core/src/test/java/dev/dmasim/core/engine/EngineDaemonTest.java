package dev.dmasim.core.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Daemon events (free-running devices) and the quiescence listener. */
class EngineDaemonTest {
    /** A camera that ticks every {@code period} ps forever, as daemon events. */
    static final class Camera implements EventHandler {
        final Engine engine;
        final long period;
        final List<Long> ticks = new ArrayList<>();

        Camera(Engine engine, long period) {
            this.engine = engine;
            this.period = period;
        }

        @Override
        public void handleEvent(int type, long payload, Object attachment) {
            ticks.add(engine.now());
            engine.scheduleDaemonAfter(period, this, 0, 0);
        }
    }

    @Test
    void aFreeRunningCameraDoesNotKeepTheRunAlive() {
        Engine e = new Engine();
        Camera cam = new Camera(e, 10);
        e.scheduleDaemon(0, 0, cam, 0, 0, null);
        List<Long> quiet = new ArrayList<>();
        e.setQuiescenceListener(() -> {
            quiet.add(e.now());
            e.stop();
        });
        EventHandler job = (type, payload, a) -> {
            if (type == 1) e.scheduleAfter(50, (t, p, x) -> {}, 2, 0);
        };
        e.schedule(100, job, 1, 0);
        assertEquals(1, e.pendingForeground());
        assertEquals(2, e.pending());
        assertEquals(RunOutcome.STOPPED, e.run());
        assertEquals(150, e.now());
        assertEquals(List.of(150L), quiet);
        // the tick at 150 was scheduled (at 140) after the job's event (at 100): it has not run
        assertEquals(15, cam.ticks.size());
        assertEquals(140L, cam.ticks.get(14));
        assertEquals(0, e.pendingForeground());
        assertEquals(1, e.pending());
    }

    @Test
    void withoutAListenerTheCameraRunsOnUntilTheTimeLimit() {
        Engine e = new Engine();
        Camera cam = new Camera(e, 10);
        e.scheduleDaemon(0, 0, cam, 0, 0, null);
        e.schedule(100, (t, p, a) -> {}, 0, 0);
        assertEquals(RunOutcome.TIME_LIMIT, e.runUntil(1000));
        assertEquals(101, cam.ticks.size());
        assertEquals(1000, e.now());
    }

    @Test
    void cancellationKeepsTheForegroundCountExact() {
        Engine e = new Engine();
        EventHandler nop = (t, p, a) -> {};
        long f1 = e.schedule(10, nop, 0, 0);
        long f2 = e.schedule(20, 3, nop, 0, 0, null);
        long d1 = e.scheduleDaemon(15, 0, nop, 0, 0, null);
        long d2 = e.scheduleDaemonAfter(25, nop, 0, 0);
        assertEquals(2, e.pendingForeground());
        assertEquals(4, e.pending());
        assertTrue(e.cancel(d1));
        assertEquals(2, e.pendingForeground());
        assertEquals(3, e.pending());
        assertFalse(e.cancel(d1));
        assertTrue(e.cancel(f2));
        assertFalse(e.cancel(f2));
        assertEquals(1, e.pendingForeground());
        assertEquals(2, e.pending());
        assertFalse(e.cancel(Engine.NO_EVENT));
        assertFalse(e.cancel(-1));
        e.runUntil(10);
        assertFalse(e.isPending(f1));
        assertFalse(e.cancel(f1)); // already ran
        assertEquals(0, e.pendingForeground());
        assertEquals(1, e.pending());
        assertTrue(e.isPending(d2));
    }

    @Test
    void listenerRunsRightAfterTheEventThatCancelsTheLastForegroundEvent() {
        Engine e = new Engine();
        Camera cam = new Camera(e, 7);
        e.scheduleDaemon(0, 0, cam, 0, 0, null);
        long timeout = e.schedule(1_000_000, (t, p, a) -> fail("the timeout was cancelled"), 0, 0);
        e.schedule(30, (t, p, a) -> assertTrue(e.cancel(timeout)), 0, 0);
        List<Long> quiet = new ArrayList<>();
        e.setQuiescenceListener(() -> {
            quiet.add(e.now());
            e.stop();
        });
        assertEquals(RunOutcome.STOPPED, e.run());
        assertEquals(List.of(30L), quiet);
        assertEquals(30, e.now());
        assertEquals(5, cam.ticks.size()); // 0, 7, 14, 21, 28
    }

    @Test
    void listenerRunsWhenTheQueueEmptiesAndNeverWhileForegroundEventsWait() {
        Engine e = new Engine();
        int[] calls = {0};
        long[] pendingAtCall = {-1};
        e.setQuiescenceListener(() -> {
            calls[0]++;
            pendingAtCall[0] = e.pending();
        });
        EventHandler nop = (t, p, a) -> {};
        for (int i = 1; i <= 5; i++) e.schedule(i * 10L, nop, 0, 0);
        assertEquals(RunOutcome.DRAINED, e.run());
        assertEquals(1, calls[0]);
        assertEquals(0, pendingAtCall[0]);
        assertEquals(50, e.now());
    }

    @Test
    void withOnlyDaemonEventsTheListenerIsToldAfterEachOfThem() {
        Engine e = new Engine();
        Camera cam = new Camera(e, 5);
        e.scheduleDaemon(0, 0, cam, 0, 0, null);
        int[] calls = {0};
        e.setQuiescenceListener(() -> {
            if (++calls[0] == 3) e.stop();
        });
        assertEquals(RunOutcome.STOPPED, e.run());
        assertEquals(List.of(0L, 5L, 10L), cam.ticks);
        e.setQuiescenceListener(null);
        assertEquals(RunOutcome.TIME_LIMIT, e.runUntil(22));
        assertEquals(5, cam.ticks.size());
    }

    @Test
    void theListenerMayScheduleMoreWork() {
        Engine e = new Engine();
        List<Long> ran = new ArrayList<>();
        EventHandler work = (t, p, a) -> ran.add(e.now());
        e.schedule(5, work, 0, 0);
        int[] rounds = {0};
        e.setQuiescenceListener(() -> {
            if (rounds[0]++ < 2) e.scheduleAfter(100, work, 0, 0);
        });
        assertEquals(RunOutcome.DRAINED, e.run());
        assertEquals(List.of(5L, 105L, 205L), ran);
        assertEquals(3, rounds[0]);
    }
}
