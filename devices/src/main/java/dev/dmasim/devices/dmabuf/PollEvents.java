package dev.dmasim.devices.dmabuf;

/** What {@code poll(buf, in|out)} waits for: {@code in} = WRITE fences, {@code out} = WRITE and READ fences. */
public enum PollEvents {
    IN("in", DmaResvUsage.WRITE), OUT("out", DmaResvUsage.READ);

    private final String word;
    private final DmaResvUsage usage;

    PollEvents(String word, DmaResvUsage usage) {
        this.word = word;
        this.usage = usage;
    }

    public String word() { return word; }

    /** The reservation usage level the poll covers. */
    public DmaResvUsage usage() { return usage; }

    public static PollEvents parse(String s) {
        for (PollEvents e : values()) if (e.word.equals(s)) return e;
        return null;
    }
}
