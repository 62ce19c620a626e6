package dev.dmasim.core.param;

/**
 * The type and unit of a parameter. Numeric kinds hold a {@code long} in their base unit;
 * the others hold a {@code Boolean} or a {@code String}.
 */
public enum ParamKind {
    /** A plain count (cycles, ways, engines, pixels per cycle): an integer without unit. */
    COUNT("count", ""),
    /** Bytes; written with B, KiB, MiB or GiB. */
    SIZE("size", "B"),
    /** Picoseconds; written with ps, ns, us, ms or s. */
    TIME("time", "ps"),
    /** Hertz; written with Hz, kHz, MHz or GHz. */
    FREQ("frequency", "Hz"),
    /** Bytes per second; written with MB/s or GB/s (decimal). */
    RATE("rate", "B/s"),
    /** {@code true} or {@code false}. */
    BOOL("boolean", ""),
    /** One of a fixed set of bare words. */
    ENUM("choice", ""),
    /** A display or sensor mode {@code WIDTHxHEIGHT@HZ}. */
    MODE("mode", ""),
    /** Free text with its own syntax, documented per parameter (e.g. an ISP pipeline). */
    TEXT("text", "");

    private final String label;
    private final String baseUnit;

    ParamKind(String label, String baseUnit) {
        this.label = label;
        this.baseUnit = baseUnit;
    }

    public String label() { return label; }

    public String baseUnit() { return baseUnit; }

    public boolean numeric() { return this == COUNT || this == SIZE || this == TIME || this == FREQ || this == RATE; }
}
