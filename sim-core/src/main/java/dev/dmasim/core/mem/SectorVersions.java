package dev.dmasim.core.mem;

import java.util.Arrays;

/**
 * The contents of memory as versions, not data: one {@code long} per sector of
 * {@code granularity} bytes (4..64, a power of two). Version 0 means never written.
 *
 * <p>Kept in pages of {@value #PAGE_SECTORS} sectors, allocated on the first write that puts a
 * non-zero version in them, so a 4 GiB memory costs only what is written. Hot path: primitive
 * arrays, no allocation except a new page.
 */
public final class SectorVersions {
    /** Sectors per page (a power of two). */
    public static final int PAGE_SECTORS = 4096;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = PAGE_SECTORS - 1;

    private final long capacity;
    private final int granularity;
    private final int shift;
    private final long[][] pages;
    private int pagesAllocated;

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
        this.pages = new long[(int) npages][];
    }

    public long capacity() { return capacity; }

    public int granularity() { return granularity; }

    /** Number of pages allocated so far (each {@value #PAGE_SECTORS} longs). */
    public int pagesAllocated() { return pagesAllocated; }

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
        long s = addr >>> shift;
        long[] p = pages[(int) (s >>> PAGE_SHIFT)];
        return p == null ? 0 : p[(int) (s & PAGE_MASK)];
    }

    /** Copy the versions of the sectors of {@code [addr, addr + size)} into {@code out[off..]}. */
    public void read(long addr, long size, long[] out, int off) {
        check(addr, size);
        long s = addr >>> shift;
        if (((addr + size - 1) >>> shift) == s) { // one sector: the common case of a line at 64 B
            long[] p = pages[(int) (s >>> PAGE_SHIFT)];
            out[off] = p == null ? 0 : p[(int) (s & PAGE_MASK)];
            return;
        }
        int n = (int) (((addr + size - 1) >>> shift) - s + 1);
        while (n > 0) {
            int page = (int) (s >>> PAGE_SHIFT);
            int in = (int) (s & PAGE_MASK);
            int k = Math.min(n, PAGE_SECTORS - in);
            long[] p = pages[page];
            if (p == null) Arrays.fill(out, off, off + k, 0L);
            else System.arraycopy(p, in, out, off, k);
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
            long v = in[off];
            long[] p = pages[page];
            if (p == null) {
                if (v == 0) return;
                p = pages[page] = new long[PAGE_SECTORS];
                pagesAllocated++;
            }
            p[(int) (s & PAGE_MASK)] = v;
            return;
        }
        int n = (int) (last - s + 1);
        while (n > 0) {
            int page = (int) (s >>> PAGE_SHIFT);
            int at = (int) (s & PAGE_MASK);
            int k = Math.min(n, PAGE_SECTORS - at);
            long[] p = pages[page];
            if (p == null) {
                if (allZero(in, off, k)) {
                    off += k;
                    s += k;
                    n -= k;
                    continue;
                }
                p = pages[page] = new long[PAGE_SECTORS];
                pagesAllocated++;
            }
            System.arraycopy(in, off, p, at, k);
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
            long[] p = pages[page];
            if (p == null && v != 0) {
                p = pages[page] = new long[PAGE_SECTORS];
                pagesAllocated++;
            }
            if (p != null) Arrays.fill(p, at, at + k, v);
            s += k;
            n -= k;
        }
    }

    private static boolean allZero(long[] a, int off, int k) {
        for (int i = off; i < off + k; i++) if (a[i] != 0) return false;
        return true;
    }

    private void check(long addr, long size) {
        if (addr < 0 || size <= 0 || addr + size > capacity) {
            throw new IllegalStateException("invariant: access [0x" + Long.toHexString(addr) + ", +" + size
                    + ") outside memory of " + capacity + " bytes");
        }
    }
}
