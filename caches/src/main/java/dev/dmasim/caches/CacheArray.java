package dev.dmasim.caches;

import java.util.Arrays;

/**
 * The storage of a set-associative cache, untimed: tags, a state byte, replacement bits and the
 * versions of every sector of every line, all in flat primitive arrays indexed by <em>slot</em>
 * ({@code set * ways + way}). Nothing here allocates after construction.
 *
 * <p>A slot's tag is the line number ({@code addr >>> lineShift}) or {@code -1} when invalid, so a
 * lookup is a compare per way. The meaning of the state byte belongs to the owner (clean/dirty
 * for a plain cache, MESI for the CPU's L1s); 0 always means invalid. The versions of slot
 * {@code s} are {@code versions[s * sectorsPerLine ..]}.
 */
public final class CacheArray {
    public static final byte INVALID = 0;

    public final int sets;
    public final int ways;
    public final int lineBytes;
    public final int lineShift;
    public final int sectorBytes;
    public final int sectorShift;
    public final int sectorsPerLine;
    private final long setMask;

    /** Line number per slot, -1 when invalid. */
    public final long[] tags;
    /** Owner-defined state per slot; 0 = invalid. */
    public final byte[] state;
    /** Version per sector: slot * sectorsPerLine + sector-in-line. */
    public final long[] versions;

    private final boolean plru;
    // LRU: a stamp per slot from a per-array counter; the smallest stamp in a set is the victim.
    // (A per-set order of ways in 4-bit fields made the victim O(1) but cost L1 hits 30 %: a
    // touch is on every hit, a victim search only on a fill.)
    private final long[] stamp;
    private long clock;
    // Valid ways per set: a full set (the steady state) needs no search for an invalid way.
    private final int[] setValid;
    // Tree-PLRU: per set, bit n (1 .. ways-1, heap order) says where the victim is: 0 = left, 1 = right.
    private final long[] treeBits;
    private int valid;

    public CacheArray(CacheSpec spec, int sectorBytes) {
        if (Integer.bitCount(sectorBytes) != 1 || sectorBytes > spec.lineBytes()) {
            throw new IllegalArgumentException("sector size " + sectorBytes + " must be a power of two no larger than the line ("
                    + spec.lineBytes() + ")");
        }
        spec.requireValid("cache");
        this.sets = spec.sets();
        this.ways = spec.ways();
        this.lineBytes = spec.lineBytes();
        this.lineShift = Integer.numberOfTrailingZeros(lineBytes);
        this.sectorBytes = sectorBytes;
        this.sectorShift = Integer.numberOfTrailingZeros(sectorBytes);
        this.sectorsPerLine = lineBytes / sectorBytes;
        this.setMask = sets - 1;
        int slots = Math.multiplyExact(sets, ways);
        this.tags = new long[slots];
        Arrays.fill(tags, -1L);
        this.state = new byte[slots];
        this.versions = new long[Math.multiplyExact(slots, sectorsPerLine)];
        this.plru = spec.replacement() == Replacement.PLRU;
        this.stamp = plru ? null : new long[slots];
        this.treeBits = plru ? new long[sets] : null;
        this.setValid = new int[sets];
    }

    public int slots() { return tags.length; }

    public long lineOf(long addr) { return addr >>> lineShift; }

    public int setOf(long lineNo) { return (int) (lineNo & setMask); }

    /** The slot holding {@code lineNo}, or -1. Does not touch replacement state. */
    public int lookup(long lineNo) {
        int base = (int) (lineNo & setMask) * ways;
        final long[] t = tags;
        for (int s = base, end = base + ways; s < end; s++) {
            if (t[s] == lineNo) return s;
        }
        return -1;
    }

    /** Record a use of {@code slot} (which must be valid) for replacement. */
    public void touch(int slot) {
        assert tags[slot] != -1L : "invariant: touching an invalid slot";
        if (!plru) {
            stamp[slot] = ++clock;
            return;
        }
        final int set = (int) (tags[slot] & setMask);
        int node = (slot - set * ways) + ways;
        long bits = treeBits[set];
        while (node > 1) {
            int parent = node >>> 1;
            // Point the parent away from the half just used.
            if ((node & 1) == 0) bits |= 1L << parent;
            else bits &= ~(1L << parent);
            node = parent;
        }
        treeBits[set] = bits;
    }

    /**
     * The slot a fill of {@code lineNo} would take: an invalid way of its set if any (lowest way
     * first), else the replacement policy's choice. Does not change anything.
     */
    public int victim(long lineNo) {
        int set = (int) (lineNo & setMask);
        int base = set * ways;
        final long[] t = tags;
        if (setValid[set] < ways) {
            for (int s = base, end = base + ways; s < end; s++) {
                if (t[s] == -1L) return s;
            }
            throw new IllegalStateException("invariant: set " + set + " counts an invalid way it does not have");
        }
        if (plru) return base + plruVictim(set);
        final long[] st = stamp;
        int best = base;
        for (int s = base + 1, end = base + ways; s < end; s++) {
            if (st[s] < st[best]) best = s;
        }
        return best;
    }

    private int plruVictim(int set) {
        long bits = treeBits[set];
        int node = 1;
        while (node < ways) node = (node << 1) | (int) ((bits >>> node) & 1L);
        return node - ways;
    }

    /** Make {@code slot} hold {@code lineNo} in {@code st} (versions untouched) and touch it. */
    public void install(int slot, long lineNo, byte st) {
        if (tags[slot] == -1L) {
            valid++;
            setValid[(int) (lineNo & setMask)]++;
        }
        tags[slot] = lineNo;
        state[slot] = st;
        touch(slot);
    }

    /** Drop the line in {@code slot}. */
    public void invalidate(int slot) {
        long tag = tags[slot];
        if (tag != -1L) {
            valid--;
            setValid[(int) (tag & setMask)]--;
        }
        tags[slot] = -1L;
        state[slot] = INVALID;
    }

    /** Byte address of the line in {@code slot} (which must be valid). */
    public long addrOf(int slot) { return tags[slot] << lineShift; }

    /** Index in {@link #versions} of the first sector of {@code slot}. */
    public int versionBase(int slot) { return slot * sectorsPerLine; }

    /** Index in {@link #versions} of the sector holding byte {@code addr} of the line in {@code slot}. */
    public int versionIndex(int slot, long addr) {
        return slot * sectorsPerLine + (int) ((addr & (lineBytes - 1)) >>> sectorShift);
    }

    /** Number of valid lines. */
    public int validLines() { return valid; }
}
