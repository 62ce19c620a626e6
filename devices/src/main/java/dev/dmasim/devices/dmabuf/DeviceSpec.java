package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.List;

/**
 * What the dma-buf layer needs to know about one device: {@code DEV.coherent},
 * {@code DEV.publish_fences}, {@code DEV.manual_map}.
 *
 * @param device        its name ({@code gpu0}, {@code dma1}, ...)
 * @param coherent      its accesses snoop the CPU caches (default {@code cpu.coherent})
 * @param publishFences its jobs' fences carry WRITE/READ usage (false: BOOKKEEP, an explicit-only driver)
 * @param manualMap     the script maps buffers for it; touching an unmapped buffer is {@code unmapped-access}
 */
public record DeviceSpec(String device, boolean coherent, boolean publishFences, boolean manualMap) {

    /** Every device that may share dma-bufs: gpu0, gpu1, cam0, disp0, dma0..dma7, tg0..tg15. */
    public static final List<String> DEVICES = devices();

    private static List<String> devices() {
        List<String> d = new ArrayList<>(List.of("gpu0", "gpu1", "cam0", "disp0"));
        for (int i = 0; i < 8; i++) d.add("dma" + i);
        for (int i = 0; i < 16; i++) d.add("tg" + i);
        return List.copyOf(d);
    }

    public static void declare(ParamRegistry r) {
        for (String d : DEVICES) {
            r.declare(ParamDecl.boolRef(d + ".coherent", "cpu.coherent",
                    d + "'s accesses snoop the CPU caches (reads get dirty CPU data, writes invalidate CPU copies)"));
            r.declare(ParamDecl.bool(d + ".publish_fences", true,
                    d + "'s job fences carry WRITE/READ usage in the reservation object (false: BOOKKEEP, an explicit-only driver)"));
            r.declare(ParamDecl.bool(d + ".manual_map", false,
                    "the script maps buffers for " + d + " itself; a job touching an unmapped buffer is an unmapped-access"));
        }
    }

    public static DeviceSpec from(ParamValues v, String device, List<ParamError> errors) {
        if (!DEVICES.contains(device)) throw new IllegalStateException("invariant: no device parameters for " + device);
        return new DeviceSpec(device, v.getBool(device + ".coherent"), v.getBool(device + ".publish_fences"),
                v.getBool(device + ".manual_map"));
    }
}
