package dev.dmasim.workloads.interp;

import dev.dmasim.workloads.lang.ArgumentRules;
import dev.dmasim.workloads.lang.Dim;

import java.util.List;

/** The values a script computes with. Numbers keep their dimension so that units mean something at run time. */
public final class Values {
    private Values() {}

    /** A number in the base unit of its dimension. */
    public record Quantity(long value, Dim dim) {
        @Override public String toString() { return value + dim.baseUnit(); }
    }

    /** Half-open {@code from..to}. */
    public record Range(long from, long to) {}

    /** An enumerated word passed to an operation ({@code read}, {@code afr}, {@code true}). */
    public record Word(String word) {}

    /** {@code exp(MEAN)}: exponentially distributed intervals. */
    public record ExpInterval(long meanPs) {}

    /** A device named in a script ({@code dma0}, {@code gpu1}). */
    public record Device(String name) {}

    /**
     * One buffer: its name as reports show it ({@code fb[1]}), placement, and image geometry
     * (zero width/height for plain buffers).
     */
    public record Buffer(String name, int id, long addr, long size, int width, int height, String format, long stride) {
        /** Bytes {@code [from, to)} covering rows {@code [r0, r1)} of an image (NV12: the luma rows and their chroma). */
        public Range rows(long r0, long r1) {
            String error = ArgumentRules.rows(name, height, r0, r1);
            if (error != null) throw new IllegalArgumentException(error);
            if ("NV12".equals(format)) {
                // Luma plane rows only; a whole-buffer range also covers the chroma plane.
                if (r0 == 0 && r1 == height) return new Range(0, size);
            }
            return new Range(r0 * stride, r1 * stride);
        }
    }

    /** A buffer array declared as {@code buffer fb[3] ...}. */
    public record BufferArray(String name, List<Buffer> elements) {}

    /** A fence (or sync file) as the machine represents it. */
    public record Fence(Object handle) {}
}
