package dev.dmasim.core.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Engine#advanceTo}: the clock moves inside a handler only when no event could tell. */
class EngineAdvanceTest {
    @Test
    void advancesUpToJustBeforeTheNextPendingEvent() {
        Engine e = new Engine();
        List<String> seen = new ArrayList<>();
        EventHandler other = (ty, p, a) -> seen.add("other@" + e.now());
        e.schedule(100, other, 0, 0);
        e.schedule(10, (ty, p, a) -> {
            assertTrue(e.advanceTo(60));
            assertEquals(60, e.now());
            assertTrue(e.advanceTo(99));
            assertFalse(e.advanceTo(100), "an event is pending at 100");
            assertFalse(e.advanceTo(150));
            assertEquals(99, e.now());
            e.schedule(e.now(), (t2, p2, a2) -> seen.add("late@" + e.now()), 0, 0);
            assertFalse(e.advanceTo(99), "an event is pending at now");
            seen.add("handler@" + e.now());
        }, 0, 0);
        e.run();
        assertEquals(List.of("handler@99", "late@99", "other@100"), seen);
        assertEquals(2 + 1, e.eventsProcessed());
    }

    @Test
    void refusesOutsideAHandlerPastTheRunsEndAndAfterStop() {
        Engine e = new Engine();
        assertFalse(e.advanceTo(5), "not inside a handler");
        boolean[] r = new boolean[3];
        e.schedule(10, (ty, p, a) -> {
            r[0] = e.advanceTo(50);
            r[1] = e.advanceTo(51);
        }, 0, 0);
        e.schedule(200, (ty, p, a) -> {
            e.stop();
            r[2] = e.advanceTo(300);
        }, 0, 0);
        e.runUntil(50);
        assertTrue(r[0]);
        assertFalse(r[1], "beyond runUntil's end");
        assertEquals(50, e.now());
        e.run();
        assertFalse(r[2], "stop requested");
        assertEquals(200, e.now());
        assertThrows(IllegalStateException.class, () -> {
            Engine x = new Engine();
            x.schedule(10, (ty, p, a) -> x.advanceTo(5), 0, 0);
            x.run();
        });
    }

    @Test
    void refusesOnceTheEventLimitIsReached() {
        Engine e = new Engine();
        boolean[] r = new boolean[1];
        e.setEventLimit(1);
        e.schedule(10, (ty, p, a) -> r[0] = e.advanceTo(20), 0, 0);
        e.run();
        assertFalse(r[0]);
        assertEquals(10, e.now());
    }
}
