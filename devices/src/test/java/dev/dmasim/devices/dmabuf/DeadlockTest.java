package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dmasim.devices.dmabuf.Rig.*;
import static org.junit.jupiter.api.Assertions.*;

class DeadlockTest {
    /** A thread keeps its CPU bracket open while it waits for a job that needs to map the buffer. */
    private static boolean bracketThenWait(Rig r) {
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        DmaJob[] job = new DmaJob[1];
        boolean[] finished = {false};
        r.layer.beginCpuAccess(T0, r.a, DmaDir.WRITE, () -> job[0] = gpu.submit(T0, List.of(BufferUse.read(r.a)), List.of(), 1 * US,
                () -> r.layer.wait(T0, job[0].fence(), Time.NEVER, x -> finished[0] = true)));
        r.run();
        return finished[0];
    }

    @Test
    void enforcedBracketAroundAJobWaitIsACycle() {
        Rig r = new Rig("enforced");
        assertFalse(bracketThenWait(r));
        List<BlockedWait> blocked = r.layer.blocked();
        assertEquals(2, blocked.size());
        List<BlockedWait> cycle = WaitForGraph.cycle(blocked);
        assertEquals("cpu0/main holds A and waits for gpu0 job 1; gpu0 job 1 waits for A held by cpu0/main",
                WaitForGraph.describe(cycle));
    }

    @Test
    void implicitHasNoCycleThere() {
        Rig r = new Rig("implicit");
        assertTrue(bracketThenWait(r));
        assertEquals(List.of(), r.layer.blocked());
    }

    @Test
    void chainEndsAtAPartyThatIsNotBlocked() {
        Rig r = new Rig("explicit");
        DmaFence u = r.layer.fences().user("ready");
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        DmaJob j = gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(u), 1 * US, null);
        r.layer.wait(T1, j.fence(), Time.NEVER, x -> {});
        r.run();
        List<BlockedWait> blocked = r.layer.blocked();
        assertEquals(List.of(), WaitForGraph.cycle(blocked));
        BlockedWait t1 = blocked.stream().filter(w -> w.waiter().name().equals("cpu0/t1")).findFirst().orElseThrow();
        assertEquals("cpu0/t1 waits for gpu0 job 1; gpu0 job 1 waits for user fence ready (signalled by any thread)",
                WaitForGraph.describe(WaitForGraph.chain(t1, blocked)));
    }
}
