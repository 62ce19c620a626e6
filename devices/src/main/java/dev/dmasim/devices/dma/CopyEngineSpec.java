package dev.dmasim.devices.dma;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of the copy engines {@code dma0..dma{engines-1}} (gem5's CopyEngine: cacheless,
 * one job at a time each).
 *
 * @param engines     {@code dma.engines}
 * @param line        {@code dma.line}: bytes per bus transaction (a power of two)
 * @param outstanding {@code dma.outstanding}: line copies in flight per engine
 */
public record CopyEngineSpec(int engines, int line, int outstanding) {
    public static final int MAX_ENGINES = 8;

    public static CopyEngineSpec defaults() { return new CopyEngineSpec(2, 64, 4); }

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.number("dma.engines", ParamKind.COUNT, 2, 1, MAX_ENGINES,
                "number of copy engines dma0, dma1, ... (cacheless, one job at a time each)"));
        r.declare(ParamDecl.number("dma.line", ParamKind.SIZE, 64, 4, 4096,
                "bytes a copy engine moves per bus transaction (a power of two; transactions also stop at line boundaries of source and destination)"));
        r.declare(ParamDecl.number("dma.outstanding", ParamKind.COUNT, 4, 1, 64,
                "line copies (read then write) a copy engine keeps in flight"));
    }

    public static CopyEngineSpec from(ParamValues v, List<ParamError> errors) {
        long line = v.getLong("dma.line");
        if (Long.bitCount(line) != 1) {
            errors.add(new ParamError("dma.line", "dma.line must be a power of two (4B .. 4KiB), got " + line + "B"));
            line = 64;
        }
        return new CopyEngineSpec(v.getInt("dma.engines"), (int) line, v.getInt("dma.outstanding"));
    }

    /** {@code dma0 .. dma{engines-1}}. */
    public List<String> names() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < engines; i++) n.add("dma" + i);
        return n;
    }
}
