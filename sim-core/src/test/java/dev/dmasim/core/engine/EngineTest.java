package dev.dmasim.core.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EngineTest {
    @Test
    void eventsRunInTimePrioritySequenceOrder() {
        Engine e = new Engine(4);
        List<String> seen = new ArrayList<>();
        EventHandler h = (type, payload, att) -> seen.add(type + "@" + payload);
        e.schedule(100, 0, h, 1, 100, null);
        e.schedule(50, 5, h, 2, 50, null);
        e.schedule(50, -5, h, 3, 50, null);
        e.schedule(50, 5, h, 4, 50, null);
        long c = e.schedule(70, 0, h, 5, 70, null);
        assertTrue(e.cancel(c));
        assertFalse(e.cancel(c));
        assertEquals(RunOutcome.DRAINED, e.run());
        assertEquals(List.of("3@50", "2@50", "4@50", "1@100"), seen);
        assertEquals(100, e.now());
        assertEquals(4, e.eventsProcessed());
    }

    @Test
    void runUntilStopsAtTheEndTimeAndEventLimitHolds() {
        Engine e = new Engine();
        int[] count = {0};
        EventHandler tick = new EventHandler() {
            @Override public void handleEvent(int type, long payload, Object a) {
                count[0]++;
                e.scheduleAfter(10, this, 0, 0);
            }
        };
        e.schedule(0, tick, 0, 0);
        assertEquals(RunOutcome.TIME_LIMIT, e.runUntil(95));
        assertEquals(10, count[0]);
        assertEquals(95, e.now());
        e.setEventLimit(15);
        assertEquals(RunOutcome.EVENT_LIMIT, e.run());
        assertEquals(15, count[0]);
    }

    @Test
    void theBeforeEventHookSeesEveryEventWithItsHandlerAndAttachment() {
        Engine e = new Engine();
        EventHandler h = (t, p, a) -> {};
        List<Object> seen = new ArrayList<>();
        e.schedule(5, 0, h, 0, 0, "first");
        e.acceptHook((src, pos, item, detail) -> {
            assertSame(e, src);
            assertSame(Engine.HOOK_BEFORE_EVENT, pos);
            assertSame(h, item);
            seen.add(detail);
        });
        e.schedule(7, 0, h, 0, 0, "second");
        e.scheduleDaemon(6, h, 0, 0);
        assertEquals(RunOutcome.DRAINED, e.run());
        assertEquals(java.util.Arrays.asList("first", null, "second"), seen);
    }

    @Test
    void runUntilBeforeNowIsRefusedAndPrioritiesAreChecked() {
        Engine e = new Engine();
        e.schedule(10, (t, p, a) -> {}, 0, 0);
        e.run();
        assertThrows(IllegalArgumentException.class, () -> e.runUntil(9));
        assertThrows(IllegalArgumentException.class, () -> e.schedule(20, Engine.MAX_PRIORITY + 1, (t, p, a) -> {}, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> e.schedule(20, Engine.MIN_PRIORITY - 1, (t, p, a) -> {}, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> e.schedule(20, null, 0, 0));
        assertEquals(0, e.pending());
    }

    @Test
    void schedulingInThePastFailsFast() {
        Engine e = new Engine();
        e.schedule(10, (t, p, a) -> {}, 0, 0);
        e.run();
        assertThrows(IllegalStateException.class, () -> e.schedule(5, (t, p, a) -> {}, 0, 0));
    }
}
