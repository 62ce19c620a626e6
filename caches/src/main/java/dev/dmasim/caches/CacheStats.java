package dev.dmasim.caches;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one cache. The first five are the {@code caches} entry of {@code summary.json}
 * (MODEL.md); the others explain them. Plain mutable fields: only the owning cache writes them.
 */
public final class CacheStats {
    public final String name;
    /** Demand accesses served by this cache. */
    public long hits;
    /** Demand accesses this cache could not serve (including stores to Shared lines, which need an upgrade). */
    public long misses;
    /** Dirty lines (or, for a snooped partial write, dirty sectors) this cache wrote downstream: evictions, cleans, snoops. */
    public long writebacks;
    /** Dirty lines written back by maintenance (clean, clean+invalidate, flush); also counted in writebacks. */
    public long cleanedLines;
    /** Valid lines dropped by maintenance (invalidate, clean+invalidate, flush). */
    public long invalidatedLines;
    /** Valid lines dropped because another cache or a coherent device wrote them (MESI / snoop). */
    public long snoopInvalidations;
    /** Lines this cache supplied to another cache (MESI cache-to-cache transfer) or to a coherent device. */
    public long interventions;
    /** Misses that joined an outstanding miss to the same line (one downstream read for both). */
    public long mshrMerges;
    /** Lines filled by the prefetcher. */
    public long prefetches;
    /** Valid lines replaced by a fill. */
    public long evictions;

    public CacheStats(String name) { this.name = name; }

    /** The MODEL.md summary keys, in order: hits misses writebacks cleaned_lines invalidated_lines. */
    public Map<String, Long> summary() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("writebacks", writebacks);
        m.put("cleaned_lines", cleanedLines);
        m.put("invalidated_lines", invalidatedLines);
        return m;
    }

    /** Every counter. */
    public Map<String, Long> all() {
        Map<String, Long> m = summary();
        m.put("snoop_invalidations", snoopInvalidations);
        m.put("interventions", interventions);
        m.put("mshr_merges", mshrMerges);
        m.put("prefetches", prefetches);
        m.put("evictions", evictions);
        return m;
    }

    @Override public String toString() { return name + all(); }
}
