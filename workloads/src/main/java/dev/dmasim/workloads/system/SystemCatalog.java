package dev.dmasim.workloads.system;

import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.devices.camera.CameraSpec;
import dev.dmasim.devices.display.DisplaySpec;
import dev.dmasim.devices.gpu.GpuSpec;

/**
 * Collects every model's parameter declarations into one registry: the single list that
 * validation, {@code dmasim params} and the docs read. Each declaration lives next to its model.
 */
public final class SystemCatalog {
    private SystemCatalog() {}

    /** A fresh registry with every parameter of the {@code soc} preset. */
    public static ParamRegistry registry() {
        ParamRegistry r = new ParamRegistry();
        GpuSpec.declare(r);
        CameraSpec.declare(r);
        DisplaySpec.declare(r);
        return r;
    }
}
