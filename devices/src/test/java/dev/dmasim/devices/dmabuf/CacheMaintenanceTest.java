package dev.dmasim.devices.dmabuf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.dmasim.devices.dmabuf.Rig.*;
import static org.junit.jupiter.api.Assertions.*;

/** MODEL.md "Cache effects of the dma-buf calls", call by call, with every knob. */
class CacheMaintenanceTest {

    private static DmaBufSpec spec(boolean cpuCoherent, boolean mapSyncs, DmaBufSpec.SyncTargets targets,
                                   DmaBufSpec.CpuHooks hooks, DmaBufSpec.CacheOp fdfd) {
        return new DmaBufSpec(cpuCoherent, mapSyncs, targets, hooks, fdfd, false, US, 500 * NS);
    }

    private static DmaBufSpec defaults() {
        return spec(false, false, DmaBufSpec.SyncTargets.ALL, DmaBufSpec.CpuHooks.REAL, DmaBufSpec.CacheOp.CLEAN);
    }

    @ParameterizedTest(name = "begin_cpu_access({0}) -> [{1}]")
    @CsvSource(value = {"read, invalidate A", "write, ''", "rw, invalidate A"}, emptyValue = "")
    void beginCpuAccess(String dir, String ops) {
        Rig r = new Rig("nonblocking", defaults());
        r.layer.beginCpuAccess(T0, r.a, DmaDir.parse(dir), () -> {});
        r.run();
        assertEquals(ops.isEmpty() ? List.of() : List.of(ops), r.cpu.ops);
    }

    @ParameterizedTest(name = "end_cpu_access({0}), for_device_from_device={1} -> [{2}]")
    @CsvSource({"read, CLEAN, clean A", "read, INVALIDATE, invalidate A", "write, CLEAN, clean A",
            "write, INVALIDATE, clean A", "rw, CLEAN, clean A", "rw, INVALIDATE, clean A"})
    void endCpuAccess(String dir, DmaBufSpec.CacheOp fdfd, String op) {
        Rig r = new Rig("nonblocking", spec(false, false, DmaBufSpec.SyncTargets.ALL, DmaBufSpec.CpuHooks.REAL, fdfd));
        r.layer.endCpuAccess(T0, r.a, DmaDir.parse(dir), () -> {});
        r.run();
        assertEquals(List.of(op), r.cpu.ops);
    }

    @Test
    void coherentCpuNeedsNoMaintenance() {
        Rig r = new Rig("nonblocking", spec(true, false, DmaBufSpec.SyncTargets.ALL, DmaBufSpec.CpuHooks.REAL, DmaBufSpec.CacheOp.CLEAN));
        long[] done = {-1};
        r.layer.beginCpuAccess(T0, r.a, DmaDir.RW, () -> r.layer.endCpuAccess(T0, r.a, DmaDir.RW, () -> done[0] = r.engine.now()));
        r.run();
        assertEquals(List.of(), r.cpu.ops);
        assertEquals(2 * US, done[0], "two ioctls, no cache time");
    }

    @Test
    void noopHooksSkipMaintenanceButTheWaitsStillHappen() {
        Rig r = new Rig("implicit", spec(false, false, DmaBufSpec.SyncTargets.ALL, DmaBufSpec.CpuHooks.NOOP, DmaBufSpec.CacheOp.CLEAN));
        Rig.FakeDevice gpu = r.fake("gpu0", GPU0);
        long[] begun = {-1}, ended = {-1};
        r.at(0, () -> gpu.submit(T0, List.of(BufferUse.write(r.a)), List.of(), 10 * US, null));
        r.at(1 * US, () -> r.layer.beginCpuAccess(T1, r.a, DmaDir.READ, () -> {
            begun[0] = r.engine.now();
            r.layer.endCpuAccess(T1, r.a, DmaDir.READ, () -> ended[0] = r.engine.now());
        }));
        r.run();
        assertEquals(List.of(), r.cpu.ops);
        assertEquals(12 * US, begun[0], "waited for the fence at 11 us, no invalidate");
        assertEquals(13 * US, ended[0]);
    }

    private List<String> bracketOps(DmaBufSpec.SyncTargets targets, boolean cpuCoherent, boolean[] attachCoherent) {
        Rig r = new Rig("nonblocking", spec(cpuCoherent, false, targets, DmaBufSpec.CpuHooks.REAL, DmaBufSpec.CacheOp.CLEAN));
        List<Runnable> steps = new ArrayList<>();
        for (int i = 0; i < attachCoherent.length; i++) {
            DmaDevice d = r.device("gpu" + i, GPU0 + i, attachCoherent[i], true, false);
            r.layer.attach(T0, d, r.a, () -> {});
        }
        r.run();
        r.layer.beginCpuAccess(T0, r.a, DmaDir.READ, () -> r.layer.endCpuAccess(T0, r.a, DmaDir.WRITE, () -> {}));
        r.run();
        return r.cpu.ops;
    }

    @Test
    void syncTargets() {
        List<String> both = List.of("invalidate A", "clean A");
        boolean[] none = {}, coherentFirst = {true, false}, nonCoherentFirst = {false, true}, coherentOnly = {true};
        // all: the CPU's coherence decides
        assertEquals(both, bracketOps(DmaBufSpec.SyncTargets.ALL, false, none));
        assertEquals(both, bracketOps(DmaBufSpec.SyncTargets.ALL, false, coherentFirst));
        assertEquals(List.of(), bracketOps(DmaBufSpec.SyncTargets.ALL, true, nonCoherentFirst));
        // first: the first attachment alone
        assertEquals(List.of(), bracketOps(DmaBufSpec.SyncTargets.FIRST, false, none));
        assertEquals(List.of(), bracketOps(DmaBufSpec.SyncTargets.FIRST, false, coherentFirst));
        assertEquals(both, bracketOps(DmaBufSpec.SyncTargets.FIRST, false, nonCoherentFirst));
        // attached: only while a non-coherent device is attached
        assertEquals(List.of(), bracketOps(DmaBufSpec.SyncTargets.ATTACHED, false, none));
        assertEquals(List.of(), bracketOps(DmaBufSpec.SyncTargets.ATTACHED, false, coherentOnly));
        assertEquals(both, bracketOps(DmaBufSpec.SyncTargets.ATTACHED, false, coherentFirst));
    }

