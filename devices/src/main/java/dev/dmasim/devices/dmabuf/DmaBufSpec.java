package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.time.Time;

import java.util.List;

/**
 * Parameters of the dma-buf layer: the exporter's cache-maintenance knobs, the policy option,
 * and what the calls cost.
 *
 * @param cpuCoherent       {@code cpu.coherent} (declared by the caches model, read here)
 * @param mapSyncsCpu       {@code export.map_syncs_cpu}: map/unmap do CPU maintenance (no SKIP_CPU_SYNC)
 * @param syncTargets       {@code export.sync_targets}
 * @param cpuHooks          {@code export.cpu_hooks}
 * @param forDeviceFromDevice {@code dma.for_device_from_device}: the op of {@code end_cpu_access(read)}
 *                          and of {@code map(write)} (clean since 2022 on arm64, invalidate before)
 * @param readersShare      {@code policy.readers_share}: read-only owners overlap under {@code exclusive}
 * @param ioctlCostPs       {@code dmabuf.ioctl_cost}: a userspace dma-buf call (syscall and ioctl path)
 * @param mapCostPs         {@code dmabuf.map_cost}: a driver's own map or unmap around a job
 */
public record DmaBufSpec(boolean cpuCoherent, boolean mapSyncsCpu, SyncTargets syncTargets, CpuHooks cpuHooks,
                         CacheOp forDeviceFromDevice, boolean readersShare, long ioctlCostPs, long mapCostPs) {

    /** Which devices' coherency {@code begin/end_cpu_access} honour. */
    public enum SyncTargets {
        /** Maintenance whenever the CPU is not coherent. */
        ALL("all"),
        /** Decided by the first attachment's {@code coherent} alone (nothing without an attachment). */
        FIRST("first"),
        /** Only while a non-coherent device is attached (udmabuf's old behaviour). */
        ATTACHED("attached");

        public final String word;

        SyncTargets(String word) { this.word = word; }
    }

    /** The exporter's begin/end_cpu_access hooks: real maintenance, or none (vb2-dma-contig). */
    public enum CpuHooks {
        REAL("real"), NOOP("noop");

        public final String word;

        CpuHooks(String word) { this.word = word; }
    }

    /** A CPU maintenance op by range. */
    public enum CacheOp {
        CLEAN("clean"), INVALIDATE("invalidate");

        public final String word;

        CacheOp(String word) { this.word = word; }
    }

    public static final long DEFAULT_IOCTL_COST = Time.US;
    public static final long DEFAULT_MAP_COST = 500 * Time.NS;

    /** The defaults of MODEL.md with the given CPU coherence. */
    public static DmaBufSpec defaults(boolean cpuCoherent) {
        return new DmaBufSpec(cpuCoherent, false, SyncTargets.ALL, CpuHooks.REAL, CacheOp.CLEAN, false,
                DEFAULT_IOCTL_COST, DEFAULT_MAP_COST);
    }

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.bool("export.map_syncs_cpu", false,
                "dma_buf_map/unmap_attachment do CPU cache maintenance for a non-coherent device (false: the exporter maps with DMA_ATTR_SKIP_CPU_SYNC)"));
        r.declare(ParamDecl.choice("export.sync_targets", "all", List.of("all", "first", "attached"),
                "which coherency begin/end_cpu_access honour: all = whenever the CPU is not coherent; first = the first attachment's; attached = only while a non-coherent device is attached"));
        r.declare(ParamDecl.choice("export.cpu_hooks", "real", List.of("real", "noop"),
                "the exporter's begin/end_cpu_access hooks: real maintenance, or none at all (the waits still happen)"));
        r.declare(ParamDecl.choice("dma.for_device_from_device", "clean", List.of("clean", "invalidate"),
                "the op of end_cpu_access(read) and map(write): clean (arm64 since 2022) or invalidate (before)"));
        r.declare(ParamDecl.bool("policy.readers_share", false,
                "under policy exclusive, read-only owners (CPU or devices) may hold a buffer at the same time"));
        r.declare(ParamDecl.number("dmabuf.ioctl_cost", ParamKind.TIME, DEFAULT_IOCTL_COST, 0, Time.S,
                "time of one userspace dma-buf call (syscall, ioctl, job submission), on top of its waits and cache maintenance"));
        r.declare(ParamDecl.number("dmabuf.map_cost", ParamKind.TIME, DEFAULT_MAP_COST, 0, Time.S,
                "time of a driver's own map or unmap of a buffer around a device job"));
    }

    public static DmaBufSpec from(ParamValues v, List<ParamError> errors) {
        String st = v.getString("export.sync_targets");
        SyncTargets targets = SyncTargets.ALL;
        for (SyncTargets t : SyncTargets.values()) if (t.word.equals(st)) targets = t;
        CpuHooks hooks = "noop".equals(v.getString("export.cpu_hooks")) ? CpuHooks.NOOP : CpuHooks.REAL;
        CacheOp fdfd = "invalidate".equals(v.getString("dma.for_device_from_device")) ? CacheOp.INVALIDATE : CacheOp.CLEAN;
        return new DmaBufSpec(v.getBool("cpu.coherent"), v.getBool("export.map_syncs_cpu"), targets, hooks, fdfd,
                v.getBool("policy.readers_share"), v.getLong("dmabuf.ioctl_cost"), v.getLong("dmabuf.map_cost"));
    }
}
