package dev.dmasim.caches.cpu;

/** {@code cpu.prefetch}: what the CPU fetches without being asked. */
public enum PrefetchMode {
    /** Nothing. */
    NONE("none"),
    /** On an L2 demand miss to line L, also read line L + 1 into the L2 (if absent and an MSHR is free). */
    NEXT_LINE("next-line"),
    /**
     * At seeded-random times ({@code cpu.prefetch_rate} lines per microsecond on average), read a
     * random line of the CPU-mapped buffers into the L2 as a clean line, as a core's speculation
     * may: the line holds whatever version memory had at fill time.
     */
    SPECULATIVE("speculative");

    private final String word;

    PrefetchMode(String word) { this.word = word; }

    public String word() { return word; }

    public static PrefetchMode of(String word) {
        for (PrefetchMode m : values()) if (m.word.equals(word)) return m;
        throw new IllegalArgumentException("unknown prefetch mode: " + word);
    }
}
