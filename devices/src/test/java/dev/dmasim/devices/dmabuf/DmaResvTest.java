package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.engine.Engine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dmasim.devices.dmabuf.DmaResvUsage.*;
import static org.junit.jupiter.api.Assertions.*;

class DmaResvTest {
    private final FakeHappensBefore hb = new FakeHappensBefore();
    private final DmaFences fences = new DmaFences(new Engine(), hb);
    private final DmaResv resv = new DmaResv(hb);

    @Test
    void queryForAUsageReturnsItAndEveryLowerLevel() {
        DmaFence k = fences.user("k"), w = fences.user("w"), r = fences.user("r"), bk = fences.user("bk");
        resv.add(bk, BOOKKEEP);
        resv.add(r, READ);
        resv.add(w, WRITE);
        resv.add(k, KERNEL);
        assertEquals(List.of(k), resv.fences(KERNEL));
        assertEquals(List.of(w, k), resv.fences(WRITE));
        assertEquals(List.of(r, w, k), resv.fences(READ));
        assertEquals(List.of(bk, r, w, k), resv.fences(BOOKKEEP));
    }

    @Test
    void usageRwIsWhatANewAccessWaitsFor() {
        assertEquals(READ, usageRw(true));
        assertEquals(WRITE, usageRw(false));
        assertEquals(WRITE, forAccess(DmaDir.RW, true));
        assertEquals(READ, forAccess(DmaDir.READ, true));
        assertEquals(BOOKKEEP, forAccess(DmaDir.WRITE, false));
    }

    @Test
    void addingAgainPromotesNeverDemotes() {
        DmaFence f = fences.user("f");
        resv.add(f, BOOKKEEP);
        resv.add(f, READ);
        assertEquals(READ, resv.usageOf(f));
        resv.add(f, BOOKKEEP);
        assertEquals(READ, resv.usageOf(f));
        assertEquals(1, resv.size());
    }

    @Test
    void signalledFencesArePrunedLazilyButTheirClockIsKept() {
        DmaFence w = fences.user("w"), r = fences.user("r");
        resv.add(w, WRITE);
        resv.add(r, READ);
        Object cw = hb.release(3);
        w.signal(10, cw);
        assertEquals(List.of(r), resv.fences(READ));
        assertEquals(1, resv.size());
        ResvSnapshot readers = resv.snapshot(READ);
        assertEquals(List.of(r), readers.fences());
        assertSame(cw, readers.retiredClock());
        assertEquals(ResvSnapshot.EMPTY.fences(), resv.snapshot(KERNEL).fences());
        assertNull(resv.snapshot(KERNEL).retiredClock(), "a KERNEL query did not find the WRITE fence");
        assertTrue(resv.snapshot(BOOKKEEP).retiredClock() != null);
    }

    @Test
    void addingASignalledFenceOnlyKeepsItsClock() {
        DmaFence f = fences.user("f");
        f.signal(1, hb.release(2));
        resv.add(f, WRITE);
        assertEquals(0, resv.size());
        assertFalse(resv.busy(BOOKKEEP));
        assertNotNull(resv.snapshot(WRITE).retiredClock());
        assertNull(resv.snapshot(KERNEL).retiredClock());
    }
}
