package dev.dmasim.workloads.system;

import dev.dmasim.caches.cpu.CpuSpec;
import dev.dmasim.core.check.CheckerSpec;
import dev.dmasim.core.mem.BusSpec;
import dev.dmasim.core.mem.DramSpec;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.devices.camera.CameraSpec;
import dev.dmasim.devices.display.DisplaySpec;
import dev.dmasim.devices.dma.CopyEngineSpec;
import dev.dmasim.devices.dmabuf.DeviceSpec;
import dev.dmasim.devices.dmabuf.DmaBufSpec;
import dev.dmasim.devices.gpu.GpuSpec;
import dev.dmasim.devices.tg.TgSpec;

/**
 * Collects every model's parameter declarations into one registry: the single list that
 * validation, {@code dmasim params} and the docs read. Each declaration lives next to its model.
 */
public final class SystemCatalog {
    private SystemCatalog() {}

    /** A fresh registry with every parameter of the {@code soc} preset. */
    public static ParamRegistry registry() {
        ParamRegistry r = new ParamRegistry();
        BusSpec.declare(r);
        DramSpec.declare(r);
        CheckerSpec.declare(r);
        CpuSpec.declare(r);
        DmaBufSpec.declare(r);
        DeviceSpec.declare(r);
        CopyEngineSpec.declare(r);
        TgSpec.declare(r);
        GpuSpec.declare(r);
        CameraSpec.declare(r);
        DisplaySpec.declare(r);
        return r;
    }
}
