package dev.dmasim.core.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Engine#advanceTo}: the clock moves inside a handler only when no event could tell. */
class EngineAdvanceTest {
    /** A handler whose body gets itself, so that it can name itself to advanceTo. */
    static EventHandler self(BiConsumer<EventHandler, Long> body) {
        return new EventHandler() {
            @Override public void handleEvent(int type, long payload, Object attachment) { body.accept(this, payload); }
        };
    }

    @Test
    void advancesUpToJustBeforeTheNextPendingEvent() {
        Engine e = new Engine();
        List<String> seen = new ArrayList<>();
        e.schedule(100, (ty, p, a) -> seen.add("other@" + e.now()), 0, 0);
        e.schedule(10, self((me, p) -> {
            assertTrue(e.advanceTo(60, me));
            assertEquals(60, e.now());
            assertTrue(e.advanceTo(99, me));
            assertFalse(e.advanceTo(100, me), "an event is pending at 100");
            assertFalse(e.advanceTo(150, me));
            assertEquals(99, e.now());
            e.schedule(e.now(), (t2, p2, a2) -> seen.add("late@" + e.now()), 0, 0);
            assertFalse(e.advanceTo(99, me), "an event is pending at now");
            seen.add("handler@" + e.now());
        }), 0, 0);
        e.run();
        assertEquals(List.of("handler@99", "late@99", "other@100"), seen);
        assertEquals(3, e.eventsProcessed(), "advancing is not an event");
    }

    @Test
    void onlyTheRunningEventsHandlerMayAdvance() {
        Engine e = new Engine();
        EventHandler callee = (ty, p, a) -> {};
        boolean[] r = new boolean[2];
        e.schedule(10, self((me, p) -> {
            r[0] = e.advanceTo(20, callee); // e.g. a component called back from inside this handler
            r[1] = e.advanceTo(20, me);
        }), 0, 0);
        e.run();
        assertFalse(r[0]);
        assertTrue(r[1]);
        assertFalse(e.advanceTo(30, callee), "no event is running");
    }

    @Test
    void refusesPastTheRunsEndAfterStopAndAtTheEventLimit() {
        Engine e = new Engine();
        boolean[] r = new boolean[4];
        e.schedule(10, self((me, p) -> {
            r[0] = e.advanceTo(50, me);
            r[1] = e.advanceTo(51, me);
        }), 0, 0);
        e.schedule(200, self((me, p) -> {
            e.stop();
            r[2] = e.advanceTo(300, me);
        }), 0, 0);
        e.runUntil(50);
        assertTrue(r[0]);
        assertFalse(r[1], "beyond runUntil's end");
        assertEquals(50, e.now());
        e.run();
        assertFalse(r[2], "stop requested");
        assertEquals(200, e.now());

        Engine limited = new Engine();
        limited.setEventLimit(1);
        limited.schedule(10, self((me, p) -> r[3] = limited.advanceTo(20, me)), 0, 0);
        limited.run();
        assertFalse(r[3], "the event limit is reached");
        assertEquals(10, limited.now());
    }

    @Test
    void advancingIntoThePastIsAnInvariantViolation() {
        Engine e = new Engine();
        e.schedule(10, self((me, p) -> e.advanceTo(5, me)), 0, 0);
        assertThrows(IllegalStateException.class, e::run);
    }

    /** A run inside a handler gives the outer run its end time and its running handler back. */
    @Test
    void aNestedRunRestoresTheOuterRunsBounds() {
        Engine e = new Engine();
        boolean[] r = new boolean[2];
        e.schedule(5, self((me, p) -> {
            e.schedule(6, (t2, p2, a2) -> {}, 0, 0);
            e.runUntil(6);                       // inner run: ends at 6
            r[0] = e.advanceTo(100, me);         // the outer run() has no end: allowed
        }), 0, 0);
        e.run();
        assertTrue(r[0]);

        Engine f = new Engine();
        f.schedule(5, self((me, p) -> {
            f.schedule(7, (t2, p2, a2) -> {}, 0, 0);
            f.runUntil(1_000);                   // inner run with a later end
            r[1] = f.advanceTo(500, me);         // but the outer runUntil(20) ends at 20
        }), 0, 0);
        assertEquals(dev.dmasim.core.engine.RunOutcome.DRAINED, f.runUntil(20));
        assertFalse(r[1]);
        assertEquals(7, f.now());
    }
}
