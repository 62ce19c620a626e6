package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ParamsTest {
    private static ParamRegistry registry() {
        ParamRegistry r = new ParamRegistry();
        r.declare(ParamDecl.bool("cpu.coherent", false, "declared by the caches model; here for the test"));
        DmaBufSpec.declare(r);
        DeviceSpec.declare(r);
        return r;
    }

    @Test
    void defaultsAreModelMds() {
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = ParamValues.resolve(registry(), Map.of(), errors);
        DmaBufSpec s = DmaBufSpec.from(v, errors);
        assertEquals(List.of(), errors);
        assertEquals(DmaBufSpec.defaults(false), s);
        assertEquals(Time.US, s.ioctlCostPs());
        DeviceSpec gpu = DeviceSpec.from(v, "gpu0", errors);
        assertEquals(new DeviceSpec("gpu0", false, true, false), gpu);
        assertEquals(28, DeviceSpec.DEVICES.size());
    }

    @Test
    void overridesAndCoherentFollowsTheCpu() {
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = ParamValues.resolve(registry(), Map.of("cpu.coherent", true, "dma1.coherent", false,
                "export.sync_targets", "attached", "export.cpu_hooks", "noop", "dma.for_device_from_device", "invalidate",
                "policy.readers_share", true, "tg3.publish_fences", false, "cam0.manual_map", true), errors);
        assertEquals(List.of(), errors);
        DmaBufSpec s = DmaBufSpec.from(v, errors);
        assertEquals(DmaBufSpec.SyncTargets.ATTACHED, s.syncTargets());
        assertEquals(DmaBufSpec.CpuHooks.NOOP, s.cpuHooks());
        assertEquals(DmaBufSpec.CacheOp.INVALIDATE, s.forDeviceFromDevice());
        assertTrue(s.readersShare() && s.cpuCoherent());
        assertTrue(DeviceSpec.from(v, "dma0", errors).coherent());
        assertFalse(DeviceSpec.from(v, "dma1", errors).coherent());
        assertFalse(DeviceSpec.from(v, "tg3", errors).publishFences());
        assertTrue(DeviceSpec.from(v, "cam0", errors).manualMap());
    }

    @Test
    void badChoiceIsAnErrorNamingTheParameter() {
        List<ParamError> errors = new ArrayList<>();
        ParamValues.resolve(registry(), Map.of("export.sync_targets", "some"), errors);
        assertEquals(1, errors.size());
        assertEquals("export.sync_targets", errors.get(0).param());
        assertTrue(errors.get(0).message().contains("all, first, attached"));
    }
}
