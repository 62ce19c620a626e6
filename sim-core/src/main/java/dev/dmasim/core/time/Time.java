package dev.dmasim.core.time;

/** Simulated time is a {@code long} number of picoseconds everywhere; these are its units. */
public final class Time {
    public static final long PS = 1L;
    public static final long NS = 1_000L;
    public static final long US = 1_000_000L;
    public static final long MS = 1_000_000_000L;
    public static final long S = 1_000_000_000_000L;
    /** Largest representable time: about 106 days of simulated time. */
    public static final long NEVER = Long.MAX_VALUE;

    /** The latest time an event can be scheduled at: later than any run's end. */
    public static final long LATEST = NEVER - 1;

    private Time() {}

    /**
     * {@code t + d} for a duration {@code d >= 0}, saturating at {@link #LATEST}: a wait longer
     * than the time left simply never ends within the run, instead of wrapping into the past.
     */
    public static long plus(long t, long d) {
        long r = t + d;
        return r < t || r > LATEST ? LATEST : r;
    }

    /** Human form with the largest unit that keeps three decimals, e.g. {@code 1.204 ms}. */
    public static String format(long ps) {
        if (ps == NEVER) return "never";
        long abs = Math.abs(ps);
        if (abs >= S) return fixed(ps, S, "s");
        if (abs >= MS) return fixed(ps, MS, "ms");
        if (abs >= US) return fixed(ps, US, "us");
        if (abs >= NS) return fixed(ps, NS, "ns");
        return ps + " ps";
    }

    private static String fixed(long ps, long unit, String name) {
        long whole = ps / unit;
        long frac = Math.abs(ps % unit) * 1000 / unit;
        return (ps < 0 && whole == 0 ? "-" : "") + whole + "." + String.format("%03d", frac) + " " + name;
    }
}
