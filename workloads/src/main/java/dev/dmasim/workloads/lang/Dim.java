package dev.dmasim.workloads.lang;

/** The dimension of a number; every value is held as a long in its base unit. */
public enum Dim {
    /** A plain integer (a count). */
    COUNT("number", ""),
    /** Bytes. */
    SIZE("size", "B"),
    /** Picoseconds. */
    TIME("time", "ps"),
    /** Hertz. */
    FREQ("frequency", "Hz"),
    /** Bytes per second. */
    RATE("rate", "B/s"),
    /** Clock cycles of the device that runs the operation. */
    CYCLES("cycle count", "cycles");

    private final String label;
    private final String baseUnit;

    Dim(String label, String baseUnit) {
        this.label = label;
        this.baseUnit = baseUnit;
    }

    /** How the dimension is named in messages: "a time", "a size". */
    public String label() { return label; }

    public String baseUnit() { return baseUnit; }

    /** "a size" / "an integer". */
    public String withArticle() {
        return (label.startsWith("a") || label.startsWith("e") ? "an " : "a ") + label;
    }
}
