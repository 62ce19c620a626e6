package dev.dmasim.devices.dma;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.time.Time;
import dev.dmasim.devices.dmabuf.BlockedWait;
import dev.dmasim.devices.dmabuf.DeviceCache;
import dev.dmasim.devices.dmabuf.DeviceSpec;
import dev.dmasim.devices.dmabuf.DmaBuf;
import dev.dmasim.devices.dmabuf.DmaBufLayer;
import dev.dmasim.devices.dmabuf.DmaBufPolicies;
import dev.dmasim.devices.dmabuf.DmaBufSpec;
import dev.dmasim.devices.dmabuf.DmaDevice;
import dev.dmasim.devices.dmabuf.DmaFence;
import dev.dmasim.devices.dmabuf.DmaJob;
import dev.dmasim.devices.dmabuf.FakeCpuCache;
import dev.dmasim.devices.dmabuf.FakeHappensBefore;
import dev.dmasim.devices.dmabuf.RecordingListener;
import dev.dmasim.devices.dmabuf.WaitForGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Copy engines over a 100 ns fixed-latency memory, 64 B lines and sectors; ioctl 1 us, driver
 * map/unmap 500 ns. A 256 B copy: maps 0 .. 1.0 us, streams, unmaps 1 us, signals.
 */
class CopyEngineTest {
    static final long US = Time.US, NS = Time.NS;
    static final int T0 = 0, T1 = 1, DMA0 = 10, DMA1 = 11;

    static final class World implements CoherencyObserver {
        final Engine engine = new Engine();
        final FakeHappensBefore hb = new FakeHappensBefore();
        final RecordingListener listener = new RecordingListener();
        final FakeMemory memory = new FakeMemory(engine, 100 * NS, 64);
        final DmaBufLayer layer;
        final CopyEngine dma0, dma1;
        final DmaBuf a, b, c;
        final List<String> observed = new ArrayList<>();

        World(String policy, int outstanding, boolean readersShare) {
            DmaBufSpec d = DmaBufSpec.defaults(false);
            DmaBufSpec spec = new DmaBufSpec(false, false, d.syncTargets(), d.cpuHooks(), d.forDeviceFromDevice(), readersShare,
                    US, 500 * NS);
            layer = new DmaBufLayer(engine, spec, DmaBufPolicies.standard().create(policy, spec), hb,
                    new FakeCpuCache(engine, 100 * NS), listener,
                    Map.of(T0, "cpu0/main", T1, "cpu0/t1", DMA0, "dma0", DMA1, "dma1")::get);
            CopyEngineSpec ce = new CopyEngineSpec(2, 64, outstanding);
            dma0 = new CopyEngine(engine, ce, new DmaDevice(new DeviceSpec("dma0", false, true, false), DMA0, DeviceCache.NONE),
                    layer, memory, 0, this, 64);
            dma1 = new CopyEngine(engine, ce, new DmaDevice(new DeviceSpec("dma1", false, true, false), DMA1, DeviceCache.NONE),
                    layer, memory, 1, this, 64);
            a = layer.createBuffer("A", 0x10000, 256, "system");
            b = layer.createBuffer("B", 0x20000, 256, "system");
            c = layer.createBuffer("C", 0x30000, 256, "system");
        }

        void run() { engine.runUntil(Time.S); }

        @Override public void write(int pass, long addr, long len, String holder) {
            observed.add("W p" + pass + " " + Long.toHexString(addr) + "+" + len + " " + holder + " @" + engine.now());
        }

        @Override public void read(int pass, long addr, long len, long[] versions, int off, String servedBy) {
            int n = (int) ((addr + len - 1) / 64 - addr / 64 + 1);
            observed.add("R p" + pass + " " + Long.toHexString(addr) + "+" + len + " " + Arrays.toString(Arrays.copyOfRange(versions, off, off + n))
                    + " " + servedBy + " @" + engine.now());
        }

