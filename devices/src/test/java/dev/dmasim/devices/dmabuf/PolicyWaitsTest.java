package dev.dmasim.devices.dmabuf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dmasim.devices.dmabuf.Rig.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Exact blocking times of each policy (ioctl 1 us, driver map/unmap 500 ns, CPU cache op
 * 100 ns) and the happens-before edges they create.
 *
 * <p>Writer job: submitted at 0, maps A (0 .. 0.5 us), works 10 us, releases its mapping at
 * 10.5 us, unmaps (10.5 .. 11.0 us) and signals its fence at 11.0 us.
 */
class PolicyWaitsTest {

    @ParameterizedTest(name = "{0}: begin_cpu_access(read) returns at {1} ns")
    @CsvSource({"nonblocking, 2100", "explicit, 2100", "implicit, 12100", "enforced, 11600", "exclusive, 11600"})
    void beginCpuAccessWaitsForADeviceWriter(String policy, long doneNs) {
        Rig r = new Rig(policy);
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        DmaJob[] job = new DmaJob[1];
        long[] done = {-1};
        r.at(0, () -> job[0] = gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.READ, () -> done[0] = r.engine.now()));
        r.run();
        assertEquals(doneNs * NS, done[0]);
        assertEquals(11 * US, job[0].fence().signalTimePs());
        assertEquals(List.of("invalidate A"), r.cpu.ops);
        Object fenceClock = job[0].fence().clock();
        switch (policy) {
            case "implicit":
                assertTrue(r.hb.knows(T1, fenceClock), "fence signal -> implicit wait");
                assertEquals(1, r.hb.releaseCount(GPU0));
                break;
            case "enforced":
            case "exclusive":
                assertEquals(2, r.hb.releaseCount(GPU0), "unmap release, then the fence");
                assertTrue(r.hb.knows(T1, r.hb.release(GPU0, 0)), "unmap -> begin_cpu_access");
                assertFalse(r.hb.knows(T1, fenceClock));
                break;
            default:
                assertEquals(1, r.hb.releaseCount(GPU0));
                assertFalse(r.hb.knows(T1, fenceClock), "no edge without synchronization");
        }
        // The submitter's clock went into the job.
        assertTrue(r.hb.knows(GPU0, r.hb.release(T0, 0)));
    }

    @ParameterizedTest(name = "{0}: a device job mapping A is ready at {1} ns")
    @CsvSource({"nonblocking, 1500", "explicit, 1500", "implicit, 1500", "enforced, 5600", "exclusive, 5600"})
    void mapWaitsForEndCpuAccess(String policy, long readyNs) {
        Rig r = new Rig(policy);
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        DmaJob[] job = new DmaJob[1];
        long[] begun = {-1}, ended = {-1};
        r.at(0, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.WRITE, () -> begun[0] = r.engine.now()));
        r.at(1 * US, () -> job[0] = gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(5 * US, () -> r.layer.endCpuAccess(T1, r.a, DmaDir.WRITE, () -> ended[0] = r.engine.now()));
        r.run();
        assertEquals(1 * US, begun[0], "begin(write): no cache op, ioctl only");
        assertEquals(6100 * NS, ended[0], "end(write): clean 100 ns + ioctl");
        assertEquals(readyNs * NS, job[0].startedPs());
        assertEquals(List.of("clean A"), r.cpu.ops);
        boolean lock = policy.equals("enforced") || policy.equals("exclusive");
        assertEquals(lock ? 1 : 0, r.hb.releaseCount(T1), "end_cpu_access releases only under a lock policy");
        if (lock) assertTrue(r.hb.knows(GPU0, r.hb.release(T1, 0)), "end_cpu_access -> map");
    }

    @ParameterizedTest(name = "{0}: reader ready at {1} ns, second writer at {2} ns")
    @CsvSource({"implicit, 11500, 22500", "explicit, 1500, 2500", "nonblocking, 1500, 2500"})
    void jobsWaitForTheFencesPresentAtSubmission(String policy, long readerNs, long writerNs) {
        Rig r = new Rig(policy);
        Rig.FakeDevice gpu0 = r.fake("gpu0", GPU0), gpu1 = r.fake("gpu1", GPU1), gpu2 = r.fake("gpu2", GPU2);
        DmaJob[] j = new DmaJob[3];
        r.at(0, () -> j[0] = gpu0.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> j[1] = gpu1.submit(T1, List.of(BufferUse.read(r.a)), List.of(), 10 * US, null));
        r.at(2 * US, () -> j[2] = gpu2.submit(T2, List.of(BufferUse.write(r.a)), List.of(), 1 * US, null));
        r.run();
        assertEquals(readerNs * NS, j[1].startedPs());
        assertEquals(writerNs * NS, j[2].startedPs());
        if (policy.equals("implicit")) {
            assertTrue(r.hb.knows(GPU1, j[0].fence().clock()), "writer fence -> reader job");
            assertTrue(r.hb.knows(GPU2, j[1].fence().clock()), "reader fence -> next writer");
            assertTrue(r.hb.knows(GPU2, j[0].fence().clock()));
        } else {
            assertFalse(r.hb.knows(GPU1, j[0].fence().clock()));
        }
    }

    @Test
    void implicitReaderDoesNotWaitForReaders() {
        Rig r = new Rig("implicit");
        Rig.FakeDevice gpu0 = r.fake("gpu0", GPU0), gpu1 = r.fake("gpu1", GPU1);
        DmaJob[] j = new DmaJob[2];
        r.at(0, () -> j[0] = gpu0.submit(T0, List.of(BufferUse.read(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> j[1] = gpu1.submit(T1, List.of(BufferUse.read(r.a)), List.of(), 10 * US, null));
        r.run();
        assertEquals(1500 * NS, j[1].startedPs());
    }

    @Test
    void implicitIgnoresBookkeepFencesOfExplicitOnlyDrivers() {
        Rig r = new Rig("implicit");
        Rig.FakeDevice gpu = r.fake(r.device("gpu0", GPU0, false, false, false));
        DmaJob[] job = new DmaJob[1];
        DmaResvUsage[] usage = new DmaResvUsage[1];
        long[] done = {-1};
        r.at(0, () -> job[0] = gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> {
            usage[0] = r.a.resv().usageOf(job[0].fence());
            r.layer.beginCpuAccess(T1, r.a, DmaDir.RW, () -> done[0] = r.engine.now());
        });
        r.run();
        assertEquals(DmaResvUsage.BOOKKEEP, usage[0]);
        assertEquals(2100 * NS, done[0], "M5: an explicit-only driver's fence is not waited for");
        assertFalse(r.hb.knows(T1, job[0].fence().clock()));
    }

    @ParameterizedTest(name = "{0}: after= thread continues at {1} ns, job queued at {2} ns, ready at {3} ns")
    @CsvSource({"nonblocking, 12000, 11000, 11500", "explicit, 2000, 1000, 11500", "implicit, 2000, 1000, 11500",
            "enforced, 2000, 1000, 11500", "exclusive, 2000, 1000, 11500"})
    void afterFences(String policy, long continueNs, long queuedNs, long readyNs) {
        Rig r = new Rig(policy);
        Rig.FakeDevice gpu0 = r.fake("gpu0", GPU0), gpu1 = r.fake("gpu1", GPU1);
        DmaJob[] j = new DmaJob[2];
        long[] cont = {-1};
        r.at(0, () -> j[0] = gpu0.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> j[1] = gpu1.submit(T1, List.of(BufferUse.write(r.b)), List.of(j[0].fence()), 1 * US,
                () -> cont[0] = r.engine.now()));
        r.run();
        assertEquals(continueNs * NS, cont[0]);
        assertEquals(queuedNs * NS, j[1].queuedPs());
        assertEquals(readyNs * NS, j[1].startedPs());
        assertTrue(r.hb.knows(GPU1, j[0].fence().clock()), "fence -> after= wait");
        assertEquals(policy.equals("nonblocking"), r.hb.knows(T1, j[0].fence().clock()), "only the round trip gives the thread the edge");
    }

    @ParameterizedTest(name = "{0}, readers_share={1}, second job {2}: ready at {3} ns")
    @CsvSource({"enforced, false, write, 1500", "exclusive, false, write, 11000", "exclusive, false, read, 11000",
            "exclusive, true, read, 1500", "exclusive, true, write, 11000", "nonblocking, false, write, 1500"})
    void devicesTogether(String policy, boolean share, String dir2, long readyNs) {
        Rig r = new Rig(policy, Rig.spec(share));
        Rig.FakeDevice gpu0 = r.fake("gpu0", GPU0), gpu1 = r.fake("gpu1", GPU1);
        DmaJob[] j = new DmaJob[2];
        DmaDir d2 = DmaDir.parse(dir2);
        DmaDir d1 = share && d2 == DmaDir.READ ? DmaDir.READ : DmaDir.WRITE;
        r.at(0, () -> j[0] = gpu0.submit(T0, List.of(new BufferUse(r.a, d1)), List.of(), 10 * US, null));
        r.at(1 * US, () -> j[1] = gpu1.submit(T1, List.of(new BufferUse(r.a, d2)), List.of(), 10 * US, null));
        r.run();
        assertEquals(readyNs * NS, j[1].startedPs());
        if (policy.equals("exclusive") && readyNs == 11000) {
            assertTrue(r.hb.knows(GPU1, r.hb.release(GPU0, 0)), "unmap -> map of the next owner");
        }
    }

    @ParameterizedTest(name = "{0}, readers_share={1}: second CPU access returns at {3} ns")
    @CsvSource({"exclusive, false, write, 4100", "exclusive, false, read, 4200", "exclusive, true, read, 1600",
            "enforced, false, write, 1500", "implicit, false, write, 1500"})
    void cpuBracketsTogether(String policy, boolean share, String dir, long doneNs) {
        Rig r = new Rig(policy, Rig.spec(share));
        DmaDir d = DmaDir.parse(dir);
        long[] done = {-1};
        r.at(0, () -> r.layer.beginCpuAccess(T1, r.a, d, () -> {}));
        r.at(500 * NS, () -> r.layer.beginCpuAccess(T2, r.a, d, () -> done[0] = r.engine.now()));
        r.at(3 * US, () -> r.layer.endCpuAccess(T1, r.a, d, () -> {}));
        r.run();
        assertEquals(doneNs * NS, done[0]);
        assertEquals(policy.equals("implicit") ? 0 : 1, r.hb.releaseCount(T1));
        if (!policy.equals("implicit")) {
            // Every release -> every later acquire, whether or not it waited.
            assertEquals(doneNs > 2000, r.hb.knows(T2, r.hb.release(T1, 0)));
        }
    }

    @Test
    void enforcedReleaseAcquireEdgeEvenWithoutWaiting() {
        Rig r = new Rig("enforced");
        long[] done = {-1};
        r.at(0, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.WRITE, () -> r.layer.endCpuAccess(T1, r.a, DmaDir.WRITE, () -> {})));
        r.at(10 * US, () -> r.layer.beginCpuAccess(T2, r.a, DmaDir.READ, () -> done[0] = r.engine.now()));
        r.run();
        assertEquals(11100 * NS, done[0], "no wait: invalidate + ioctl");
        assertTrue(r.hb.knows(T2, r.hb.release(T1, 0)));
    }

    @Test
    void exclusiveQueuesFifo() {
        // T1 holds A; gpu0's job (write) queues at 1 us, T2's read at 2 us: T2 gets A after the job's unmap.
        Rig r = new Rig("exclusive", Rig.spec(true));
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        DmaJob[] job = new DmaJob[1];
        long[] done = {-1};
        r.at(0, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.READ, () -> {}));
        r.at(1 * US, () -> job[0] = gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(2 * US, () -> r.layer.beginCpuAccess(T2, r.a, DmaDir.READ, () -> done[0] = r.engine.now()));
        r.at(3 * US, () -> r.layer.endCpuAccess(T1, r.a, DmaDir.READ, () -> {}));
        r.run();
        assertEquals(3600 * NS, job[0].startedPs(), "end(read) clean 100 ns, then the queued map, +500 ns");
        // job: works 3.6 .. 13.6, releases A at 13.6; T2: invalidate + ioctl.
        assertEquals(14700 * NS, done[0]);
    }

    @Test
    void enforcedAllowsSeveralCpuBracketsButNotWithADevice() {
        Rig r = new Rig("enforced");
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        DmaJob[] job = new DmaJob[1];
        r.at(0, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.READ, () -> {}));
        r.at(0, () -> r.layer.beginCpuAccess(T2, r.a, DmaDir.READ, () -> {}));
        r.at(2 * US, () -> job[0] = gpu.submit(T0, List.of(BufferUse.read(r.a)), List.of(), 1 * US, null));
        r.at(3 * US, () -> r.layer.endCpuAccess(T1, r.a, DmaDir.READ, () -> {}));
        r.at(5 * US, () -> r.layer.endCpuAccess(T2, r.a, DmaDir.READ, () -> {}));
        r.run();
        assertEquals(5600 * NS, job[0].startedPs(), "the map waits for the last end_cpu_access");
        assertTrue(r.a.holders().isEmpty());
    }

    @ParameterizedTest(name = "{0}: flip ready at {1} ns")
    @CsvSource({"implicit, 11000", "explicit, 1000", "nonblocking, 1000", "exclusive, 1000"})
    void flipWaitsForWriteFencesUnderImplicit(String policy, long readyNs) {
        Rig r = new Rig(policy);
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        Rig.FakeDevice reader = r.fake("gpu1", GPU1);
        DmaDevice disp = r.device("disp0", GPU2, false, true, false);
        long[] ready = {-1};
        DmaJob[] flip = new DmaJob[1];
        DmaResvUsage[] usage = new DmaResvUsage[1];
        r.at(0, () -> gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(500 * NS, () -> reader.submit(T1, List.of(BufferUse.read(r.b)), List.of(), 30 * US, null));
        r.at(1 * US, () -> {
            flip[0] = r.layer.submit(T0, disp, DmaJob.Kind.FLIP, List.of(BufferUse.read(r.a)), List.of(),
                    j -> r.layer.awaitDependencies(j, () -> ready[0] = r.engine.now()), () -> {});
            usage[0] = r.a.resv().usageOf(flip[0].fence());
        });
        // The "vblank" at which the flip takes effect: the display maps A then.
        r.at(20 * US, () -> r.layer.mapBuffers(flip[0], () -> {}));
        r.at(40 * US, () -> r.layer.finishJob(flip[0], () -> {}));
        r.run();
        assertEquals(readyNs * NS, ready[0]);
        assertEquals(DmaResvUsage.READ, usage[0], "the display's READ fence from the flip until the release");
        assertEquals(20500 * NS, flip[0].startedPs());
        assertEquals(40500 * NS, flip[0].fence().signalTimePs(), "unmap 500 ns, then the release fence");
    }
}
