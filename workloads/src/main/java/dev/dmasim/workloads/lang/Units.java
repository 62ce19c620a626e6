package dev.dmasim.workloads.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The unit words of the language and their value in the base unit of their dimension. */
public final class Units {
    public record Unit(String name, Dim dim, long factor) {}

    private static final Map<String, Unit> UNITS = new LinkedHashMap<>();

    static {
        add("B", Dim.SIZE, 1);
        add("KiB", Dim.SIZE, 1L << 10);
        add("MiB", Dim.SIZE, 1L << 20);
        add("GiB", Dim.SIZE, 1L << 30);
        add("ps", Dim.TIME, 1);
        add("ns", Dim.TIME, 1_000L);
        add("us", Dim.TIME, 1_000_000L);
        add("ms", Dim.TIME, 1_000_000_000L);
        add("s", Dim.TIME, 1_000_000_000_000L);
        add("Hz", Dim.FREQ, 1);
        add("kHz", Dim.FREQ, 1_000L);
        add("MHz", Dim.FREQ, 1_000_000L);
        add("GHz", Dim.FREQ, 1_000_000_000L);
        add("B/s", Dim.RATE, 1);
        add("kB/s", Dim.RATE, 1_000L);
        add("MB/s", Dim.RATE, 1_000_000L);
        add("GB/s", Dim.RATE, 1_000_000_000L);
        add("cycles", Dim.CYCLES, 1);
        add("cycle", Dim.CYCLES, 1);
    }

    private static void add(String name, Dim dim, long factor) { UNITS.put(name, new Unit(name, dim, factor)); }

    private Units() {}

    /** The unit spelt exactly so, or null. */
    public static Unit find(String name) { return UNITS.get(name); }

    /** Units of one dimension, as listed in messages, e.g. "B, KiB, MiB, GiB". */
    public static String listOf(Dim dim) {
        List<String> out = new ArrayList<>();
        for (Unit u : UNITS.values()) if (u.dim() == dim && !u.name().equals("cycle")) out.add(u.name());
        return String.join(", ", out);
    }

    /** Unit names nearest to a misspelt one (case-insensitive matches first). */
    public static List<String> nearest(String name) {
        List<String> out = new ArrayList<>();
        // sizes are binary: KB, MB, GB mean KiB, MiB, GiB here
        if (name.length() == 2 && name.charAt(1) == 'B' && "kKMG".indexOf(name.charAt(0)) >= 0) {
            return List.of(Character.toUpperCase(name.charAt(0)) + "iB");
        }
        for (Unit u : UNITS.values()) if (u.name().equalsIgnoreCase(name)) out.add(u.name());
        if (!out.isEmpty()) return out;
        return Names.nearest(name, UNITS.keySet(), 3);
    }
}
