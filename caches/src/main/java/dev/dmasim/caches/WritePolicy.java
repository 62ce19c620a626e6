package dev.dmasim.caches;

/** What a store does to the cache and to memory. */
public enum WritePolicy {
    /** Stores stay in the cache (the line becomes dirty); a store miss first allocates the line. */
    WRITE_BACK("write-back"),
    /** Stores go to memory at once; a store hit also updates the (always clean) line; a store miss allocates nothing. */
    WRITE_THROUGH("write-through");

    private final String word;

    WritePolicy(String word) { this.word = word; }

    public String word() { return word; }

    public static WritePolicy of(String word) {
        for (WritePolicy p : values()) if (p.word.equals(word)) return p;
        throw new IllegalArgumentException("unknown write policy: " + word);
    }
}
