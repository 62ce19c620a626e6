package dev.dmasim.caches;

/**
 * A multiset of line numbers (non-negative {@code long}s): how many times each is present. Open
 * addressing with linear probing over primitive arrays, deletion by backward shift, so it never
 * allocates except to grow. A cache uses it for "is a write of this line in flight?", which a
 * scan of every write in flight answered in time proportional to their number (hundreds while a
 * CPU streams dirty lines out).
 */
public final class LineCounts {
    private static final long EMPTY = -1L;

    private long[] keys;
    private int[] counts;
    private int mask;
    private int shift; // 64 - log2(capacity): the hash's top bits pick the slot
    private int size;

    public LineCounts() {
        this(16);
    }

    /** Room for about {@code expected} distinct lines before growing. */
    public LineCounts(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[cap];
        java.util.Arrays.fill(keys, EMPTY);
        counts = new int[cap];
        mask = cap - 1;
        shift = 64 - Integer.numberOfTrailingZeros(cap);
    }

    /** Distinct lines present. */
    public int size() { return size; }

    /** How many times {@code line} is present (0 if absent). */
    public int count(long line) {
        for (int i = slot(line); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == line) return counts[i];
            if (k == EMPTY) return 0;
        }
    }

    public boolean contains(long line) { return count(line) > 0; }

    /** Add one occurrence of {@code line} (>= 0). */
    public void add(long line) {
        if (line < 0) throw new IllegalArgumentException("line numbers are non-negative: " + line);
        int i = slot(line);
        while (true) {
            long k = keys[i];
            if (k == line) {
                counts[i]++;
                return;
            }
            if (k == EMPTY) break;
            i = (i + 1) & mask;
        }
        keys[i] = line;
        counts[i] = 1;
        if (++size * 2 > keys.length) grow();
    }

    /** Remove one occurrence of {@code line}, which must be present. */
    public void remove(long line) {
        int i = slot(line);
        while (keys[i] != line) {
            if (keys[i] == EMPTY) throw new IllegalStateException("invariant: line " + line + " is not present");
            i = (i + 1) & mask;
        }
        if (--counts[i] > 0) return;
        size--;
        // Backward shift: move later entries of the probe run into the hole, so lookups never need tombstones.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            // j may fill the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                keys[hole] = keys[j];
                counts[hole] = counts[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        counts[hole] = 0;
    }

    private int slot(long line) {
        return (int) ((line * 0x9E3779B97F4A7C15L) >>> shift); // Fibonacci hashing: consecutive lines spread out
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        java.util.Arrays.fill(keys, EMPTY);
        counts = new int[keys.length];
        mask = keys.length - 1;
        shift--;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == EMPTY) continue;
            int j = slot(oldKeys[i]);
            while (keys[j] != EMPTY) j = (j + 1) & mask;
            keys[j] = oldKeys[i];
            counts[j] = oldCounts[i];
        }
    }
}
