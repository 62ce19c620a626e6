package dev.dmasim.core.check;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The checker's parameters (MODEL.md defaults: {@code check.enabled = true},
 * {@code check.granularity = 64 B}).
 *
 * @param enabled     run the coherency checks
 * @param granularity sector size in bytes for versions: 4, 8, 16, 32 or 64
 */
public record CheckerSpec(boolean enabled, int granularity) {
    public static final String ENABLED = "check.enabled";
    public static final String GRANULARITY = "check.granularity";
    public static final CheckerSpec DEFAULT = new CheckerSpec(true, 64);

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.bool(ENABLED, true,
                "run the coherency checker (data-race, stale-read, lost-write, torn-frame); false makes it nearly free"));
        r.declare(ParamDecl.number(GRANULARITY, ParamKind.SIZE, 64, 4, 64,
                "sector size for version tracking, a power of two: 4 B catches partial-line sharing, 64 B reports it as a race"));
    }

    /** Reads and validates; a granularity that is not a power of two goes to {@code errors} (then the default is used). */
    public static CheckerSpec from(ParamValues v, List<ParamError> errors) {
        boolean enabled = v.getBool(ENABLED);
        long g = v.getLong(GRANULARITY);
        if (g < 4 || g > 64 || Long.bitCount(g) != 1) {
            errors.add(new ParamError(GRANULARITY, GRANULARITY + " = " + g + " B is not valid (valid: 4, 8, 16, 32 or 64 B)"));
            g = 64;
        }
        return new CheckerSpec(enabled, (int) g);
    }

    /** A checker for one run, reading simulated time from {@code nowPs} (e.g. {@code engine::now}). */
    public CoherencyChecker newChecker(LongSupplier nowPs) {
        return new CoherencyChecker(enabled, granularity, nowPs, CoherencyChecker.MAX_SAMPLES);
    }
}
