package dev.dmasim.workloads.lang;

import java.util.ArrayList;
import java.util.List;

/** Pixel formats of image buffers and their sizes. */
public enum PixelFormat {
    XRGB8888(4, 1), ARGB8888(4, 1), RGB565(2, 1), YUYV(2, 1),
    /** 8-bit luma plane then a half-height interleaved chroma plane: 1.5 bytes per pixel. */
    NV12(3, 2);

    private final int num;
    private final int den;

    PixelFormat(int num, int den) {
        this.num = num;
        this.den = den;
    }

    /** Bytes of a whole image (NV12: W*H*3/2). */
    public long bytes(long width, long height) { return width * height * num / den; }

    /** Bytes per row of the first plane: W*4, W*2, or W for NV12's luma. */
    public long stride(long width) { return this == NV12 ? width : width * num; }

    /** Average bytes per pixel times two (3 for NV12), for exact arithmetic. */
    public int halfBytesPerPixel() { return 2 * num / den; }

    public static PixelFormat find(String name) {
        for (PixelFormat f : values()) if (f.name().equals(name)) return f;
        return null;
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (PixelFormat f : values()) out.add(f.name());
        return out;
    }
}
