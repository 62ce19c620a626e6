package dev.dmasim.devices.display;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamRegistry;

/** The display's parameters (MODEL.md: scanout at its refresh rate, flips at vblank). */
public final class DisplaySpec {
    private DisplaySpec() {}

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.mode("disp0.mode", "1920x1080@60", "scanout mode WIDTHxHEIGHT@HZ"));
    }
}
