package dev.dmasim.reports.charts;

import dev.dmasim.core.result.RunResult;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run's latency samples (ps), sorted, by series: each span name, then the frames' glass-to-glass latency. */
final class LatencySamples {
    static final String FRAMES = "frames (glass to glass)";

    private LatencySamples() {}

    static Map<String, long[]> of(RunResult r) {
        Map<String, long[]> out = new LinkedHashMap<>();
        Map<String, long[]> buf = new LinkedHashMap<>();
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String name : r.spans().keySet()) {
            buf.put(name, new long[16]);
            n.put(name, 0);
        }
        for (RunResult.TraceEvent e : r.trace()) {
            if (!e.category().equals("span") || e.durationPs() < 0 || !buf.containsKey(e.name())) continue;
            long[] b = buf.get(e.name());
            int k = n.get(e.name());
            if (k == b.length) buf.put(e.name(), b = Arrays.copyOf(b, 2 * k));
            b[k] = e.durationPs();
            n.put(e.name(), k + 1);
        }
        buf.forEach((name, b) -> {
            if (n.get(name) == 0) return;
            long[] s = Arrays.copyOf(b, n.get(name));
            Arrays.sort(s);
            out.put(name, s);
        });
        if (!r.frames().isEmpty()) {
            long[] s = r.frames().stream().mapToLong(RunResult.FrameRecord::latencyPs).sorted().toArray();
            out.put(FRAMES, s);
        }
        return out;
    }

    /**
     * The empirical CDF as at most {@code maxPoints} step corners {x = latency, y = fraction of
     * samples at or below it}: every distinct value when there are few, else evenly spaced ranks
     * (the first and last included), so a million samples draw as fast as a thousand.
     */
    static double[][] cdf(long[] sorted, int maxPoints) {
        int n = sorted.length;
        int[] ranks;
        if (n <= maxPoints) {
            ranks = new int[n];
            for (int i = 0; i < n; i++) ranks[i] = i;
        } else {
            ranks = new int[maxPoints];
            for (int i = 0; i < maxPoints; i++) ranks[i] = (int) Math.round((double) i * (n - 1) / (maxPoints - 1));
        }
        double[][] xy = new double[2][ranks.length];
        int k = 0;
        for (int i = 0; i < ranks.length; i++) {
            int rank = ranks[i];
            // the last sample of a run of equal values: the fraction at or below it
            while (rank + 1 < n && sorted[rank + 1] == sorted[rank]) rank++;
            if (k > 0 && xy[0][k - 1] == sorted[rank]) continue;
            xy[0][k] = sorted[rank];
            xy[1][k] = (rank + 1) / (double) n;
            k++;
        }
        return new double[][]{Arrays.copyOf(xy[0], k), Arrays.copyOf(xy[1], k)};
    }
}
