package dev.dmasim.caches;

/** Which way of a set a miss replaces. */
public enum Replacement {
    /** True least-recently-used (an age stamp per way). */
    LRU("lru"),
    /** Tree pseudo-LRU: ways - 1 bits per set, each pointing at the half that holds the victim. */
    PLRU("plru");

    private final String word;

    Replacement(String word) { this.word = word; }

    /** The word used in parameters ({@code lru}, {@code plru}). */
    public String word() { return word; }

    public static Replacement of(String word) {
        for (Replacement r : values()) if (r.word.equals(word)) return r;
        throw new IllegalArgumentException("unknown replacement policy: " + word);
    }
}