        @Override public void memoryWrite(long addr, long len, long[] versions, int off, String by) {
            observed.add("M " + Long.toHexString(addr));
        }
    }

    @ParameterizedTest(name = "outstanding {0}: fence at {1} ns")
    @CsvSource({"4, 2200", "2, 2400", "1, 2800", "8, 2200"})
    void copyTiming(int outstanding, long fenceNs) {
        World w = new World("explicit", outstanding, false);
        w.memory.seed(w.a.addr(), 256, 7);
        long[] cont = {-1};
        DmaFence f = w.dma0.copy(T0, w.a, w.b, List.of(), () -> cont[0] = w.engine.now());
        assertFalse(f.isSignalled());
        assertEquals("dma0 job 1", f.description());
        w.run();
        assertEquals(1 * US, cont[0], "the submitting thread continues after the ioctl");
        assertEquals(fenceNs * NS, f.signalTimePs());
        assertEquals(Math.min(outstanding, 4), w.memory.maxOutstanding);
        assertEquals(List.of("dma0 job 1 read A", "dma0 job 1 write B"), w.hb.passes);
        assertEquals(List.of(1, 2), w.hb.ended);
        for (long off = 0; off < 256; off += 64) {
            assertEquals(2, w.memory.version(w.b.addr() + off), "dst carries the write pass");
            assertEquals(7, w.memory.version(w.a.addr() + off));
        }
        assertEquals(8, w.observed.size());
        assertEquals("R p1 10000+64 [7] memory @1100000", w.observed.get(0));
        assertTrue(w.observed.contains("W p2 20000+64 null @1200000"));
        assertEquals(256, w.dma0.bytesCopied());
        assertTrue(w.dma0.idle());
        assertEquals(1, w.dma0.jobsDone());
    }

    @Test
    void oneJobAtATimePerEngine() {
        World w = new World("explicit", 4, false);
        DmaJob j1 = w.dma0.submitJob(T0, w.a, w.b, List.of(), () -> {});
        DmaJob j2 = w.dma0.submitJob(T1, w.c, w.a, List.of(), () -> {});
        List<BlockedWait> queued = new ArrayList<>();
        w.engine.schedule(500 * NS, (t, p, x) -> w.dma0.describeBlocked(queued), 0, 0);
        w.run();
        assertEquals(2200 * NS, j1.fence().signalTimePs());
        assertEquals(3200 * NS, j2.startedPs());
        assertEquals(4400 * NS, j2.fence().signalTimePs());
        assertEquals(1, queued.size());
        assertEquals("dma0 job 2 waits for dma0 job 1 (queued behind it)", queued.get(0).describe());
    }

    @Test
    void twoEnginesRunTogether() {
        World w = new World("explicit", 4, false);
        DmaFence f0 = w.dma0.copy(T0, w.a, w.b, List.of(), () -> {});
        DmaFence f1 = w.dma1.copy(T1, w.a, w.c, List.of(), () -> {});
        w.run();
        assertEquals(2200 * NS, f0.signalTimePs());
        assertEquals(2200 * NS, f1.signalTimePs());
    }

    @ParameterizedTest(name = "{0}: the reader copy starts at {1} ns")
    @CsvSource({"implicit, 3200", "explicit, 1000", "nonblocking, 1000"})
    void implicitReaderWaitsForTheWriterCopy(String policy, long startNs) {
        World w = new World(policy, 4, false);
        DmaJob writer = w.dma0.submitJob(T0, w.b, w.a, List.of(), () -> {});
        DmaJob reader = w.dma1.submitJob(T1, w.a, w.c, List.of(), () -> {});
        w.run();
        assertEquals(startNs * NS, reader.startedPs());
        assertEquals(policy.equals("implicit"), w.hb.knows(DMA1, writer.fence().clock()));
    }

