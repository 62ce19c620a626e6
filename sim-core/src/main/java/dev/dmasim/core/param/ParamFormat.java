package dev.dmasim.core.param;

/** Shows parameter values in the largest unit that divides them exactly. */
public final class ParamFormat {
    private ParamFormat() {}

    public static String format(ParamKind kind, Object value) {
        if (!(value instanceof Long)) return String.valueOf(value);
        long v = (Long) value;
        switch (kind) {
            case SIZE: return scaled(v, new long[]{1L << 30, 1L << 20, 1L << 10, 1}, new String[]{"GiB", "MiB", "KiB", "B"});
            case TIME: return scaled(v, new long[]{1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1},
                    new String[]{"s", "ms", "us", "ns", "ps"});
            case FREQ: return scaled(v, new long[]{1_000_000_000L, 1_000_000L, 1_000L, 1}, new String[]{"GHz", "MHz", "kHz", "Hz"});
            case RATE: return scaled(v, new long[]{1_000_000_000L, 1_000_000L, 1}, new String[]{"GB/s", "MB/s", "B/s"});
            default: return Long.toString(v);
        }
    }

    private static String scaled(long v, long[] units, String[] names) {
        if (v == Long.MAX_VALUE) return "max";
        if (v == 0) return "0" + names[names.length - 1];
        for (int i = 0; i < units.length; i++) {
            if (v % units[i] == 0) return (v / units[i]) + names[i];
        }
        return v + names[names.length - 1];
    }
}
