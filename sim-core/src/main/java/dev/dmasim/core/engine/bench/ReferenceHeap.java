package dev.dmasim.core.engine.bench;

import java.util.Arrays;

/**
 * The yardstick for the engine: a bare 4-ary min-heap of primitive {@code long} timestamps, each
 * carrying an {@code int} LP id. No priorities, no stable tie order, no cancellation, no
 * handlers: the least work any event queue can do.
 */
final class ReferenceHeap {
    private long[] time;
    private int[] id;
    private int size;

    ReferenceHeap(int capacity) {
        time = new long[Math.max(4, capacity)];
        id = new int[time.length];
    }

    int size() { return size; }

    long minTime() { return time[0]; }

    int minId() { return id[0]; }

    void push(long t, int lp) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            id = Arrays.copyOf(id, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = time[parent];
            if (t >= pt) break;
            time[i] = pt;
            id[i] = id[parent];
            i = parent;
        }
        time[i] = t;
        id[i] = lp;
    }

    /** Removes the minimum (read it first with {@link #minTime} and {@link #minId}). */
    void pop() {
        int n = --size;
        if (n == 0) return;
        long t = time[n];
        int lp = id[n];
        int i = 0;
        while (true) {
            int c = (i << 2) + 1;
            if (c >= n) break;
            int best = c;
            long bt = time[c];
            int end = Math.min(c + 4, n);
            for (int k = c + 1; k < end; k++) {
                long kt = time[k];
                if (kt < bt) {
                    best = k;
                    bt = kt;
                }
            }
            if (t <= bt) break;
            time[i] = bt;
            id[i] = id[best];
            i = best;
        }
        time[i] = t;
        id[i] = lp;
    }
}