    @Test
    void afterFenceWaitsOnTheEngine() {
        World w = new World("explicit", 4, false);
        DmaFence u = w.layer.fences().user("go");
        long[] cont = {-1};
        DmaJob j = w.dma0.submitJob(T0, w.a, w.b, List.of(u), () -> cont[0] = w.engine.now());
        w.engine.schedule(5 * US, (t, p, x) -> w.layer.signal(T1, u, () -> {}), 0, 0);
        w.run();
        assertEquals(1 * US, cont[0]);
        assertEquals(6 * US, j.startedPs());
        assertTrue(w.hb.knows(DMA0, w.hb.release(T1, 0)));
    }

    @Test
    void unalignedBuffersSplitAtLineBoundaries() {
        World w = new World("explicit", 1, false);
        DmaBuf src = w.layer.createBuffer("odd", 0x40020, 100, "system");
        DmaBuf dst = w.layer.createBuffer("dst", 0x50000, 100, "system");
        w.dma0.copy(T0, src, dst, List.of(), () -> {});
        w.run();
        List<String> reads = new ArrayList<>();
        for (String s : w.memory.log) if (s.startsWith("R")) reads.add(s.substring(0, s.indexOf(" @")));
        assertEquals(List.of("R 40020+32", "R 40040+32", "R 40060+32", "R 40080+4"), reads);
        assertEquals(100, w.dma0.bytesCopied());
    }

    @Test
    void m19ExclusiveCrossCopiesDeadlock() {
        World w = new World("exclusive", 4, false);
        DmaFence f0 = w.dma0.copy(T0, w.a, w.b, List.of(), () -> {});
        DmaFence f1 = w.dma1.copy(T1, w.b, w.a, List.of(), () -> {});
        w.run();
        assertFalse(f0.isSignalled() || f1.isSignalled());
        assertEquals(1 * US, w.engine.now(), "nothing after the second maps were refused");
        List<BlockedWait> blocked = w.layer.blocked();
        assertEquals(2, blocked.size());
        assertEquals("dma0 job 1 holds A and waits for B held by dma1 job 1; dma1 job 1 holds B and waits for A held by dma0 job 1",
                WaitForGraph.describe(WaitForGraph.cycle(blocked)));
    }

    @Test
    void m19ReadersShareDoesNotHelpWritersButOtherPoliciesComplete() {
        World shared = new World("exclusive", 4, true);
        DmaFence s0 = shared.dma0.copy(T0, shared.a, shared.b, List.of(), () -> {});
        shared.dma1.copy(T1, shared.b, shared.a, List.of(), () -> {});
        shared.run();
        assertFalse(s0.isSignalled());
        assertEquals(2, WaitForGraph.cycle(shared.layer.blocked()).size());
        for (String p : List.of("nonblocking", "enforced", "implicit", "explicit")) {
            World w = new World(p, 4, false);
            DmaFence f0 = w.dma0.copy(T0, w.a, w.b, List.of(), () -> {});
            DmaFence f1 = w.dma1.copy(T1, w.b, w.a, List.of(), () -> {});
            w.run();
            assertTrue(f0.isSignalled() && f1.isSignalled(), p);
            assertEquals(List.of(), w.layer.blocked(), p);
        }
    }

    @Test
    void exclusiveSerializesEnginesOnOneBuffer() {
        World w = new World("exclusive", 4, false);
        DmaJob j0 = w.dma0.submitJob(T0, w.a, w.b, List.of(), () -> {});
        DmaJob j1 = w.dma1.submitJob(T1, w.c, w.b, List.of(), () -> {});
        w.run();
        // dma0 holds B from 0.5 us until its unmap of B at 1.2 us; dma1 (holding C) maps B then.
        assertEquals(1700 * NS, j1.startedPs());
        assertEquals(2200 * NS, j0.fence().signalTimePs());
        assertTrue(w.hb.knows(DMA1, w.hb.release(DMA0, 0)), "dma0's unmap of B -> dma1's map of B");
    }
}
