package dev.dmasim.core.check;

import java.util.Arrays;

/**
 * A union of byte ranges, kept as sorted disjoint intervals, so that a violation record counts
 * each affected byte once however often it is touched. Passes sweep buffers in order, so
 * appending at the end is the fast path.
 */
final class Extent {
    private long[] iv = new long[8]; // start0, end0, start1, end1, ...
    private int n; // intervals
    private long total;

    void add(long start, long end) {
        if (end <= start) return;
        if (n == 0 || start > iv[2 * n - 1]) {
            append(start, end);
            return;
        }
        if (start >= iv[2 * n - 2]) { // overlaps or touches the last interval
            if (end > iv[2 * n - 1]) {
                total += end - iv[2 * n - 1];
                iv[2 * n - 1] = end;
            }
            return;
        }
        merge(start, end);
    }

    long total() { return total; }

    /** The lowest byte in the union ({@code -1} if empty). */
    long min() { return n == 0 ? -1 : iv[0]; }

    int intervals() { return n; }

    private void append(long start, long end) {
        if (2 * n + 2 > iv.length) iv = Arrays.copyOf(iv, iv.length * 2);
        iv[2 * n] = start;
        iv[2 * n + 1] = end;
        n++;
        total += end - start;
    }

    /** General case: rebuild with [start, end) merged into every interval it overlaps or touches. */
    private void merge(long start, long end) {
        long[] out = new long[Math.max(iv.length, 2 * n + 2)];
        int m = 0;
        boolean placed = false;
        long t = 0;
        for (int i = 0; i < n; i++) {
            long s = iv[2 * i], e = iv[2 * i + 1];
            if (e < start) {
                out[2 * m] = s; out[2 * m + 1] = e; m++;
            } else if (s > end) {
                if (!placed) { out[2 * m] = start; out[2 * m + 1] = end; m++; placed = true; }
                out[2 * m] = s; out[2 * m + 1] = e; m++;
            } else {
                start = Math.min(start, s);
                end = Math.max(end, e);
            }
        }
        if (!placed) { out[2 * m] = start; out[2 * m + 1] = end; m++; }
        for (int i = 0; i < m; i++) t += out[2 * i + 1] - out[2 * i];
        iv = out;
        n = m;
        total = t;
    }
}
