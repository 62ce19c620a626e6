package dev.dmasim.caches.cpu;

import dev.dmasim.caches.CacheSpec;
import dev.dmasim.caches.Replacement;
import dev.dmasim.caches.WritePolicy;
import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPU's parameters (every {@code cpu.*} name of MODEL.md): cores, clock, the private L1s
 * and the shared L2, coherence with devices, and prefetching.
 *
 * @param cores             {@code cpu.cores}
 * @param freqHz            {@code cpu.freq}
 * @param l1                one core's L1 ({@code cpu.l1.*}, {@code cpu.line}, {@code cpu.write_policy}, {@code cpu.maint_cycles_per_line})
 * @param l2                the shared L2 ({@code cpu.l2.*} and the same shared parameters)
 * @param coherent          {@code cpu.coherent}: devices snoop the CPU caches (the default of every {@code DEV.coherent})
 * @param prefetch          {@code cpu.prefetch}
 * @param prefetchRatePerUs {@code cpu.prefetch_rate}: speculative fills per microsecond, on average
 */
public record CpuSpec(int cores, long freqHz, CacheSpec l1, CacheSpec l2, boolean coherent,
                      PrefetchMode prefetch, long prefetchRatePerUs) {

    public static final String CORES = "cpu.cores";
    public static final String FREQ = "cpu.freq";
    public static final String LINE = "cpu.line";
    public static final String L1_SIZE = "cpu.l1.size";
    public static final String L1_WAYS = "cpu.l1.ways";
    public static final String L1_REPLACEMENT = "cpu.l1.replacement";
    public static final String L1_HIT_CYCLES = "cpu.l1.hit_cycles";
    public static final String L1_MSHRS = "cpu.l1.mshrs";
    public static final String L2_SIZE = "cpu.l2.size";
    public static final String L2_WAYS = "cpu.l2.ways";
    public static final String L2_REPLACEMENT = "cpu.l2.replacement";
    public static final String L2_HIT_CYCLES = "cpu.l2.hit_cycles";
    public static final String L2_MSHRS = "cpu.l2.mshrs";
    public static final String WRITE_POLICY = "cpu.write_policy";
    public static final String MAINT_CYCLES = "cpu.maint_cycles_per_line";
    public static final String COHERENT = "cpu.coherent";
    public static final String PREFETCH = "cpu.prefetch";
    public static final String PREFETCH_RATE = "cpu.prefetch_rate";
    /** Declared by the checker; read here only to check that a line holds whole sectors. */
    public static final String GRANULARITY = "check.granularity";

    private static final long KIB = 1024, MIB = 1024 * KIB, GIB = 1024 * MIB;

    public int lineBytes() { return l1.lineBytes(); }

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.number(CORES, ParamKind.COUNT, 2, 1, 64, "CPU cores, each with a private L1; threads are pinned to them"));
        r.declare(ParamDecl.number(FREQ, ParamKind.FREQ, 2_000_000_000L, 1_000_000L, 10_000_000_000L, "CPU core and cache clock"));
        r.declare(ParamDecl.number(LINE, ParamKind.SIZE, 64, 4, 4 * KIB, "CPU cache line size (L1 and L2); a power of two, at least check.granularity"));
        r.declare(ParamDecl.number(L1_SIZE, ParamKind.SIZE, 32 * KIB, 1, GIB, "size of each core's L1 data cache"));
        r.declare(ParamDecl.number(L1_WAYS, ParamKind.COUNT, 8, 1, 4096, "L1 associativity"));
        r.declare(ParamDecl.choice(L1_REPLACEMENT, "lru", List.of("lru", "plru"), "L1 replacement: true LRU or tree pseudo-LRU"));
        r.declare(ParamDecl.number(L1_HIT_CYCLES, ParamKind.COUNT, 4, 1, 10_000, "L1 hit latency in CPU cycles; also a core's cost per line accessed"));
        r.declare(ParamDecl.number(L1_MSHRS, ParamKind.COUNT, 8, 1, 1024, "misses one core may have outstanding"));
        r.declare(ParamDecl.number(L2_SIZE, ParamKind.SIZE, MIB, 1, 4 * GIB, "size of the L2 shared by the cores (the CPU's bus master)"));
        r.declare(ParamDecl.number(L2_WAYS, ParamKind.COUNT, 16, 1, 4096, "L2 associativity"));
        r.declare(ParamDecl.choice(L2_REPLACEMENT, "lru", List.of("lru", "plru"), "L2 replacement: true LRU or tree pseudo-LRU"));
        r.declare(ParamDecl.number(L2_HIT_CYCLES, ParamKind.COUNT, 12, 1, 10_000, "L2 (and snoop) latency in CPU cycles, after the L1 lookup"));
        r.declare(ParamDecl.number(L2_MSHRS, ParamKind.COUNT, 16, 1, 1024, "line reads the L2 may have outstanding on the bus"));
        r.declare(ParamDecl.choice(WRITE_POLICY, "write-back", List.of("write-back", "write-through"),
                "CPU caches: write-back with write-allocate, or write-through without allocation"));
        r.declare(ParamDecl.number(MAINT_CYCLES, ParamKind.COUNT, 4, 0, 1_000_000,
                "CPU cycles per line address visited by cache maintenance (clean / invalidate by range)"));
        r.declare(ParamDecl.bool(COHERENT, false, "devices snoop the CPU caches (x86-LLC-like); false = typical ARM SoC with non-coherent DMA"));
        r.declare(ParamDecl.choice(PREFETCH, "none", List.of("none", "next-line", "speculative"),
                "CPU prefetcher: none, next-line (on L2 misses), or speculative fills of CPU-mapped buffers"));
        r.declare(ParamDecl.number(PREFETCH_RATE, ParamKind.COUNT, 1, 0, 1_000_000,
                "speculative prefetch: lines filled per microsecond, on average (seeded-random times)"));
    }

    /** The defaults of {@link #declare}. */
    public static CpuSpec defaults() {
        ParamRegistry r = new ParamRegistry();
        declare(r);
        List<ParamError> errors = new ArrayList<>();
        CpuSpec s = from(ParamValues.defaults(r), errors);
        if (s == null) throw new IllegalStateException("invariant: default CPU parameters invalid: " + errors);
        return s;
    }

    /**
     * Build from resolved values, adding a {@link ParamError} (naming the parameter and its valid
     * range) for every cross-parameter problem: sets not a power of two, line not a power of two,
     * more ways than lines, a line larger than a cache, a line smaller than the sector granularity.
     * Returns null if it added any error.
     */
    public static CpuSpec from(ParamValues v, List<ParamError> errors) {
        int before = errors.size();
        int line = (int) v.getLong(LINE);
        WritePolicy wp = WritePolicy.of(v.getString(WRITE_POLICY));
        int maint = v.getInt(MAINT_CYCLES);
        CacheSpec l1 = new CacheSpec(v.getLong(L1_SIZE), v.getInt(L1_WAYS), line, v.getInt(L1_HIT_CYCLES), v.getInt(L1_MSHRS),
                wp, Replacement.of(v.getString(L1_REPLACEMENT)), maint);
        CacheSpec l2 = new CacheSpec(v.getLong(L2_SIZE), v.getInt(L2_WAYS), line, v.getInt(L2_HIT_CYCLES), v.getInt(L2_MSHRS),
                wp, Replacement.of(v.getString(L2_REPLACEMENT)), maint);
        boolean ok1 = l1.validate(L1_SIZE, L1_WAYS, LINE, L1_REPLACEMENT, L1_MSHRS, errors);
        if (ok1 || !lineError(errors, before)) {
            l2.validate(L2_SIZE, L2_WAYS, LINE, L2_REPLACEMENT, L2_MSHRS, errors);
        }
        if (!lineError(errors, before) && v.registry().find(GRANULARITY) != null && v.get(GRANULARITY) instanceof Long) {
            long g = v.getLong(GRANULARITY);
            if (line < g) {
                errors.add(new ParamError(LINE, LINE + " = " + line + "B is smaller than " + GRANULARITY + " = " + g
                        + "B (valid: " + g + "B .. 4KiB, a power of two)", java.util.List.of(GRANULARITY)));
            }
        }
        if (errors.size() > before) return null;
        return new CpuSpec(v.getInt(CORES), v.getLong(FREQ), l1, l2, v.getBool(COHERENT),
                PrefetchMode.of(v.getString(PREFETCH)), v.getLong(PREFETCH_RATE));
    }

    /** True if an error about cpu.line was added since {@code from} (not to repeat it for the L2). */
    private static boolean lineError(List<ParamError> errors, int from) {
        for (int i = from; i < errors.size(); i++) if (errors.get(i).param().equals(LINE)) return true;
        return false;
    }

    public CpuSpec withCores(int n) { return new CpuSpec(n, freqHz, l1, l2, coherent, prefetch, prefetchRatePerUs); }

    public CpuSpec withL1(CacheSpec s) { return new CpuSpec(cores, freqHz, s, l2, coherent, prefetch, prefetchRatePerUs); }

    public CpuSpec withL2(CacheSpec s) { return new CpuSpec(cores, freqHz, l1, s, coherent, prefetch, prefetchRatePerUs); }

    public CpuSpec withPrefetch(PrefetchMode m, long ratePerUs) { return new CpuSpec(cores, freqHz, l1, l2, coherent, m, ratePerUs); }
}
