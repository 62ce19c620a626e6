package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;

import java.util.List;

/** The parameters MODEL.md names, with its defaults (a stand-in for the real registry). */
final class TestRegistry {
    private TestRegistry() {}

    static final long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
    static final long NS = 1000, US = NS * 1000, MS = US * 1000, S = MS * 1000;

    static ParamRegistry create() {
        ParamRegistry r = new ParamRegistry();
        r.declare(ParamDecl.number("bus.width", ParamKind.SIZE, 32, 1, 4096, "bus width"));
        r.declare(ParamDecl.number("bus.freq", ParamKind.FREQ, 1_000_000_000L, 1_000_000L, 100_000_000_000L, "bus clock"));
        r.declare(ParamDecl.number("bus.overhead", ParamKind.COUNT, 2, 0, 1000, "cycles per transaction"));
        r.declare(ParamDecl.choice("bus.arbitration", "round-robin", List.of("round-robin", "fixed-priority"), "arbitration"));
        r.declare(ParamDecl.number("dram.size", ParamKind.SIZE, 4 * GiB, 16 * MiB, 1024 * GiB, "DRAM capacity"));
        r.declare(ParamDecl.number("dram.channels", ParamKind.COUNT, 2, 1, 16, "channels"));
        r.declare(ParamDecl.number("cpu.cores", ParamKind.COUNT, 2, 1, 64, "cores"));
        r.declare(ParamDecl.number("cpu.freq", ParamKind.FREQ, 2_000_000_000L, 1_000_000L, 100_000_000_000L, "CPU clock"));
        r.declare(ParamDecl.bool("cpu.coherent", false, "coherent DMA"));
        r.declare(ParamDecl.choice("cpu.prefetch", "none", List.of("none", "speculative"), "speculative fills"));
        r.declare(ParamDecl.number("cpu.prefetch_rate", ParamKind.COUNT, 1, 0, 1_000_000, "lines per us"));
        r.declare(ParamDecl.number("cpu.l1.size", ParamKind.SIZE, 32 * KiB, 1 * KiB, 1 * GiB, "L1 size"));
        r.declare(ParamDecl.number("cpu.l1.ways", ParamKind.COUNT, 8, 1, 64, "L1 ways"));
        r.declare(ParamDecl.number("cpu.l2.size", ParamKind.SIZE, 1 * MiB, 1 * KiB, 1 * GiB, "L2 size"));
        r.declare(ParamDecl.number("cpu.l2.ways", ParamKind.COUNT, 16, 1, 64, "L2 ways"));
        r.declare(ParamDecl.number("cpu.line", ParamKind.SIZE, 64, 16, 256, "line size"));
        for (String g : List.of("gpu0", "gpu1")) {
            r.declare(ParamDecl.number(g + ".freq", ParamKind.FREQ, 1_500_000_000L, 1_000_000L, 100_000_000_000L, "GPU clock"));
            r.declare(ParamDecl.number(g + ".pixels_per_cycle", ParamKind.COUNT, 16, 1, 1024, "throughput"));
            r.declare(ParamDecl.number(g + ".l2.size", ParamKind.SIZE, 2 * MiB, 1 * KiB, 1 * GiB, "GPU L2"));
            r.declare(ParamDecl.boolRef(g + ".coherent", "cpu.coherent", "snoops the CPU"));
            r.declare(ParamDecl.bool(g + ".publish_fences", true, "implicit fences"));
            r.declare(ParamDecl.bool(g + ".manual_map", false, "script maps"));
        }
        r.declare(ParamDecl.number("gpu.hang_timeout", ParamKind.TIME, 10 * S, 1 * MS, 1000 * S, "hang timeout"));
        r.declare(ParamDecl.derived("sli.split", ParamKind.COUNT, "half the rows", 0, 65536, "SFR split row"));
        r.declare(ParamDecl.mode("cam0.mode", "1920x1080@30", "sensor mode"));
        r.declare(ParamDecl.choice("cam0.format", "NV12", List.of("NV12", "YUYV", "XRGB8888"), "capture format"));
        r.declare(ParamDecl.text("cam0.isp", "demosaic:1,denoise:2,csc:1", "ISP stages"));
        r.declare(ParamDecl.choice("cam0.memory", "dmabuf", List.of("dmabuf", "mmap"), "V4L2 memory"));
        r.declare(ParamDecl.bool("cam0.cache_hints", false, "honour cache hints"));
        r.declare(ParamDecl.mode("disp0.mode", "1920x1080@60", "display mode"));
        r.declare(ParamDecl.number("dma.engines", ParamKind.COUNT, 2, 0, 16, "copy engines"));
        r.declare(ParamDecl.choice("dma.for_device_from_device", "clean", List.of("clean", "invalidate"), "end_cpu_access(read)"));
        r.declare(ParamDecl.bool("export.map_syncs_cpu", false, "map does CPU maintenance"));
        r.declare(ParamDecl.choice("export.sync_targets", "all", List.of("all", "first", "attached"), "maintenance targets"));
        r.declare(ParamDecl.choice("export.cpu_hooks", "real", List.of("real", "noop"), "begin/end hooks"));
        r.declare(ParamDecl.number("tg.generators", ParamKind.COUNT, 2, 0, 16, "traffic generators"));
        r.declare(ParamDecl.bool("policy.readers_share", false, "readers share under exclusive"));
        r.declare(ParamDecl.bool("check.enabled", true, "coherency checker"));
        r.declare(ParamDecl.number("check.granularity", ParamKind.SIZE, 64, 4, 64, "sector size"));
        return r;
    }
}
