package dev.dmasim.devices.dmabuf;

/**
 * A device as the dma-buf layer sees it: its parameters, the agent of its job queue, and its
 * own cache ({@link DeviceCache#NONE} if cacheless). Holds the device's job counter.
 */
public final class DmaDevice {
    private final DeviceSpec spec;
    private final int agent;
    private final DeviceCache cache;
    private final Party party;
    private long jobs;

    public DmaDevice(DeviceSpec spec, int agent, DeviceCache cache) {
        this.spec = spec;
        this.agent = agent;
        this.cache = cache;
        this.party = Party.agent(agent, spec.device());
    }

    public String name() { return spec.device(); }

    public DeviceSpec spec() { return spec; }

    public int agent() { return agent; }

    public DeviceCache cache() { return cache; }

    public boolean coherent() { return spec.coherent(); }

    public boolean publishFences() { return spec.publishFences(); }

    public boolean manualMap() { return spec.manualMap(); }

    /** The device queue itself (the holder of mappings the script makes for it). */
    public Party party() { return party; }

    /** Number the next job (1, 2, ...): {@code dma0 job 1}. */
    Party nextJob() {
        long n = ++jobs;
        return new Party(agent, n, spec.device() + " job " + n);
    }

    /** Jobs numbered so far. */
    public long jobCount() { return jobs; }

    @Override public String toString() { return spec.device(); }
}
