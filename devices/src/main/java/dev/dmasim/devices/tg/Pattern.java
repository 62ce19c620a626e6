package dev.dmasim.devices.tg;

/**
 * The order in which a stream visits the lines of its range. Both visit every line exactly
 * once, so a write stream leaves the whole range with its version.
 */
public enum Pattern {
    /** Ascending addresses. */
    SEQUENTIAL("sequential"),
    /** A seeded random permutation of the lines. */
    RANDOM("random");

    private final String word;

    Pattern(String word) { this.word = word; }

    public String word() { return word; }

    /** The pattern named {@code word}, or null. */
    public static Pattern of(String word) {
        for (Pattern p : values()) if (p.word.equals(word)) return p;
        return null;
    }
}
