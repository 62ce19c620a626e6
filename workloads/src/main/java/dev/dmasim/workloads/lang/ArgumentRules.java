package dev.dmasim.workloads.lang;

import dev.dmasim.core.time.Time;

/**
 * The rules on operation arguments that only values can break (a range inside its buffer, a
 * positive rate, ...), in one place: the run applies them to every value, the checker to literal
 * arguments, with the same words. Each returns the error message, or null if the value is fine.
 */
public final class ArgumentRules {
    private ArgumentRules() {}

    /** Bytes {@code [from, to)} of buffer {@code buf} of {@code size} bytes. */
    public static String bytes(String buf, long size, long from, long to) {
        return from < 0 || to > size || from > to ? "bytes " + from + ".." + to + " are outside " + buf + " (0.." + size + ")" : null;
    }

    /** Rows {@code [r0, r1)} of buffer {@code buf}, {@code height} rows high (0: not an image). */
    public static String rows(String buf, long height, long r0, long r1) {
        if (height <= 0) return "rows= on " + buf + ", which is not an image";
        return r0 < 0 || r1 > height || r0 > r1 ? "rows " + r0 + ".." + r1 + " outside " + buf + " (0.." + height + ")" : null;
    }

    public static String rate(long bytesPerSecond) {
        return bytesPerSecond <= 0 ? "rate must be positive, got " + bytesPerSecond : null;
    }

    /** The mean of {@code interval=exp(mean)}, in ps. */
    public static String expMean(long ps) {
        return ps <= 0 ? "mean interval must be positive, got " + Time.format(ps) : null;
    }

    /** A fixed {@code interval=}, in ps. */
    public static String interval(long ps) {
        return ps < 0 ? "interval must not be negative, got " + Time.format(ps) : null;
    }

    /** The duration of {@code compute} or {@code sleep} ({@code op}), shown as {@code shown}. */
    public static String duration(String op, long value, String shown) {
        return value < 0 ? op + " takes a time of 0 or more, got " + shown : null;
    }
}
