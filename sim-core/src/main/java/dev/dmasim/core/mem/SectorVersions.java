package dev.dmasim.core.mem;

import java.util.Arrays;

/**
 * The contents of memory as versions, not data: one {@code long} per sector of
 * {@code granularity} bytes (4..64, a power of two). Version 0 means never written.
 *
 * <p><b>Pages.</b> Kept in pages of {@value #PAGE_SECTORS} sectors. A page nobody wrote is
 * absent (all zero). A written page starts as a short list of <em>runs</em> (at most
 * {@value #MAX_RUNS} ranges of sectors with one version each; other sectors are 0), because
 * memory is mostly written by streams: a pass writing a buffer line after line (a CPU's
 * write-backs, a copy engine, a camera) leaves one run per page, and the next pass over it
 * replaces that run run-wise. A page whose writes need more runs becomes a plain array of its
 * sectors. So a stream neither touches nor allocates memory per line (on the heap, a dense page
 * per 4096 sectors cost a fifth of a write stream's time in fresh memory and young collections),
 * and memory written in scattered pieces still costs one array access per sector.
 */
public final class SectorVersions {
    /** Sectors per page (a power of two). */
    public static final int PAGE_SECTORS = 4096;
    /** Runs a page holds before it becomes an array. */
    public static final int MAX_RUNS = 4;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = PAGE_SECTORS - 1;

    private final long capacity;
    private final int granularity;
    private final int shift;
    /** Per page: its array once dense, else null. */
    private final long[][] dense;
    /**
     * Per page while not dense: null (absent, all zero) or its runs, sorted by start and
     * disjoint: {@code [n, start0, end0, v0, start1, end1, v1, ...]}, sector numbers within the
     * page, end exclusive, no run of version 0, no two adjacent runs with one version.
     */
    private final long[][] runs;
    private int pagesAllocated, densePages;
    // Scratch for rebuilding a page's runs (a write can split one run and add one).
    private final long[] scratch = new long[1 + 3 * (MAX_RUNS + 2)];

