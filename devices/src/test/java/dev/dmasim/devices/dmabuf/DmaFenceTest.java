package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.engine.Engine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

class DmaFenceTest {
    private final Engine engine = new Engine();
    private final FakeHappensBefore hb = new FakeHappensBefore();
    private final DmaFences fences = new DmaFences(engine, hb);

    @Test
    void signalIsOneShotAndRunsCallbacksInOrder() {
        DmaFence f = fences.user("ready");
        assertEquals("user fence ready", f.description());
        assertEquals(FenceSignaller.ANY_THREAD, f.signaller());
        List<String> seen = new ArrayList<>();
        f.addCallback(x -> seen.add("a"));
        Consumer<DmaFence> b = x -> seen.add("b");
        f.addCallback(b);
        f.addCallback(x -> seen.add("c"));
        assertTrue(f.removeCallback(b));
        assertEquals(0, f.status());
        Object clock = hb.release(0);
        assertTrue(f.signal(5_000, clock));
        assertEquals(List.of("a", "c"), seen);
        assertFalse(f.signal(9_000, hb.release(1)), "second signal: -EINVAL, no effect");
        assertEquals(5_000, f.signalTimePs());
        assertSame(clock, f.clock());
        assertEquals(1, f.status());
        assertFalse(f.addCallback(x -> seen.add("late")), "-ENOENT on a signalled fence");
        f.whenSignalled(x -> seen.add("now"));
        assertEquals(List.of("a", "c", "now"), seen);
    }

    @Test
    void errorIsSetBeforeTheSignal() {
        DmaFence f = fences.job(new Party(20, 3, "gpu0 job 3"));
        f.setError("-EIO");
        assertEquals(0, f.status(), "not signalled yet");
        f.signal(1, null);
        assertEquals(-1, f.status());
        assertEquals("-EIO", f.error());
        DmaFence g = fences.user("x");
        g.signal(1, null);
        assertThrows(IllegalStateException.class, () -> g.setError("-EIO"));
        assertNull(g.error());
    }

    @Test
    void mergeSignalsWhenAllHaveWithJoinedClockAndFirstError() {
        DmaFence a = fences.user("a"), b = fences.user("b"), c = fences.user("c");
        DmaFence m = fences.merge(List.of(a, b, c));
        assertTrue(m.isMerged());
        assertEquals("merge(user fence a, user fence b, user fence c)", m.description());
        Object ca = hb.release(0), cb = hb.release(1), cc = hb.release(2);
        c.setError("-ETIME");
        c.signal(10, cc);
        b.setError("-EIO");
        b.signal(20, cb);
        assertFalse(m.isSignalled());
        assertEquals(List.of(FenceSignaller.ANY_THREAD), m.pendingSignallers());
        engine.schedule(30, (t, p, x) -> a.signal(30, ca), 0, 0);
        engine.run();
        assertTrue(m.isSignalled());
        assertEquals(30, m.signalTimePs());
        assertEquals("-ETIME", m.error(), "the first error to arrive");
        hb.acquire(5, m.clock());
        assertTrue(hb.knows(5, ca) && hb.knows(5, cb) && hb.knows(5, cc));
    }

    @Test
    void mergeFlattensAndMergeOfOneIsTheFence() {
        DmaFence a = fences.user("a"), b = fences.user("b"), c = fences.user("c");
        DmaFence ab = fences.merge(List.of(a, b));
        DmaFence abc = fences.merge(List.of(ab, c, a));
        assertEquals(List.of(a, b, c), abc.components());
        assertSame(a, fences.merge(List.of(a)));
        assertSame(a, fences.merge(List.of(a, a)));
    }

    @Test
    void mergeOfSignalledFencesIsSignalledAtOnce() {
        DmaFence a = fences.user("a");
        a.signal(0, hb.release(0));
        DmaFence m = fences.merge(List.of(a, fences.stub()));
        assertTrue(m.isSignalled());
        assertEquals(1, m.status());
    }

    @Test
    void stubIsSignalledAndCarriesNoClock() {
        DmaFence s = fences.stub();
        assertTrue(s.isStub());
        assertTrue(s.isSignalled());
        assertEquals(1, s.status());
        assertNull(s.clock());
        assertSame(s, fences.syncFile(List.of(), null, "x"));
        DmaFence withClock = fences.syncFile(List.of(), hb.release(0), "x");
        assertTrue(withClock.isStub() && withClock.isSignalled());
        assertNotNull(withClock.clock());
    }

    @Test
    void describeWaitNamesTheSignaller() {
        Party job = new Party(10, 1, "dma0 job 1");
        assertEquals("dma0 job 1", fences.job(job).describeWait());
        assertEquals("user fence ready (signalled by any thread)", fences.user("ready").describeWait());
        DmaFence rel = fences.agent("disp0 release of fb0", Party.agent(30, "disp0"));
        assertEquals("disp0 release of fb0 (signalled by disp0)", rel.describeWait());
    }
}
