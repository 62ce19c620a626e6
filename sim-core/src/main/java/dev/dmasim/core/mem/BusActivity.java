package dev.dmasim.core.mem;

import dev.dmasim.core.hook.Hook;
import dev.dmasim.core.hook.HookPos;
import dev.dmasim.core.hook.Hookable;
import dev.dmasim.core.result.RunResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bus's bytes over time, per master, for the "bus bandwidth over time" chart: a hook on
 * {@link Bus#HOOK_GRANT} that spreads each tenure's bytes evenly over the tenure and adds them
 * to fixed-width time buckets. Memory stays bounded whatever the run's length: there are at most
 * {@link #MAX_BUCKETS} buckets, and when a tenure ends past the last one, the width doubles and
 * neighbouring buckets merge (bytes are kept exactly; only the resolution halves).
 */
public final class BusActivity implements Hook {
    /** Buckets at most: enough for a chart a few thousand pixels wide. */
    public static final int MAX_BUCKETS = 1024;
    private static final long FIRST_WIDTH_PS = 1_000;   // 1 ns, halved resolution as the run grows

    private final Bus bus;
    private long widthPs = FIRST_WIDTH_PS;
    private double[][] bytes;   // [master][bucket], grown as masters attach
    // The latest tenure: tenures never overlap, so it is the only one the run's end can cut.
    private int lastMaster = -1;
    private long lastStart, lastEnd, lastSize;

    public BusActivity(Bus bus) {
        this.bus = bus;
        this.bytes = new double[0][];
    }

    /** A new recorder, attached to {@code bus}. */
    public static BusActivity attach(Bus bus) {
        BusActivity a = new BusActivity(bus);
        bus.acceptHook(a);
        return a;
    }

    @Override
    public void onHook(Hookable source, HookPos pos, Object item, Object detail) {
        if (pos != Bus.HOOK_GRANT) return;
        MemTransaction t = (MemTransaction) item;
        long start = bus.engine().now();
        add(t.master, start, start + bus.tenureTime(t.size), t.size);
    }

    /** Add {@code size} bytes moved evenly over {@code [startPs, endPs)} by master {@code m}. */
    void add(int m, long startPs, long endPs, long size) {
        if (m >= bytes.length) {
            int old = bytes.length;
            bytes = Arrays.copyOf(bytes, m + 1);
            for (int i = old; i <= m; i++) bytes[i] = new double[MAX_BUCKETS];
        }
        // endPs <= widthPs x MAX_BUCKETS, written so that it cannot overflow near the largest time
        while ((endPs - 1) / MAX_BUCKETS >= widthPs) coarsen();
        lastMaster = m;
        lastStart = startPs;
        lastEnd = endPs;
        lastSize = size;
        spread(bytes[m], startPs, endPs, size);
    }

    private void spread(double[] b, long startPs, long endPs, double size) {
        if (endPs <= startPs) {
            b[(int) Math.min(MAX_BUCKETS - 1, startPs / widthPs)] += size;
            return;
        }
        double perPs = size / (endPs - startPs);
        for (long from = startPs; from < endPs; ) {
            int k = (int) (from / widthPs);
            long to = from + Math.min(endPs - from, widthPs - from % widthPs);   // no overflow near the end of time
            b[k] += perPs * (to - from);
            from = to;
        }
    }

    private void coarsen() {
        for (double[] b : bytes) {
            for (int i = 0; i < MAX_BUCKETS / 2; i++) b[i] = b[2 * i] + b[2 * i + 1];
            Arrays.fill(b, MAX_BUCKETS / 2, MAX_BUCKETS, 0.0);
        }
        widthPs *= 2;
    }

    /**
     * The series up to {@code endPs} (the run's end): masters in attach order, only those that
     * moved bytes; the part of a tenure after {@code endPs} (a run stopped by its time limit) is
     * not counted.
     */
    public RunResult.BusSeries series(long endPs) {
        int n = (int) Math.min(MAX_BUCKETS, Math.max(1, endPs <= 0 ? 1 : (endPs - 1) / widthPs + 1));
        List<String> names = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int m = 0; m < bytes.length; m++) {
            double[] b = Arrays.copyOf(bytes[m], MAX_BUCKETS);
            if (m == lastMaster && lastEnd > endPs && lastEnd > lastStart) {
                long cut = Math.max(endPs, lastStart);
                spread(b, cut, lastEnd, -(double) lastSize * (lastEnd - cut) / (lastEnd - lastStart));
            }
            double sum = 0;
            for (int k = 0; k < n; k++) {
                if (b[k] < 1e-9) b[k] = 0;   // what the cut took back, down to rounding
                sum += b[k];
            }
            if (sum == 0) continue;
            names.add(bus.masterName(m));
            rows.add(Arrays.copyOf(b, n));
        }
        return new RunResult.BusSeries(widthPs, endPs, names, rows);
    }
}