    /**
     * @param capacity    bytes of memory covered (addresses {@code [0, capacity)})
     * @param granularity sector size in bytes: 4..64, a power of two
     */
    public SectorVersions(long capacity, int granularity) {
        if (granularity < 4 || granularity > 64 || Integer.bitCount(granularity) != 1) {
            throw new IllegalArgumentException("granularity must be a power of two in 4..64, got " + granularity);
        }
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        this.capacity = capacity;
        this.granularity = granularity;
        this.shift = Integer.numberOfTrailingZeros(granularity);
        long sectors = (capacity + granularity - 1) >>> shift;
        long npages = (sectors + PAGE_SECTORS - 1) >>> PAGE_SHIFT;
        if (npages > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("capacity too large: " + capacity);
        this.dense = new long[(int) npages][];
        this.runs = new long[(int) npages][];
    }

    public long capacity() { return capacity; }

    public int granularity() { return granularity; }

    /** Number of pages that have held a non-zero version (as runs or as an array). */
    public int pagesAllocated() { return pagesAllocated; }

    /** Number of pages kept as arrays of {@value #PAGE_SECTORS} sectors. */
    public int densePages() { return densePages; }

    /** Number of sectors that {@code [addr, addr + size)} touches (size >= 1). */
    public static int sectorCount(long addr, long size, int granularity) {
        int s = Integer.numberOfTrailingZeros(granularity);
        return (int) (((addr + size - 1) >>> s) - (addr >>> s) + 1);
    }

    /** Number of sectors that {@code [addr, addr + size)} touches at this memory's granularity. */
    public int sectors(long addr, long size) {
        return (int) (((addr + size - 1) >>> shift) - (addr >>> shift) + 1);
    }

    /** Version of the sector holding byte {@code addr}. */
    public long get(long addr) {
        check(addr, 1);
        return sector(addr >>> shift);
    }

    /** Copy the versions of the sectors of {@code [addr, addr + size)} into {@code out[off..]}. */
    public void read(long addr, long size, long[] out, int off) {
        check(addr, size);
        long s = addr >>> shift;
        long last = (addr + size - 1) >>> shift;
        if (last == s) { // one sector: the common case of a line at 64 B
            out[off] = sector(s);
            return;
        }
        int n = (int) (last - s + 1);
        while (n > 0) {
            int page = (int) (s >>> PAGE_SHIFT);
            int at = (int) (s & PAGE_MASK);
            int k = Math.min(n, PAGE_SECTORS - at);
            long[] d = dense[page];
            if (d != null) {
                System.arraycopy(d, at, out, off, k);
            } else {
                long[] r = runs[page];
                if (r == null) Arrays.fill(out, off, off + k, 0L);
                else for (int i = 0; i < k; i++) out[off + i] = runValue(r, at + i);
            }
            off += k;
            s += k;
            n -= k;
        }
    }

    /**
     * Store {@code in[off..]} as the versions of the sectors of {@code [addr, addr + size)}; a
     * sector written in part takes the new version whole.
     */
    public void write(long addr, long size, long[] in, int off) {
        check(addr, size);
        long s = addr >>> shift;
        long last = (addr + size - 1) >>> shift;
        if (last == s) { // one sector: the common case of a line at 64 B
            int page = (int) (s >>> PAGE_SHIFT);
            int at = (int) (s & PAGE_MASK);
            long[] d = dense[page];
            if (d != null) {
                d[at] = in[off];
                return;
            }
            long[] r = runs[page];
            if (r != null && r[0] == 1 && r[2] == at && r[3] == in[off]) {
                r[2] = at + 1; // a stream extends its page's one run: the common case, kept small enough to inline
                return;
            }
            assign(page, at, at + 1, in[off]);
            return;
        }
        int n = (int) (last - s + 1);
        while (n > 0) {
            int page = (int) (s >>> PAGE_SHIFT);
            int at = (int) (s & PAGE_MASK);
            int k = Math.min(n, PAGE_SECTORS - at);
            long[] d = dense[page];
            if (d != null) {
                System.arraycopy(in, off, d, at, k);
            } else {
                // One run per stretch of equal versions (a line's sectors mostly share one).
                for (int i = 0; i < k; ) {
                    int j = i + 1;
                    while (j < k && in[off + j] == in[off + i]) j++;
                    if (dense[page] != null) System.arraycopy(in, off + i, dense[page], at + i, j - i);
                    else assign(page, at + i, at + j, in[off + i]);
                    i = j;
                }
            }
            off += k;
            s += k;
            n -= k;
        }
    }

    /** Give every sector of {@code [addr, addr + len)} the version {@code v}. */
    public void fill(long addr, long len, long v) {
        check(addr, len);
        long s = addr >>> shift;
        long n = ((addr + len - 1) >>> shift) - s + 1;
        while (n > 0) {
            int page = (int) (s >>> PAGE_SHIFT);
            int at = (int) (s & PAGE_MASK);
            int k = (int) Math.min(n, PAGE_SECTORS - at);
            long[] d = dense[page];
            if (d != null) Arrays.fill(d, at, at + k, v);
            else assign(page, at, at + k, v);
            s += k;
            n -= k;
        }
    }

    private long sector(long s) {
        int page = (int) (s >>> PAGE_SHIFT);
        long[] d = dense[page];
        if (d != null) return d[(int) (s & PAGE_MASK)];
        long[] r = runs[page];
        return r == null ? 0 : runValue(r, (int) (s & PAGE_MASK));
    }

    private static long runValue(long[] r, int at) {
        for (int i = 1, end = 1 + 3 * (int) r[0]; i < end; i += 3) {
            if (at < r[i]) return 0;
            if (at < r[i + 1]) return r[i + 2];
        }
        return 0;
    }

    /** Sectors {@code [a, b)} of a page that is not dense take version {@code v}. */
    private void assign(int page, int a, int b, long v) {
        long[] r = runs[page];
        if (r == null) {
            if (v == 0) return;
            r = runs[page] = new long[1 + 3 * MAX_RUNS];
            pagesAllocated++;
        }
        int n = (int) r[0];
        // A stream extends a run at its end: the common case, without rebuilding.
        for (int i = 1, end = 1 + 3 * n; i < end; i += 3) {
            if (r[i + 1] == a && r[i + 2] == v && (i + 3 == end || r[i + 3] >= b)) {
                r[i + 1] = b;
                if (i + 3 < end && r[i + 3] == b && r[i + 5] == v) removeRun(r, i + 3, b);
                return;
            }
            if (r[i] <= a && b <= r[i + 1] && r[i + 2] == v) return; // already so
        }
        // Rebuild: the runs outside [a, b), cut where they overlap it, and [a, b) itself.
        long[] out = scratch;
        int m = 0;
        boolean placed = v == 0;
        for (int i = 1, end = 1 + 3 * n; i < end; i += 3) {
            long s = r[i], e = r[i + 1], x = r[i + 2];
            if (!placed && s >= a) {
                m = append(out, m, a, b, v);
                placed = true;
            }
            if (e <= a || s >= b) {
                m = append(out, m, s, e, x);
            } else {
                if (s < a) m = append(out, m, s, a, x);
                if (!placed) {
                    m = append(out, m, a, b, v);
                    placed = true;
                }
                if (e > b) m = append(out, m, b, e, x);
            }
        }
        if (!placed) m = append(out, m, a, b, v);
        if (m > MAX_RUNS) {
            makeDense(page, r);
            Arrays.fill(dense[page], a, b, v);
            return;
        }
        r[0] = m;
        System.arraycopy(out, 1, r, 1, 3 * m);
    }

    /** Append run [s, e) = x to {@code out} (holding m runs), merging with the last one when they touch with one version. */
    private static int append(long[] out, int m, long s, long e, long x) {
        int last = 1 + 3 * (m - 1);
        if (m > 0 && out[last + 1] == s && out[last + 2] == x) {
            out[last + 1] = e;
            return m;
        }
        int i = 1 + 3 * m;
        out[i] = s;
        out[i + 1] = e;
        out[i + 2] = x;
        return m + 1;
    }

    /** The run at {@code i} now reaches {@code b}, where the next run (same version) starts: merge them. */
    private static void removeRun(long[] r, int next, long b) {
        int n = (int) r[0];
        r[next - 2] = r[next + 1];
        System.arraycopy(r, next + 3, r, next, 1 + 3 * n - (next + 3));
        r[0] = n - 1;
    }

    private void makeDense(int page, long[] r) {
        long[] d = new long[PAGE_SECTORS];
        for (int i = 1, end = 1 + 3 * (int) r[0]; i < end; i += 3) Arrays.fill(d, (int) r[i], (int) r[i + 1], r[i + 2]);
        dense[page] = d;
        runs[page] = null;
        densePages++;
    }

    private void check(long addr, long size) {
        if (addr < 0 || size <= 0 || addr + size > capacity) {
            throw new IllegalStateException("invariant: access [0x" + Long.toHexString(addr) + ", +" + size
                    + ") outside memory of " + capacity + " bytes");
        }
    }
}
