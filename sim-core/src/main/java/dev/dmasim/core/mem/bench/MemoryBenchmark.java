package dev.dmasim.core.mem.bench;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.Bus;
import dev.dmasim.core.mem.BusSpec;
import dev.dmasim.core.mem.Dram;
import dev.dmasim.core.mem.DramSpec;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;

import java.lang.management.ManagementFactory;

/**
 * How fast the bus + DRAM simulate: streams {@code bytes} through the default bus and DRAM at
 * line granularity (64 B) from {@code masters} closed-loop masters that keep their outstanding
 * limit full, and reports simulated bytes per wall-clock second and bytes allocated per
 * transaction (com.sun.management.ThreadMXBean). Run on demand, never in the test suite:
 * {@code java -cp sim-core/target/classes:commons-math3.jar dev.dmasim.core.mem.bench.MemoryBenchmark [MiB] [read|write|mixed] [masters]}.
 */
public final class MemoryBenchmark {
    private MemoryBenchmark() {}

    /** What one run measured. */
    public record Result(String kind, int masters, long transactions, long bytes, long simulatedPs, long events,
                         double wallSeconds, double cpuSeconds, double allocatedBytesPerTransaction) {
        /** Simulated bytes per wall second. */
        public double bytesPerWallSecond() { return bytes / wallSeconds; }

        /** Simulated bytes per second of this thread's CPU time (robust on a shared machine). */
        public double bytesPerCpuSecond() { return bytes / cpuSeconds; }

        public double transactionsPerCpuSecond() { return transactions / cpuSeconds; }

        /** Simulated bandwidth (bytes per simulated second). */
        public double simulatedBandwidth() { return bytes * 1e12 / simulatedPs; }

        public double eventsPerTransaction() { return (double) events / transactions; }

        @Override public String toString() {
            return String.format("%-5s masters=%d: %,d transactions, %.2f GB simulated in %.3f s wall / %.3f s CPU"
                            + " -> %.2f GB/s per wall-s, %.2f GB/s per CPU-s (%.1f M transactions per CPU-s),"
                            + " %.2f events/transaction, %.2f B allocated/transaction, simulated bandwidth %.2f GB/s",
                    kind, masters, transactions, bytes / 1e9, wallSeconds, cpuSeconds, bytesPerWallSecond() / 1e9,
                    bytesPerCpuSecond() / 1e9, transactionsPerCpuSecond() / 1e6, eventsPerTransaction(),
                    allocatedBytesPerTransaction, simulatedBandwidth() / 1e9);
        }
    }

    /** A master streaming consecutive lines, one new request per completion. */
    static final class Streamer implements MemoryRequester {
        final Bus bus;
        final int master;
        final long base;
        final long lines;
        final int line;
        final boolean write;
        final boolean alternate;
        long issued, completed, lastCompletion;

        Streamer(Bus bus, int master, long base, long lines, int line, boolean write, boolean alternate, int window) {
            this.bus = bus;
            this.master = master;
            this.base = base;
            this.lines = lines;
            this.line = line;
            this.write = write;
            this.alternate = alternate;
            for (int i = 0; i < window && issued < lines; i++) {
                MemTransaction t = new MemTransaction();
                t.versions = new long[]{1};
                issue(t);
            }
        }

        void issue(MemTransaction t) {
            long k = issued++;
            t.set(base + k * line, line, alternate ? (k & 1) == 1 : write, master, this, k);
            bus.request(t);
        }

        @Override public void memoryResponse(MemTransaction t) {
            completed++;
            lastCompletion = Math.max(lastCompletion, t.completedPs);
            if (issued < lines) issue(t);
        }

    }

    /**
     * Stream {@code bytes} (split evenly over {@code masters}) of kind {@code read}, {@code write} or
     * {@code mixed} (alternating) and measure; {@code runAhead} false makes every bus step an engine event (the reference the run-ahead figures compare with).
     */
    public static Result run(long bytes, String kind, int masters, boolean runAhead) {
        Engine engine = new Engine();
        Dram dram = new Dram("dram", engine, DramSpec.defaults(), 64);
        Bus bus = new Bus(engine, BusSpec.defaults(), dram);
        bus.setRunAhead(runAhead);
        int line = 64;
        long linesEach = bytes / line / masters;
        Streamer[] s = new Streamer[masters];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long alloc0 = mx.getThreadAllocatedBytes(tid);
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < masters; i++) {
            int m = bus.attachMaster("tg" + i);
            s[i] = new Streamer(bus, m, i * linesEach * line, linesEach, line, kind.equals("write"), kind.equals("mixed"),
                    bus.maxOutstanding(m));
        }
        engine.run();
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        long alloc1 = mx.getThreadAllocatedBytes(tid);
        long tx = 0, end = engine.now();
        for (Streamer st : s) {
            if (st.completed != st.lines) throw new IllegalStateException("invariant: stream incomplete");
            tx += st.completed;
            end = Math.max(end, st.lastCompletion);
        }
        return new Result(kind + (runAhead ? "" : "/events"), masters, tx, tx * line, end, engine.eventsProcessed(),
                (t1 - t0) / 1e9, (c1 - c0) / 1e9, (double) (alloc1 - alloc0) / tx);
    }

    /** The fastest (least CPU time) of {@code reps} runs: the machine may be shared. */
    public static Result best(long bytes, String kind, int masters, boolean runAhead, int reps) {
        Result best = null;
        for (int i = 0; i < reps; i++) {
            Result r = run(bytes, kind, masters, runAhead);
            if (best == null || r.cpuSeconds() < best.cpuSeconds()) best = r;
        }
        return best;
    }

    /**
     * Arguments: [MiB (1024)] [read|write|mixed|all (all)] [masters (1)] [repetitions (3)]
     * [ahead|events|both (both)]. Each case is warmed up on itself (a quarter of its size, twice)
     * before its repetitions; run one case per JVM (as {@code dmasim bench memory} does) to keep
     * the JIT's profile of one case from slowing the next.
     */
    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        String kind = args.length > 1 ? args[1] : "all";
        int masters = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String mode = args.length > 4 ? args[4] : "both";
        String[] kinds = kind.equals("all") ? new String[]{"read", "write", "mixed"} : new String[]{kind};
        for (String k : kinds) {
            for (boolean ahead : new boolean[]{true, false}) {
                boolean wanted = mode.equals("both") || mode.equals(ahead ? "ahead" : "events");
                if (!wanted) continue;
                for (int i = 0; i < 2; i++) run(Math.max(1, mib / 4) << 20, k, masters, ahead);
                System.out.println(best(mib << 20, k, masters, ahead, reps));
            }
        }
    }
}
