package dev.dmasim.devices.dmabuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code struct dma_fence}: a one-shot completion signal. A sync file is a fence wherever a
 * fence is accepted (a container of several fences is a merged fence).
 *
 * <ul>
 *   <li>signalled once; a second {@link #signal} has no effect and returns false (-EINVAL);</li>
 *   <li>an error may be set before the signal only ({@code dma_fence_set_error});</li>
 *   <li>the signal records its time and the signaller's clock snapshot: the happens-before edge
 *   from the signal to every wait that finds it signalled;</li>
 *   <li>callbacks run at the signal, in the order they were added.</li>
 * </ul>
 * Fences are made by {@link DmaFences} (one per simulation).
 */
public final class DmaFence {
    private final long id;
    private final String description;
    private final FenceSignaller signaller;
    private final List<DmaFence> components;
    private final boolean stub;
    private String error;
    private boolean signalled;
    private long signalTimePs = -1;
    private Object clock;
    private List<Consumer<DmaFence>> callbacks;

    DmaFence(long id, String description, FenceSignaller signaller, List<DmaFence> components, boolean stub) {
        this.id = id;
        this.description = description;
        this.signaller = signaller;
        this.components = components;
        this.stub = stub;
    }

    /** Sequence number within its simulation (creation order). */
    public long id() { return id; }

    /** For reports: {@code dma0 job 7}, {@code user fence ready}, {@code merge(...)}. */
    public String description() { return description; }

    /** Who can signal it (for a merged fence: see {@link #pendingSignallers}). */
    public FenceSignaller signaller() { return signaller; }

    /** The fences of a merged fence (a sync-file container); empty for a plain fence. */
    public List<DmaFence> components() { return components; }

    public boolean isMerged() { return !components.isEmpty(); }

    /** The already-signalled stub ({@code dma_fence_get_stub}), or an export that found only signalled fences. */
    public boolean isStub() { return stub; }

    public boolean isSignalled() { return signalled; }

    /** {@code dma_fence_get_status}: 0 not signalled, 1 signalled, -1 signalled with an error. */
    public int status() { return !signalled ? 0 : error != null ? -1 : 1; }

    /** The error set before the signal, or null. */
    public String error() { return error; }

    /** When it was signalled (ps), or -1. */
    public long signalTimePs() { return signalTimePs; }

    /** The signaller's clock snapshot at the signal (null before, and for the stub). */
    public Object clock() { return clock; }

    /**
     * {@code dma_fence_set_error}: the fence will signal with this error. Setting it after the
     * signal is a model bug (the kernel WARNs).
     */
    public void setError(String error) {
        if (signalled) throw new IllegalStateException("invariant: error set on signalled fence " + description);
        if (error == null) throw new IllegalArgumentException("null fence error");
        if (this.error == null) this.error = error;
    }

    /**
     * Signal at {@code timePs} with the signaller's {@code clock} snapshot (may be null), then run
     * the callbacks. Returns false, doing nothing, if it was already signalled.
     */
    public boolean signal(long timePs, Object clock) {
        if (signalled) return false;
        signalled = true;
        signalTimePs = timePs;
        this.clock = clock;
        List<Consumer<DmaFence>> cbs = callbacks;
        callbacks = null;
        if (cbs != null) for (Consumer<DmaFence> cb : cbs) cb.accept(this);
        return true;
    }

    /**
     * {@code dma_fence_add_callback}: run {@code cb} at the signal. Returns false without adding
     * it if the fence is already signalled (-ENOENT).
     */
    public boolean addCallback(Consumer<DmaFence> cb) {
        if (signalled) return false;
        if (callbacks == null) callbacks = new ArrayList<>(2);
        callbacks.add(cb);
        return true;
    }

    /** Run {@code cb} at the signal, or now if it is already signalled. */
    public void whenSignalled(Consumer<DmaFence> cb) {
        if (!addCallback(cb)) cb.accept(this);
    }

    /** {@code dma_fence_remove_callback}: true if {@code cb} was pending and is removed. */
    public boolean removeCallback(Consumer<DmaFence> cb) {
        if (callbacks == null) return false;
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) == cb) {
                callbacks.remove(i);
                return true;
            }
        }
        return false;
    }

    /** The plain fences inside (itself if it is not merged). */
    public List<DmaFence> leaves() {
        if (components.isEmpty()) return List.of(this);
        return components; // merges are flattened at creation
    }

    /** Who can still signal it: the signallers of its unsignalled plain fences. */
    public List<FenceSignaller> pendingSignallers() {
        if (signalled) return List.of();
        if (components.isEmpty()) return List.of(signaller);
        List<FenceSignaller> out = new ArrayList<>();
        for (DmaFence f : components) if (!f.signalled && !out.contains(f.signaller)) out.add(f.signaller);
        return Collections.unmodifiableList(out);
    }

    /** As a wait-for chain shows it: the description, and who signals it when that differs. */
    public String describeWait() {
        List<FenceSignaller> s = pendingSignallers();
        if (s.size() == 1 && s.get(0).party() != null && s.get(0).party().name().equals(description)) return description;
        StringBuilder b = new StringBuilder(description).append(" (signalled by ");
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(s.get(i).describe());
        }
        return b.append(')').toString();
    }

    @Override public String toString() { return description + (signalled ? " [signalled]" : ""); }
}
