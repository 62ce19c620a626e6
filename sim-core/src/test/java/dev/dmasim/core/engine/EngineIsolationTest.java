package dev.dmasim.core.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Two engines in two threads of one JVM give exactly what each gives alone. */
class EngineIsolationTest {
    private static final int EVENTS = 200_000;

    /**
     * A busy simulation whose fingerprint depends on everything the engine decides: tie order
     * (many equal times, mixed priorities), handles (slots and generations), cancellations,
     * daemon events and the clock.
     */
    static long simulate(long seed, CyclicBarrier start) throws Exception {
        Engine e = new Engine(8);
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] fingerprint = {seed};
        long[] handles = new long[64];
        EventHandler h = new EventHandler() {
            @Override
            public void handleEvent(int type, long payload, Object attachment) {
                fingerprint[0] = fingerprint[0] * 31 + e.now() * 7 + type * 13L + payload;
                int n = rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    long delay = rnd.nextInt(4) * 250L;
                    int prio = rnd.nextInt(5) - 2;
                    long handle = rnd.nextInt(8) == 0
                            ? e.scheduleDaemon(e.now() + delay, prio, this, type + 1, rnd.nextInt(1000), null)
                            : e.schedule(e.now() + delay, prio, this, type + 1, rnd.nextInt(1000), null);
                    fingerprint[0] = fingerprint[0] * 31 + handle;
                    handles[rnd.nextInt(handles.length)] = handle;
                }
                if (rnd.nextInt(4) == 0) {
                    boolean cancelled = e.cancel(handles[rnd.nextInt(handles.length)]);
                    fingerprint[0] = fingerprint[0] * 31 + (cancelled ? 1 : 2);
                }
                if (e.pendingForeground() == 0) e.schedule(e.now() + 1000, this, 0, 0);
            }
        };
        for (int i = 0; i < 100; i++) e.schedule(rnd.nextInt(5) * 250L, rnd.nextInt(3), h, 0, i, null);
        e.setEventLimit(EVENTS);
        if (start != null) start.await(10, TimeUnit.SECONDS);
        assertEquals(RunOutcome.EVENT_LIMIT, e.run());
        return fingerprint[0] ^ e.now() ^ (long) e.pending() << 40 ^ e.eventsProcessed();
    }

    @Test
    void twoEnginesInTwoThreadsMatchTheirSoloRuns() throws Exception {
        long soloA = simulate(1, null);
        long soloB = simulate(2, null);
        assertNotEquals(soloA, soloB);
        assertEquals(soloA, simulate(1, null), "a solo run is not even reproducible");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Long> a = pool.submit(() -> simulate(1, start));
                Future<Long> b = pool.submit(() -> simulate(2, start));
                assertEquals(soloA, a.get(60, TimeUnit.SECONDS), "engine A disturbed by engine B");
                assertEquals(soloB, b.get(60, TimeUnit.SECONDS), "engine B disturbed by engine A");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
