package dev.dmasim.devices.dmabuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Vector clocks over agents 0..63, for tests: records every release and pass. */
public final class FakeHappensBefore implements HappensBefore {
    static final int N = 64;
    private final long[][] clocks = new long[N][];
    public final Map<Integer, List<long[]>> releases = new HashMap<>();
    public final List<String> passes = new ArrayList<>();
    public final List<Integer> ended = new ArrayList<>();

    private long[] clock(int agent) {
        if (clocks[agent] == null) {
            clocks[agent] = new long[N];
            clocks[agent][agent] = 1;
        }
        return clocks[agent];
    }

    @Override public Object release(int agent) {
        long[] c = clock(agent);
        long[] snap = c.clone();
        c[agent]++;
        releases.computeIfAbsent(agent, a -> new ArrayList<>()).add(snap);
        return snap;
    }

    @Override public void acquire(int agent, Object snapshot) {
        long[] c = clock(agent);
        long[] s = (long[]) snapshot;
        for (int i = 0; i < N; i++) c[i] = Math.max(c[i], s[i]);
    }

    @Override public Object join(Object a, Object b) {
        long[] x = (long[]) a, y = (long[]) b, z = new long[N];
        for (int i = 0; i < N; i++) z[i] = Math.max(x[i], y[i]);
        return z;
    }

    @Override public int beginPass(int agent, String label, boolean frameRead, long generation) {
        passes.add(label);
        return passes.size();
    }

    @Override public void endPass(int pass) { ended.add(pass); }

    /** True if everything in {@code snapshot} happens-before {@code agent}'s next operation. */
    public boolean knows(int agent, Object snapshot) {
        long[] c = clock(agent), s = (long[]) snapshot;
        for (int i = 0; i < N; i++) if (c[i] < s[i]) return false;
        return true;
    }

    /** The {@code i}-th release of {@code agent}. */
    public long[] release(int agent, int i) { return releases.get(agent).get(i); }

    public int releaseCount(int agent) { return releases.getOrDefault(agent, List.of()).size(); }

    @Override public String toString() { return Arrays.deepToString(clocks); }
}
