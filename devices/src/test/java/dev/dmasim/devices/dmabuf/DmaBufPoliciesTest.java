package dev.dmasim.devices.dmabuf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DmaBufPoliciesTest {
    private final DmaBufSpec spec = DmaBufSpec.defaults(false);

    @Test
    void theFivePoliciesByName() {
        DmaBufPolicies p = DmaBufPolicies.standard();
        assertEquals(List.of("nonblocking", "enforced", "exclusive", "implicit", "explicit"), p.names());
        for (String n : p.names()) assertEquals(n, p.create(n, spec).name());
        assertNull(p.create("implict", spec));
    }

    @Test
    void aSixthPolicyIsOnlyARegistration() {
        DmaBufPolicies p = DmaBufPolicies.standard().register("cpu-only-lock", s -> new DmaBufPolicy() {
            @Override public String name() { return "cpu-only-lock"; }
            @Override public DmaResvUsage beginCpuAccessWaits(DmaDir dir) { return DmaResvUsage.BOOKKEEP; }
            @Override public DmaResvUsage mapWaits(DmaDir dir) { return null; }
            @Override public DmaResvUsage jobWaits(DmaDir dir) { return null; }
            @Override public DmaResvUsage flipWaits() { return null; }
            @Override public boolean afterBlocksSubmitter() { return false; }
            @Override public boolean mayProceed(Access request, List<Access> others) { return !request.cpu() || others.isEmpty(); }
            @Override public boolean releaseAcquireEdges() { return false; }
        });
        assertEquals(6, p.names().size());
        assertEquals(DmaResvUsage.BOOKKEEP, p.create("cpu-only-lock", spec).beginCpuAccessWaits(DmaDir.READ));
        assertThrows(IllegalStateException.class, () -> p.register("implicit", s -> null));
    }

    @Test
    void exclusiveReadersShare() {
        Party x = Party.agent(1, "x"), y = Party.agent(2, "y");
        Access rx = new Access(x, x, true, DmaDir.READ), ry = new Access(y, y, false, DmaDir.READ), wy = new Access(y, y, false, DmaDir.WRITE);
        assertFalse(new ExclusivePolicy(false).mayProceed(rx, List.of(ry)));
        assertTrue(new ExclusivePolicy(true).mayProceed(rx, List.of(ry)));
        assertFalse(new ExclusivePolicy(true).mayProceed(rx, List.of(wy)));
        assertFalse(new ExclusivePolicy(true).mayProceed(new Access(x, x, true, DmaDir.RW), List.of(ry)));
        assertTrue(new ExclusivePolicy(false).mayProceed(rx, List.of()));
    }

    @Test
    void enforcedSeparatesCpuFromDevices() {
        Party x = Party.agent(1, "x"), y = Party.agent(2, "y");
        EnforcedPolicy p = new EnforcedPolicy();
        Access cpu = new Access(x, x, true, DmaDir.WRITE), dev = new Access(y, y, false, DmaDir.WRITE);
        assertFalse(p.mayProceed(cpu, List.of(dev)));
        assertFalse(p.mayProceed(dev, List.of(cpu)));
        assertTrue(p.mayProceed(dev, List.of(new Access(x, x, false, DmaDir.WRITE))));
        assertTrue(p.mayProceed(cpu, List.of(new Access(y, y, true, DmaDir.WRITE))));
    }

    @Test
    void implicitWaitsAreTheKernels() {
        ImplicitPolicy p = new ImplicitPolicy();
        assertEquals(DmaResvUsage.WRITE, p.beginCpuAccessWaits(DmaDir.READ));
        assertEquals(DmaResvUsage.READ, p.beginCpuAccessWaits(DmaDir.WRITE));
        assertEquals(DmaResvUsage.READ, p.beginCpuAccessWaits(DmaDir.RW));
        assertEquals(DmaResvUsage.WRITE, p.jobWaits(DmaDir.READ));
        assertEquals(DmaResvUsage.READ, p.jobWaits(DmaDir.WRITE));
        assertEquals(DmaResvUsage.WRITE, p.flipWaits());
        assertEquals(DmaResvUsage.KERNEL, p.mapWaits(DmaDir.WRITE));
    }
}
