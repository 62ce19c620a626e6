package dev.dmasim.core.check.bench;

import dev.dmasim.core.check.CoherencyChecker;

import java.lang.management.ManagementFactory;

/**
 * Times the checker on its hot path: a camera writing a frame (8 MiB unless given) line by line (each line a
 * {@code write} and a {@code memoryWrite}), then a GPU reading it (ordered, same version), for
 * 10^7 line operations, with the checker on and off. CPU time per operation is the figure
 * to compare (wall time suffers from other processes). Run on demand, never in the test suite:
 * {@code java -cp sim-core/target/classes dev.dmasim.core.check.bench.CheckerBenchmark [lineOps] [granularity] [frameBytes]}
 */
public final class CheckerBenchmark {
    private static final long BASE = 0x1000_0000L;
    private static final int LINE = 64;

    public static void main(String[] args) {
        long ops = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int granularity = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int frame = args.length > 2 ? Integer.parseInt(args[2]) : 8 << 20;
        String[] names = {"off", "on, one reader", "on, two readers"};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < 6; round++) { // round 0 warms the JIT up; the best of the others counts
            for (int cfg = 0; cfg < 3; cfg++) {
                double ns = run(cfg > 0, granularity, frame, ops, cfg == 2);
                if (round > 0) best[cfg] = Math.min(best[cfg], ns);
            }
        }
        for (int cfg = 0; cfg < 3; cfg++) {
            System.out.printf("granularity %2d B, checker %-16s best cpu %.1f ns per line op%n", granularity, names[cfg], best[cfg]);
        }
    }

    private static double run(boolean enabled, int granularity, int frameBytes, long ops, boolean twoReaders) {
        long[] now = {0};
        CoherencyChecker c = new CoherencyChecker(enabled, granularity, () -> now[0], CoherencyChecker.MAX_SAMPLES);
        int cam = c.registerAgent("cam0"), gpu0 = c.registerAgent("gpu0"), gpu1 = c.registerAgent("gpu1");
        c.registerBuffer("frame[0]", BASE, frameBytes);
        long[] versions = new long[LINE / granularity];
        int lines = frameBytes / LINE;
        long done = 0;
        long alloc0 = allocatedBytes();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        while (done < ops) {
            int w = c.beginPass(cam, "cam0 frame", false, 0);
            java.util.Arrays.fill(versions, w);
            for (int i = 0; i < lines && done < ops; i++, done++) {
                long a = BASE + (long) i * LINE;
                now[0] += 1000;
                c.write(w, a, LINE, null);
                c.memoryWrite(a, LINE, versions, 0, "cam0");
            }
            c.endPass(w);
            // the camera's buffer-done orders the readers after the frame
            c.acquire(gpu0, c.release(cam));
            if (twoReaders) c.acquire(gpu1, c.release(cam));
            int r0 = c.beginPass(gpu0, "gpu0 job", true, 0);
            int r1 = twoReaders ? c.beginPass(gpu1, "gpu1 job", true, 0) : 0;
            for (int i = 0; i < lines && done < ops; i++, done++) {
                long a = BASE + (long) i * LINE;
                now[0] += 1000;
                c.read(r0, a, LINE, versions, 0, "memory");
                if (twoReaders) c.read(r1, a, LINE, versions, 0, "memory");
            }
            c.endPass(r0);
            if (twoReaders) c.endPass(r1);
            c.acquire(cam, c.release(gpu0)); // QBUF after the job's fence
            if (twoReaders) c.acquire(cam, c.release(gpu1));
        }
        long ns = System.nanoTime() - t0;
        long cpuNs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        long alloc = allocatedBytes() - alloc0;
        System.out.printf("checker %-3s granularity %2d B %-11s %,d line ops: wall %,d ms, cpu %.1f ns/op, %.2f B allocated/op, %d violations%n",
                enabled ? "on" : "off", granularity, twoReaders ? "two readers" : "one reader", ops, ns / 1_000_000,
                (double) cpuNs / ops, (double) alloc / ops, c.violations().size());
        return (double) cpuNs / ops;
    }

    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
        if (b instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) b).getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }
}
