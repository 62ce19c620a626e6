package dev.dmasim.core.check;

import java.util.Arrays;

/**
 * One agent's mutable vector clock, grown as agents register. Copy-on-write: a pass or a
 * release shares the current array instead of copying it, and the next change copies first,
 * so an agent that starts many passes between two synchronizations stores its clock once.
 */
public final class VectorClock {
    private int[] c;
    private boolean shared;

    /** A fresh clock for agent {@code self}: its own component starts at 1 so that nothing else covers it. */
    public VectorClock(int self) {
        c = new int[self + 1];
        c[self] = 1;
    }

    public int get(int agent) { return agent < c.length ? c[agent] : 0; }

    /** The current components, frozen: later changes to this clock do not show in it. */
    int[] share() {
        shared = true;
        return c;
    }

    public ClockSnapshot snapshot() { return new ClockSnapshot(share()); }

    /** Advances {@code agent}'s own component: later operations are not covered by earlier snapshots. */
    public void tick(int agent) {
        writable(agent + 1);
        c[agent]++;
    }

    /** Joins {@code s} (component-wise maximum); copies only if something changes. */
    public void join(ClockSnapshot s) {
        int[] o = s.components();
        int n = o.length;
        for (int i = 0; i < n; i++) {
            if (o[i] > get(i)) {
                writable(n);
                for (int j = i; j < n; j++) if (o[j] > c[j]) c[j] = o[j];
                return;
            }
        }
    }

    private void writable(int size) {
        if (shared || c.length < size) {
            c = Arrays.copyOf(c, Math.max(c.length, size));
            shared = false;
        }
    }

    @Override public String toString() { return Arrays.toString(c); }
}
