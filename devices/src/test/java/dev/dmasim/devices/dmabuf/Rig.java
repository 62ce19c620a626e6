package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.time.Time;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * A small world for layer tests: three threads, two buffers, fake caches and clocks, fake
 * devices with a fixed work time. Costs: ioctl 1 us, driver map/unmap 500 ns, CPU cache op 100 ns.
 */
final class Rig {
    static final int T0 = 0, T1 = 1, T2 = 2;
    static final int DMA0 = 10, DMA1 = 11, GPU0 = 20, GPU1 = 21, GPU2 = 22;
    static final long US = Time.US, NS = Time.NS;
    static final long CACHE_OP = 100 * NS;
    private static final Map<Integer, String> NAMES = Map.of(T0, "cpu0/main", T1, "cpu0/t1", T2, "cpu1/t2",
            DMA0, "dma0", DMA1, "dma1", GPU0, "gpu0", GPU1, "gpu1", GPU2, "gpu2");
    private static final EventHandler RUN = (t, p, a) -> ((Runnable) a).run();

    final Engine engine = new Engine();
    final FakeHappensBefore hb = new FakeHappensBefore();
    final FakeCpuCache cpu = new FakeCpuCache(engine, CACHE_OP);
    final RecordingListener listener = new RecordingListener();
    final DmaBufSpec spec;
    final DmaBufLayer layer;
    final DmaBuf a, b;

    Rig(String policy) { this(policy, DmaBufSpec.defaults(false)); }

    Rig(String policy, DmaBufSpec spec) {
        this.spec = spec;
        DmaBufPolicy p = DmaBufPolicies.standard().create(policy, spec);
        if (p == null) throw new IllegalArgumentException(policy);
        layer = new DmaBufLayer(engine, spec, p, hb, cpu, listener, NAMES::get);
        a = layer.createBuffer("A", 0x10000, 4096, "gpu0");
        b = layer.createBuffer("B", 0x20000, 4096, "gpu0");
        cpu.name(a);
        cpu.name(b);
    }

    static DmaBufSpec spec(boolean readersShare) {
        DmaBufSpec d = DmaBufSpec.defaults(false);
        return new DmaBufSpec(d.cpuCoherent(), d.mapSyncsCpu(), d.syncTargets(), d.cpuHooks(), d.forDeviceFromDevice(),
                readersShare, d.ioctlCostPs(), d.mapCostPs());
    }

    DmaDevice device(String name, int agent, boolean coherent, boolean publish, boolean manual) {
        return new DmaDevice(new DeviceSpec(name, coherent, publish, manual), agent, DeviceCache.NONE);
    }

    FakeDevice fake(String name, int agent) { return new FakeDevice(device(name, agent, false, true, false)); }

    FakeDevice fake(DmaDevice d) { return new FakeDevice(d); }

    void at(long time, Runnable r) { engine.schedule(time, 0, RUN, 0, 0, r); }

    /** Runs the engine; returns nothing, fails if events remain beyond a second. */
    void run() { engine.runUntil(Time.S); }

    /** A device with a job queue whose jobs take a fixed time between start and finish. */
    final class FakeDevice {
        final DmaDevice dev;
        private final ArrayDeque<DmaJob> queue = new ArrayDeque<>();
        private final java.util.HashMap<DmaJob, Long> work = new java.util.HashMap<>();
        private DmaJob current;

        FakeDevice(DmaDevice dev) { this.dev = dev; }

        DmaJob submit(int thread, List<BufferUse> uses, List<DmaFence> after, long workPs, Runnable submitted) {
            return layer.submit(thread, dev, uses, after, job -> {
                work.put(job, workPs);
                queue.add(job);
                if (current == null) next();
            }, submitted == null ? () -> {} : submitted);
        }

        private void next() {
            current = queue.poll();
            if (current == null) return;
            DmaJob j = current;
            layer.startJob(j, () -> engine.scheduleAfter(work.get(j), 0, RUN, 0, 0,
                    (Runnable) () -> layer.finishJob(j, this::next)));
        }
    }
}
