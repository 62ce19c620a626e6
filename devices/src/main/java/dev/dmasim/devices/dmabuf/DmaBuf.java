package dev.dmasim.devices.dmabuf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code struct dma_buf}: one shared buffer (plain state; {@link DmaBufLayer} changes it).
 * Its reservation object, its attachments (in attach order; the first one matters for
 * {@code export.sync_targets = first}), the current holdings (CPU brackets and device
 * mappings) and the callers queued FIFO for a holding under a blocking policy.
 */
public final class DmaBuf {
    private final String name;
    private final long addr;
    private final long size;
    private final String exporter;
    private final DmaResv resv;
    final List<DmaDevice> attachments = new ArrayList<>();
    final List<Access> holders = new ArrayList<>();
    final ArrayDeque<DmaBufLayer.LockRequest> lockQueue = new ArrayDeque<>();
    /** Join of every release (unmap, end_cpu_access) under enforced / exclusive. */
    Object releaseClock;

    DmaBuf(String name, long addr, long size, String exporter, DmaResv resv) {
        if (size <= 0) throw new IllegalArgumentException("buffer " + name + ": size must be positive");
        this.name = name;
        this.addr = addr;
        this.size = size;
        this.exporter = exporter;
        this.resv = resv;
    }

    public String name() { return name; }

    public long addr() { return addr; }

    public long size() { return size; }

    /** The exporting device's name (e.g. {@code gpu0}), or {@code system} for a plain heap buffer. */
    public String exporter() { return exporter; }

    public DmaResv resv() { return resv; }

    /** Attached devices in attach order. */
    public List<DmaDevice> attachments() { return Collections.unmodifiableList(attachments); }

    /** Current CPU brackets and device mappings. */
    public List<Access> holders() { return Collections.unmodifiableList(holders); }

    /** Number of callers queued for a holding. */
    public int queued() { return lockQueue.size(); }

    @Override public String toString() { return name; }
}