    @Test
    void attachedStopsAfterDetach() {
        Rig r = new Rig("nonblocking", spec(false, false, DmaBufSpec.SyncTargets.ATTACHED, DmaBufSpec.CpuHooks.REAL, DmaBufSpec.CacheOp.CLEAN));
        DmaDevice cam = r.device("cam0", GPU0, false, true, false);
        r.layer.attach(T0, cam, r.a, () -> r.layer.endCpuAccess(T0, r.a, DmaDir.WRITE,
                () -> r.layer.detach(T0, cam, r.a, () -> r.layer.endCpuAccess(T0, r.a, DmaDir.WRITE, () -> {}))));
        r.run();
        assertEquals(List.of("clean A"), r.cpu.ops);
        assertEquals(0, r.a.attachments().size());
    }

    @ParameterizedTest(name = "map_syncs_cpu: map({0}) -> [{2}], unmap -> [{3}] (for_device_from_device={1})")
    @CsvSource(value = {"read, CLEAN, clean A, ''", "write, CLEAN, clean A, invalidate A",
            "write, INVALIDATE, invalidate A, invalidate A", "rw, INVALIDATE, clean A, invalidate A"}, emptyValue = "")
    void mapSyncsCpu(String dir, DmaBufSpec.CacheOp fdfd, String mapOp, String unmapOp) {
        Rig r = new Rig("nonblocking", spec(false, true, DmaBufSpec.SyncTargets.ALL, DmaBufSpec.CpuHooks.REAL, fdfd));
        DmaDevice gpu = r.device("gpu0", GPU0, false, true, false);
        DmaDir d = DmaDir.parse(dir);
        List<String> afterMap = new ArrayList<>();
        r.layer.map(T0, gpu, r.a, d, () -> {
            afterMap.addAll(r.cpu.ops);
            r.layer.unmap(T0, gpu, r.a, d, () -> {});
        });
        r.run();
        assertEquals(List.of(mapOp), afterMap);
        List<String> all = new ArrayList<>(afterMap);
        if (!unmapOp.isEmpty()) all.add(unmapOp);
        assertEquals(all, r.cpu.ops);
    }

    @Test
    void mapDoesNoCpuMaintenanceByDefaultOrForACoherentDevice() {
        Rig r = new Rig("nonblocking", defaults());
        DmaDevice gpu = r.device("gpu0", GPU0, false, true, false);
        r.layer.map(T0, gpu, r.a, DmaDir.RW, () -> r.layer.unmap(T0, gpu, r.a, DmaDir.RW, () -> {}));
        r.run();
        assertEquals(List.of(), r.cpu.ops, "SKIP_CPU_SYNC exporters");
        Rig r2 = new Rig("nonblocking", spec(false, true, DmaBufSpec.SyncTargets.ALL, DmaBufSpec.CpuHooks.REAL, DmaBufSpec.CacheOp.CLEAN));
        DmaDevice coherent = r2.device("gpu0", GPU0, true, true, false);
        r2.layer.map(T0, coherent, r2.a, DmaDir.RW, () -> r2.layer.unmap(T0, coherent, r2.a, DmaDir.RW, () -> {}));
        r2.run();
        assertEquals(List.of(), r2.cpu.ops);
    }

    @Test
    void deviceOwnCacheInvalidatedAtMapCleanedAtUnmap() {
        Rig r = new Rig("nonblocking", defaults());
        List<String> ops = new ArrayList<>();
        DeviceCache l2 = new DeviceCache() {
            @Override public void invalidate(long addr, long len, Runnable done) {
                ops.add("invalidate " + Long.toHexString(addr) + "+" + len + " @" + r.engine.now());
                r.engine.scheduleAfter(200 * NS, 0, (t, p, a) -> ((Runnable) a).run(), 0, 0, done);
            }
            @Override public void clean(long addr, long len, Runnable done) {
                ops.add("clean " + Long.toHexString(addr) + "+" + len + " @" + r.engine.now());
                r.engine.scheduleAfter(300 * NS, 0, (t, p, a) -> ((Runnable) a).run(), 0, 0, done);
            }
        };
        DmaDevice gpu = new DmaDevice(new DeviceSpec("gpu0", false, true, false), GPU0, l2);
        Rig.FakeDevice dev = r.fake(gpu);
        DmaJob[] j = new DmaJob[1];
        j[0] = dev.submit(T0, List.of(BufferUse.read(r.a), BufferUse.write(r.b)), List.of(), 1 * US, null);
        r.run();
        // map A: 200 ns + 500 ns, map B: 200 + 500 -> ready 1.4 us; work 1 us; unmap B at 2.4: clean 300 + 500; unmap A at 3.2: 300 + 500
        assertEquals(List.of("invalidate 10000+4096 @0", "invalidate 20000+4096 @700000",
                "clean 20000+4096 @2400000", "clean 10000+4096 @3200000"), ops);
        assertEquals(1400 * NS, j[0].startedPs());
        assertEquals(4 * US, j[0].fence().signalTimePs());
        assertEquals(List.of(), r.cpu.ops);
    }
}
