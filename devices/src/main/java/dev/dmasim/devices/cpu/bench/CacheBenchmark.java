package dev.dmasim.devices.cpu.bench;

import dev.dmasim.caches.cpu.CpuSpec;
import dev.dmasim.caches.support.FixedLatencyMemory;
import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.Bus;
import dev.dmasim.core.mem.BusSpec;
import dev.dmasim.core.mem.Dram;
import dev.dmasim.core.mem.DramSpec;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.time.Time;
import dev.dmasim.devices.cpu.Cpu;
import dev.dmasim.devices.cpu.CpuCore;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How fast the simulator streams CPU loads and stores through the L1/L2 model: one core of the
 * default CPU reads, then writes, {@code total} bytes over a buffer of a given size, in access
 * operations of 1 MiB, with the default bus and DRAM behind the L2 (as in a run), or, in the
 * cases marked "fixed", a fixed-latency memory (to tell the caches' cost from the memory's). Reports
 * simulated bytes per wall-clock second and per second of this thread's CPU time (the honest
 * figure on a shared machine), the simulated bandwidth, events per line and bytes
 * allocated per line (this thread, {@code ThreadMXBean.getThreadAllocatedBytes}). Each case is
 * warmed up on itself (twice, a quarter of the size), then measured once; {@code dmasim bench
 * caches} runs each case in a JVM of its own.
 *
 * <p>Run: {@code java -cp ... dev.dmasim.devices.cpu.bench.CacheBenchmark [totalMiB] [fixedLatencyNs] [case]}
 * (defaults 1024 MiB, 80 ns, every case; a case is chosen by the start of its name, e.g. {@code "read 64"}). Not a test: it takes seconds.
 */
public final class CacheBenchmark {
    private static final long MIB = 1024 * 1024;

    private CacheBenchmark() {}

    /** {buffer bytes, write, fixed-latency memory} of every case, in order. */
    private static final long[][] CASES = {
            {16 * 1024, 0, 0}, {16 * 1024, 1, 0},     // L1-resident
            {512 * 1024, 0, 0}, {512 * 1024, 1, 0},   // L2-resident
            {64 * MIB, 0, 0}, {64 * MIB, 1, 0},       // streaming from memory: bus + DRAM
            {64 * MIB, 0, 1}, {64 * MIB, 1, 1},       // streaming from a fixed-latency memory
    };

    private static String caseName(long[] c) {
        return (c[1] == 1 ? "write " : "read ") + human(c[0]) + (c[2] == 1 ? " fixed" : " buffer");
    }

    /** Every case's name, in order (a name selects its case in {@link #main}). */
    public static java.util.List<String> caseNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (long[] c : CASES) names.add(caseName(c));
        return names;
    }

    public static void printHeader() {
        System.out.printf(Locale.ROOT, "%-24s %8s %8s %14s %13s %13s %8s %7s%n",
                "case", "wall ms", "cpu ms", "sim GB/wall-s", "sim GB/cpu-s", "sim GB/sim-s", "ev/line", "B/line");
    }

    /** Arguments: [totalMiB (1024)] [fixedLatencyNs (80)] [case name prefix (every case)] [--no-header]. */
    public static void main(String[] args) {
        long total = (args.length > 0 ? Long.parseLong(args[0]) : 1024) * MIB;
        long latency = (args.length > 1 ? Long.parseLong(args[1]) : 80) * Time.NS;
        String only = args.length > 2 ? args[2] : null;   // e.g. "read 64 MiB"
        if (args.length <= 3 || !args[3].equals("--no-header")) printHeader();
        for (long[] c : CASES) {
            String name = caseName(c);
            if (only != null && !name.startsWith(only)) continue;
            long fixed = c[2] == 1 ? latency : -1;
            run(c[0], c[1] == 1, total / 4, fixed);       // warm-up, twice on a quarter
            run(c[0], c[1] == 1, total / 4, fixed);
            Result r = run(c[0], c[1] == 1, total, fixed);
            System.out.printf(Locale.ROOT, "%-24s %8d %8d %14.2f %13.2f %13.2f %8.2f %7.2f%n", name, r.wallNs / 1_000_000,
                    r.cpuNs / 1_000_000, total / (r.wallNs / 1e9) / 1e9, total / (r.cpuNs / 1e9) / 1e9,
                    total / (r.simPs / 1e12) / 1e9, (double) r.events / r.lines, (double) r.allocated / r.lines);
        }
    }

    record Result(long wallNs, long cpuNs, long simPs, long events, long lines, long allocated) {}

    /** {@code fixedLatencyPs} < 0: the default bus and DRAM. */
    static Result run(long bufferBytes, boolean write, long total, long fixedLatencyPs) {
        Engine engine = new Engine();
        CpuSpec spec = CpuSpec.defaults();
        MemoryTarget mem;
        int master = 0;
        if (fixedLatencyPs >= 0) {
            mem = new FixedLatencyMemory(engine, fixedLatencyPs, 64);
        } else {
            Bus bus = new Bus(engine, BusSpec.defaults(), new Dram("dram", engine, DramSpec.defaults(), 64));
            master = bus.attachMaster("cpu");
            mem = bus;
        }
        Cpu cpu = new Cpu(spec, 64, engine, mem, master, 1, CoherencyObserver.NONE);
        CpuCore core = cpu.core(0);
        long chunk = Math.min(MIB, bufferBytes);
        Runnable[] next = new Runnable[1];
        long[] done = {0};
        next[0] = () -> {
            if (done[0] >= total) return;
            long off = done[0] % bufferBytes;
            done[0] += chunk;
            core.access(write, 0x1000_0000L + off, chunk, 1, next[0]);
        };
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long a0 = mx.getThreadAllocatedBytes(tid);
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        next[0].run();
        engine.run();
        long wall = System.nanoTime() - w0;
        long cpuNs = mx.getCurrentThreadCpuTime() - c0;
        long allocated = mx.getThreadAllocatedBytes(tid) - a0;
        if (done[0] < total || !core.idle()) throw new IllegalStateException("benchmark did not finish");
        return new Result(wall, cpuNs, engine.now(), engine.eventsProcessed(), total / spec.lineBytes(), allocated);
    }

    private static String human(long b) {
        return b >= MIB ? (b / MIB) + " MiB" : (b / 1024) + " KiB";
    }
}
