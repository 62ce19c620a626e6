package dev.dmasim.devices.dmabuf;

/**
 * Direction of an access, as the script writes it ({@code read | write | rw}) and as
 * {@code DMA_BUF_SYNC_READ / WRITE / RW} and the DMA directions mean it: {@code read} = the
 * accessor reads the buffer (a device mapping {@code DMA_TO_DEVICE}), {@code write} = it writes.
 */
public enum DmaDir {
    READ("read"), WRITE("write"), RW("rw");

    private final String word;

    DmaDir(String word) { this.word = word; }

    public String word() { return word; }

    public boolean reads() { return this != WRITE; }

    public boolean writes() { return this != READ; }

    /** The direction for a script word, or null if it is none of {@code read, write, rw}. */
    public static DmaDir parse(String s) {
        for (DmaDir d : values()) if (d.word.equals(s)) return d;
        return null;
    }

    @Override public String toString() { return word; }
}
