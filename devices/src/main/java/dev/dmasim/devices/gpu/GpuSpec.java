package dev.dmasim.devices.gpu;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.time.Time;

/**
 * The GPUs' parameters (MODEL.md "The machine": gpu0, gpu1 with a job queue, a throughput
 * model, an L2 and SLI). Declared now so that scripts written to the contract validate; the
 * GPU model itself lands with the devices issue.
 */
public final class GpuSpec {
    public static final int GPUS = 2;

    private GpuSpec() {}

    public static void declare(ParamRegistry r) {
        for (int i = 0; i < GPUS; i++) {
            String g = "gpu" + i;
            r.declare(ParamDecl.number(g + ".freq", ParamKind.FREQ, 1_500_000_000L, 1_000_000L, 10_000_000_000L,
                    g + " core clock"));
            r.declare(ParamDecl.number(g + ".pixels_per_cycle", ParamKind.COUNT, 16, 1, 1024,
                    g + " peak throughput in pixels per cycle"));
            r.declare(ParamDecl.number(g + ".l2.size", ParamKind.SIZE, 2L << 20, 4096, 1L << 30,
                    g + " write-back L2 that nothing else snoops"));
        }
        r.declare(ParamDecl.number("gpu.hang_timeout", ParamKind.TIME, 10 * Time.S, Time.US, 3600 * Time.S,
                "a hung job's fence is signalled with an error after this long (GPU hang recovery)"));
        r.declare(ParamDecl.derived("sli.split", ParamKind.COUNT, "half the rows", 1, 1 << 16,
                "SFR: gpu0 renders rows [0, split), gpu1 [split, H)"));
    }
}
