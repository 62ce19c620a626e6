package dev.dmasim.core.check;

import java.util.Arrays;

/**
 * An immutable vector clock: what a release publishes (a fence's signal, a QBUF, a submission)
 * and what an acquire joins. Component {@code i} belongs to agent {@code i}; components past
 * the end are 0 (agents registered after the snapshot was taken).
 */
public final class ClockSnapshot {
    /** Orders nothing: the clock of a fence that carries no history (a signalled stub). */
    public static final ClockSnapshot EMPTY = new ClockSnapshot(new int[0]);

    private final int[] c;

    /** Wraps {@code c} without copying: the caller never changes it again. */
    ClockSnapshot(int[] c) { this.c = c; }

    public static ClockSnapshot of(int... components) { return new ClockSnapshot(components.clone()); }

    public int get(int agent) { return agent < c.length ? c[agent] : 0; }

    public int size() { return c.length; }

    int[] components() { return c; }

    /** Component-wise maximum: the clock of a fence merged from {@code a} and {@code b}. */
    public static ClockSnapshot merge(ClockSnapshot a, ClockSnapshot b) {
        if (a == null || a.c.length == 0) return b == null ? EMPTY : b;
        if (b == null || b.c.length == 0) return a;
        int[] big = a.c.length >= b.c.length ? a.c : b.c, small = big == a.c ? b.c : a.c;
        int[] out = big.clone();
        boolean changed = false;
        for (int i = 0; i < small.length; i++) {
            if (small[i] > out[i]) { out[i] = small[i]; changed = true; }
        }
        if (!changed) return big == a.c ? a : b;
        return new ClockSnapshot(out);
    }

    /** True if every component of this is at most the same component of {@code o}. */
    public boolean leq(ClockSnapshot o) {
        for (int i = 0; i < c.length; i++) if (c[i] > o.get(i)) return false;
        return true;
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof ClockSnapshot)) return false;
        ClockSnapshot s = (ClockSnapshot) o;
        int n = Math.max(c.length, s.c.length);
        for (int i = 0; i < n; i++) if (get(i) != s.get(i)) return false;
        return true;
    }

    @Override public int hashCode() {
        int n = c.length;
        while (n > 0 && c[n - 1] == 0) n--;
        return Arrays.hashCode(Arrays.copyOf(c, n));
    }

    @Override public String toString() { return Arrays.toString(c); }
}
