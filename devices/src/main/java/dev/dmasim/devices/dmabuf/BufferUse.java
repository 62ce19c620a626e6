package dev.dmasim.devices.dmabuf;

/** A buffer a job accesses, and how (a copy reads its source and writes its destination). */
public record BufferUse(DmaBuf buf, DmaDir dir) {
    public static BufferUse read(DmaBuf b) { return new BufferUse(b, DmaDir.READ); }

    public static BufferUse write(DmaBuf b) { return new BufferUse(b, DmaDir.WRITE); }
}
