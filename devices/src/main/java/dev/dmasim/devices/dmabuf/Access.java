package dev.dmasim.devices.dmabuf;

/**
 * One holding of a buffer: a CPU access bracket (begin..end_cpu_access) or a device mapping
 * (map..unmap). Under {@code enforced} and {@code exclusive} holdings exclude each other.
 *
 * @param holder   who holds it: the thread, the job, or the device for a mapping the script made
 * @param releaser who will release it (the thread that called {@code map} for a device), for wait-for chains
 * @param cpu      a CPU bracket rather than a device mapping
 * @param dir      the access direction
 */
public record Access(Party holder, Party releaser, boolean cpu, DmaDir dir) {
    /** As a wait-for chain shows it. */
    public String describe() {
        return holder.equals(releaser) ? holder.name() : holder.name() + " (mapped by " + releaser.name() + ")";
    }
}
