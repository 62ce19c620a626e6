package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dmasim.devices.dmabuf.Rig.*;
import static org.junit.jupiter.api.Assertions.*;

/** poll, wait, export/import of sync files, fence errors and timeouts (policy explicit: no automatic waits). */
class SyncFileTest {
    /** gpu0 writes A (fence at 11 us); gpu1 reads A from 1 us for 20 us (fence at 22 us); gpu2 writes A from 3 us for 50 us. */
    private static DmaJob[] threeJobs(Rig r) {
        Rig.FakeDevice g0 = r.fake("gpu0", GPU0), g1 = r.fake("gpu1", GPU1), g2 = r.fake("gpu2", GPU2);
        DmaJob[] j = new DmaJob[3];
        r.at(0, () -> j[0] = g0.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> j[1] = g1.submit(T0, List.of(BufferUse.read(r.a)), List.of(), 20 * US, null));
        r.at(3 * US, () -> j[2] = g2.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 50 * US, null));
        return j;
    }

    @Test
    void pollInWaitsForWritersOutForEveryonePresentAtTheCall() {
        Rig r = new Rig("explicit");
        DmaJob[] j = threeJobs(r);
        long[] in = {-1}, out = {-1};
        WaitResult[] res = new WaitResult[1];
        r.at(2 * US, () -> r.layer.poll(T1, r.a, PollEvents.IN, Time.NEVER, x -> { in[0] = r.engine.now(); res[0] = x; }));
        r.at(2 * US, () -> r.layer.poll(T2, r.a, PollEvents.OUT, Time.NEVER, x -> out[0] = r.engine.now()));
        r.run();
        assertEquals(12 * US, in[0], "gpu0's fence at 11 us + ioctl; gpu2's later fence ignored");
        assertEquals(23 * US, out[0], "gpu1's READ fence at 22 us + ioctl");
        assertEquals(1, res[0].value());
        assertTrue(r.hb.knows(T1, j[0].fence().clock()));
        assertFalse(r.hb.knows(T1, j[1].fence().clock()));
        assertTrue(r.hb.knows(T2, j[1].fence().clock()));
        assertFalse(r.hb.knows(T2, j[2].fence().clock()));
        assertEquals(List.of(), r.cpu.ops, "poll implies no cache maintenance");
    }

    @Test
    void pollTimeoutIsAFenceTimeout() {
        Rig r = new Rig("explicit");
        DmaJob[] j = threeJobs(r);
        long[] t = {-1};
        WaitResult[] res = new WaitResult[1];
        r.at(2 * US, () -> r.layer.poll(T1, r.a, PollEvents.IN, 5 * US, x -> { t[0] = r.engine.now(); res[0] = x; }));
        r.run();
        assertEquals(8 * US, t[0], "timeout at 7 us + ioctl");
        assertEquals(0, res[0].value());
        assertEquals(1, r.listener.violations.size());
        Violation v = r.listener.violations.get(0);
        assertEquals(ViolationKind.FENCE_TIMEOUT, v.kind());
        assertEquals(7 * US, v.timePs());
        assertEquals("A", v.buffer());
        assertEquals(List.of("cpu0/t1"), v.agents());
        assertFalse(r.hb.knows(T1, j[0].fence().clock()));
    }

    @Test
    void waitWithTimeout() {
        Rig r = new Rig("explicit");
        DmaFence u = r.layer.fences().user("ready");
        WaitResult[] res = new WaitResult[2];
        long[] t = {-1, -1};
        r.layer.wait(T0, u, 1 * US, x -> { res[0] = x; t[0] = r.engine.now(); });
        r.layer.wait(T1, u, Time.NEVER, x -> { res[1] = x; t[1] = r.engine.now(); });
        r.at(3 * US, () -> r.layer.signal(T2, u, () -> {}));
        r.run();
        assertFalse(res[0].signalled());
        assertEquals(2 * US, t[0]);
        assertTrue(res[1].signalled());
        assertEquals(4 * US, t[1]);
        assertTrue(r.hb.knows(T1, r.hb.release(T2, 0)), "signal -> wait");
        assertFalse(r.hb.knows(T0, r.hb.release(T2, 0)));
        assertEquals(1, r.listener.violations.size());
        assertNull(r.listener.violations.get(0).buffer());
        assertEquals(List.of("cpu0/main wait(user fence ready) 0..1000000", "cpu0/t1 wait(user fence ready) 0..3000000"),
                r.listener.stalls);
    }

    @Test
    void exportSnapshotsTheFencesPresentAndIgnoresLaterOnes() {
        Rig r = new Rig("explicit");
        DmaJob[] j = threeJobs(r);
        DmaFence[] f = new DmaFence[2];
        long[] t = {-1};
        r.at(2 * US, () -> r.layer.exportSyncFile(T1, r.a, DmaDir.READ, x -> { f[0] = x; t[0] = r.engine.now(); }));
        r.at(2 * US, () -> r.layer.exportSyncFile(T1, r.a, DmaDir.WRITE, x -> f[1] = x));
        r.run();
        assertEquals(3 * US, t[0]);
        assertSame(j[0].fence(), f[0], "read: the WRITE fences (one)");
        assertEquals(List.of(j[0].fence(), j[1].fence()), f[1].components(), "write: WRITE and READ fences present at 2 us");
        assertEquals(22 * US, f[1].signalTimePs(), "signals before gpu2's job, added later, ends");
        assertTrue(j[2].fence().signalTimePs() > f[1].signalTimePs());
        assertTrue(r.listener.warnings.isEmpty());
    }

    @Test
    void exportWithNoFenceGivesTheStub() {
        Rig r = new Rig("explicit");
        DmaFence[] f = new DmaFence[1];
        r.layer.exportSyncFile(T1, r.b, DmaDir.WRITE, x -> f[0] = x);
        r.run();
        assertSame(r.layer.fences().stub(), f[0]);
        assertTrue(r.listener.warnings.isEmpty());
    }

    @Test
    void exportAfterTheWriterSignalledStillCarriesItsClock() {
        Rig r = new Rig("explicit");
        Rig.FakeDevice g0 = r.fake("gpu0", GPU0);
        DmaJob[] j = new DmaJob[1];
        r.at(0, () -> j[0] = g0.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 1 * US, null));
        r.at(5 * US, () -> r.layer.exportSyncFile(T1, r.a, DmaDir.READ,
                f -> r.layer.wait(T2, f, Time.NEVER, x -> {})));
        r.run();
        assertTrue(r.hb.knows(T2, j[0].fence().clock()), "a wait that finds the fence signalled gets the edge");
    }

    @Test
    void stubFenceWaitWarningForAnUnfencedWriterMapping() {
        Rig r = new Rig("explicit");
        DmaDevice cam = r.device("cam0", GPU0, false, true, true);
        DmaFence[] f = new DmaFence[1];
        r.layer.map(T0, cam, r.b, DmaDir.WRITE, () -> r.layer.exportSyncFile(T1, r.b, DmaDir.READ, x -> f[0] = x));
        r.run();
        assertTrue(f[0].isStub());
        assertEquals(List.of("stub-fence-wait B @1000000"), r.listener.warnings);
    }

    @Test
    void stubFenceWaitWarningForAnExplicitOnlyDriver() {
        Rig r = new Rig("explicit");
        Rig.FakeDevice g = r.fake(r.device("gpu0", GPU0, false, false, false));
        DmaFence[] f = new DmaFence[1];
        r.at(0, () -> g.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(2 * US, () -> r.layer.exportSyncFile(T1, r.a, DmaDir.WRITE, x -> f[0] = x));
        r.run();
        assertTrue(f[0].isStub());
        assertEquals(List.of("stub-fence-wait A @2000000"), r.listener.warnings);
    }

    @Test
    void importAddsWithReadOrWriteUsage() {
        Rig r = new Rig("implicit");
        DmaFence w = r.layer.fences().user("w"), rd = r.layer.fences().user("r");
        long[] read = {-1}, write = {-1};
        r.layer.importSyncFile(T0, r.a, w, DmaDir.WRITE, () -> r.layer.importSyncFile(T0, r.a, rd, DmaDir.READ, () -> {}));
        r.at(3 * US, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.READ, () -> read[0] = r.engine.now()));
        r.at(3 * US, () -> r.layer.beginCpuAccess(T2, r.a, DmaDir.WRITE, () -> write[0] = r.engine.now()));
        r.at(5 * US, () -> r.layer.signal(T0, w, () -> {}));
        r.at(8 * US, () -> r.layer.signal(T0, rd, () -> {}));
        r.run();
        assertEquals(5 * US + CACHE_OP + US, read[0], "reader waits for the imported WRITE fence only");
        assertEquals(9 * US, write[0], "writer waits for both; no cache op for write");
        assertTrue(r.hb.knows(T1, r.hb.release(T0, 0)));
        assertFalse(r.hb.knows(T1, r.hb.release(T0, 1)));
        assertTrue(r.hb.knows(T2, r.hb.release(T0, 1)));
    }

    @Test
    void importUnwrapsMergedSyncFiles() {
        Rig r = new Rig("implicit");
        DmaFence x = r.layer.fences().user("x"), y = r.layer.fences().user("y");
        r.layer.importSyncFile(T0, r.a, r.layer.fences().merge(List.of(x, y)), DmaDir.WRITE, () -> {});
        r.run();
        assertEquals(List.of(x, y), r.a.resv().fences(DmaResvUsage.WRITE));
    }

    @Test
    void usingABufferAfterWaitingOnAnErroredFenceIsAFenceError() {
        Rig r = new Rig("explicit");
        Rig.FakeDevice g0 = r.fake("gpu0", GPU0);
        DmaJob[] j = new DmaJob[1];
        WaitResult[] res = new WaitResult[1];
        r.at(0, () -> {
            j[0] = g0.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null);
            j[0].fence().setError("-EIO (gpu hang)");
        });
        r.at(1 * US, () -> r.layer.wait(T1, j[0].fence(), Time.NEVER, x -> {
            res[0] = x;
            r.layer.beginCpuAccess(T1, r.a, DmaDir.READ, () -> {});
        }));
        r.run();
        assertEquals("-EIO (gpu hang)", res[0].error());
        assertEquals(1, r.listener.violations.size());
        Violation v = r.listener.violations.get(0);
        assertEquals(ViolationKind.FENCE_ERROR, v.kind());
        assertEquals("A", v.buffer());
        assertEquals(12 * US, v.timePs());
        assertEquals(List.of("cpu0/t1"), v.agents());
    }

    @Test
    void aJobAfterAnErroredFenceIsAFenceError() {
        Rig r = new Rig("explicit");
        Rig.FakeDevice g0 = r.fake("gpu0", GPU0), g1 = r.fake("gpu1", GPU1);
        DmaJob[] j = new DmaJob[2];
        r.at(0, () -> {
            j[0] = g0.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null);
            j[0].fence().setError("-EIO");
        });
        r.at(1 * US, () -> j[1] = g1.submit(T0, List.of(BufferUse.write(r.b)), List.of(j[0].fence()), 1 * US, null));
        r.run();
        assertEquals(1, r.listener.violations.size());
        Violation v = r.listener.violations.get(0);
        assertEquals(ViolationKind.FENCE_ERROR, v.kind());
        assertEquals("B", v.buffer());
        assertEquals(List.of("gpu1 job 1"), v.agents());
        assertEquals(11 * US, v.timePs());
    }

    @Test
    void manualMapDevicesReportUnmappedAccess() {
        Rig r = new Rig("explicit");
        Rig.FakeDevice g = r.fake(r.device("gpu0", GPU0, false, true, true));
        r.at(0, () -> r.layer.map(T0, g.dev, r.a, DmaDir.READ, () -> {}));
        r.at(2 * US, () -> g.submit(T0, List.of(BufferUse.read(r.a), BufferUse.write(r.b)), List.of(), 1 * US, null));
        r.run();
        assertEquals(1, r.listener.violations.size());
        Violation v = r.listener.violations.get(0);
        assertEquals(ViolationKind.UNMAPPED_ACCESS, v.kind());
        assertEquals("B", v.buffer());
        assertEquals(List.of("gpu0"), v.agents());
        assertTrue(r.layer.isMapped(g.dev, r.a), "the job neither mapped nor unmapped A itself");
    }
}
