package dev.dmasim.caches;

import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamFormat;
import dev.dmasim.core.param.ParamKind;

import java.util.List;

/**
 * Geometry, timing and policies of one set-associative cache. Devices build theirs (a GPU's L2)
 * from their own parameters; the CPU's come from {@link dev.dmasim.caches.cpu.CpuSpec}.
 *
 * @param sizeBytes          capacity
 * @param ways               associativity
 * @param lineBytes          line size (a power of two, at least the run's sector granularity)
 * @param hitCycles          tag lookup + data access of a hit, in cycles of the cache's clock
 * @param mshrs              misses that may be outstanding at once (misses to one line share one)
 * @param writePolicy        write-back (with write-allocate) or write-through (without)
 * @param replacement        LRU or tree-PLRU
 * @param maintCyclesPerLine cost of visiting one line in a maintenance operation, in cycles
 */
public record CacheSpec(long sizeBytes, int ways, int lineBytes, int hitCycles, int mshrs,
                        WritePolicy writePolicy, Replacement replacement, int maintCyclesPerLine) {

    /** Number of lines. */
    public long lines() { return sizeBytes / lineBytes; }

    /** Number of sets. */
    public int sets() { return (int) (sizeBytes / ((long) lineBytes * ways)); }

    /** A copy with another size (handy in tests and sweeps). */
    public CacheSpec withSize(long size) {
        return new CacheSpec(size, ways, lineBytes, hitCycles, mshrs, writePolicy, replacement, maintCyclesPerLine);
    }

    public CacheSpec withWays(int w) {
        return new CacheSpec(sizeBytes, w, lineBytes, hitCycles, mshrs, writePolicy, replacement, maintCyclesPerLine);
    }

    public CacheSpec withReplacement(Replacement r) {
        return new CacheSpec(sizeBytes, ways, lineBytes, hitCycles, mshrs, writePolicy, r, maintCyclesPerLine);
    }

    public CacheSpec withWritePolicy(WritePolicy p) {
        return new CacheSpec(sizeBytes, ways, lineBytes, hitCycles, mshrs, p, replacement, maintCyclesPerLine);
    }

    public CacheSpec withMshrs(int n) {
        return new CacheSpec(sizeBytes, ways, lineBytes, hitCycles, n, writePolicy, replacement, maintCyclesPerLine);
    }

    /**
     * Adds to {@code errors} every geometry problem, each naming the parameter at fault and its
     * valid range. {@code sizeParam}, {@code waysParam}, {@code lineParam} and {@code replParam}
     * are the names the user wrote (e.g. {@code cpu.l1.size}, {@code cpu.l1.ways}, {@code cpu.line},
     * {@code cpu.l1.replacement}). Returns true if the spec is valid.
     */
    public boolean validate(String sizeParam, String waysParam, String lineParam, String replParam,
                            String mshrsParam, List<ParamError> errors) {
        int before = errors.size();
        if (lineBytes <= 0 || Long.bitCount(lineBytes) != 1) {
            errors.add(new ParamError(lineParam, lineParam + " = " + lineBytes + "B must be a power of two (valid: 4B, 8B, ... 4KiB)"));
        }
        if (sizeBytes <= 0) {
            errors.add(new ParamError(sizeParam, sizeParam + " must be larger than 0 (valid: one line .. 1GiB, ways x line x a power of two)"));
        }
        if (ways <= 0) {
            errors.add(new ParamError(waysParam, waysParam + " must be at least 1 (valid: 1 .. the number of lines)"));
        }
        if (mshrs <= 0) {
            errors.add(new ParamError(mshrsParam, mshrsParam + " must be at least 1 (valid: 1 .. 1024)"));
        }
        if (errors.size() > before) return false;
        if (lineBytes > sizeBytes) {
            long largest = Long.highestOneBit(sizeBytes);
            errors.add(new ParamError(lineParam, lineParam + " = " + size(lineBytes) + " is larger than " + sizeParam + " = "
                    + size(sizeBytes) + (largest >= 4 ? " (valid: 4B .. " + size(largest) + ")"
                                                      : " (a cache holds at least one line of 4B or more: make " + sizeParam + " larger)"),
                    List.of(sizeParam)));
            return false;
        }
        long lines = sizeBytes / lineBytes;
        if (ways > lines) {
            errors.add(new ParamError(waysParam, waysParam + " = " + ways + " exceeds the " + lines + " lines of " + sizeParam
                    + " = " + size(sizeBytes) + " (valid: 1 .. " + lines + ")", List.of(sizeParam, lineParam)));
            return false;
        }
        long setBytes = (long) lineBytes * ways;
        long sets = sizeBytes / setBytes;
        if (sizeBytes % setBytes != 0 || Long.bitCount(sets) != 1) {
            long lo = Long.highestOneBit(Math.max(1, sets)) * setBytes;
            errors.add(new ParamError(sizeParam, sizeParam + " = " + size(sizeBytes) + " with " + ways + " ways of " + size(lineBytes)
                    + " does not give a power-of-two number of sets (valid: " + ways + " x " + size(lineBytes)
                    + " x 2^k, e.g. " + size(lo) + " or " + size(lo * 2) + ")", List.of(waysParam, lineParam)));
            return false;
        }
        if (replacement == Replacement.PLRU && (Integer.bitCount(ways) != 1 || ways > 64)) {
            errors.add(new ParamError(replParam, replParam + " = plru needs a power-of-two number of ways up to 64, but "
                    + waysParam + " = " + ways + " (valid: lru, or ways 1, 2, 4 ... 64)", List.of(waysParam)));
            return false;
        }
        return true;
    }

    /** Throws IllegalArgumentException if the spec is invalid (for code that builds specs directly). */
    public void requireValid(String name) {
        List<ParamError> errors = new java.util.ArrayList<>();
        if (!validate(name + ".size", name + ".ways", name + ".line", name + ".replacement", name + ".mshrs", errors)) {
            throw new IllegalArgumentException(errors.get(0).message());
        }
        if (hitCycles < 0 || maintCyclesPerLine < 0) throw new IllegalArgumentException(name + ": negative cycle count");
    }

    private static String size(long b) { return ParamFormat.format(ParamKind.SIZE, b); }
}
