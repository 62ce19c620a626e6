package dev.dmasim.devices.tg;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.List;

/**
 * Parameters of the traffic generators. Each generator {@code tgK} is a bus master; its
 * priority and outstanding limit are the bus's {@code bus.priority.tgK} and {@code bus.max_outstanding}.
 *
 * @param generators how many generators {@code tg0 .. tg(N-1)} the system has
 */
public record TgSpec(int generators) {
    public static final int MAX_GENERATORS = 16;

    public TgSpec {
        if (generators < 0 || generators > MAX_GENERATORS) throw new IllegalArgumentException("tg.generators out of range: " + generators);
    }

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.number("tg.generators", ParamKind.COUNT, 2, 0, MAX_GENERATORS,
                "traffic generators tg0.. (bus masters for validating the memory system, like gem5's TrafficGen; MODEL.md: 2)"));
    }

    public static TgSpec from(ParamValues v, List<ParamError> errors) {
        return new TgSpec(v.getInt("tg.generators"));
    }
}
