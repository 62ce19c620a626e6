package dev.dmasim.devices.dmabuf;

/**
 * A device's own cache (a GPU's L2), as the dma-buf layer drives it: {@code map} invalidates
 * the device's lines of the buffer before the device uses it, {@code unmap} cleans them after.
 * Cacheless devices (copy engines, camera, display, traffic generators) use {@link #NONE}.
 */
public interface DeviceCache {
    void invalidate(long addr, long len, Runnable done);

    void clean(long addr, long len, Runnable done);

    /** No cache: both ops are complete at once. */
    DeviceCache NONE = new DeviceCache() {
        @Override public void invalidate(long addr, long len, Runnable done) { done.run(); }
        @Override public void clean(long addr, long len, Runnable done) { done.run(); }
    };
}
