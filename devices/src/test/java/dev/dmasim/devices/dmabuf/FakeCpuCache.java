package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.engine.Engine;

import java.util.ArrayList;
import java.util.List;

/** Records every CPU maintenance op ("clean A" etc., by buffer base) and completes it after a fixed latency. */
public final class FakeCpuCache implements CpuCacheMaintenance {
    private final Engine engine;
    private final long latency;
    public final List<String> ops = new ArrayList<>();
    public final List<Long> times = new ArrayList<>();
    private final java.util.Map<Long, String> names = new java.util.HashMap<>();

    public FakeCpuCache(Engine engine, long latency) {
        this.engine = engine;
        this.latency = latency;
    }

    public void name(DmaBuf b) { names.put(b.addr(), b.name()); }

    private void op(String what, long addr, Runnable done) {
        ops.add(what + " " + names.getOrDefault(addr, Long.toHexString(addr)));
        times.add(engine.now());
        engine.scheduleAfter(latency, 0, (t, p, a) -> ((Runnable) a).run(), 0, 0, done);
    }

    @Override public void clean(int agent, long addr, long len, Runnable done) { op("clean", addr, done); }
    @Override public void invalidate(int agent, long addr, long len, Runnable done) { op("invalidate", addr, done); }
    @Override public void cleanInvalidate(int agent, long addr, long len, Runnable done) { op("clean+invalidate", addr, done); }
}
