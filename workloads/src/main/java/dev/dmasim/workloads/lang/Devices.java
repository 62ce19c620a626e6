package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Which device names exist for a run: {@code cpu0..cpu{cpu.cores-1}}, {@code gpu0}, {@code gpu1},
 * {@code sli}, {@code dma0..dma{dma.engines-1}}, {@code tg0..tg{tg.generators-1}}, {@code cam0},
 * {@code disp0}.
 */
public record Devices(int cpus, int gpus, int dmas, int tgs, int cams, int disps) {
    public static final Devices DEFAULT = new Devices(2, 2, 2, 2, 1, 1);

    /** From resolved parameters; a parameter that is not declared keeps MODEL.md's default. */
    public static Devices from(ParamValues v) {
        return new Devices(count(v, "cpu.cores", DEFAULT.cpus), DEFAULT.gpus, count(v, "dma.engines", DEFAULT.dmas),
                count(v, "tg.generators", DEFAULT.tgs), DEFAULT.cams, DEFAULT.disps);
    }

    private static int count(ParamValues v, String name, int fallback) {
        if (v == null || v.registry().find(name) == null) return fallback;
        Object o = v.get(name);
        if (!(o instanceof Long)) return fallback;
        long n = (Long) o;
        return (int) Math.max(0, Math.min(n, 4096));
    }

    /** How many devices of a kind exist (sli: 1 while there are two GPUs). */
    public int count(Operations.Receiver kind) {
        switch (kind) {
            case CPU: return cpus;
            case GPU: return gpus;
            case SLI: return gpus >= 2 ? 1 : 0;
            case DMA: return dmas;
            case TG: return tgs;
            case CAM: return cams;
            case DISP: return disps;
            default: return 0;
        }
    }

    public boolean exists(String name) {
        Operations.Receiver k = Operations.kindOf(name);
        if (k == null) return false;
        if (k == Operations.Receiver.SLI) return count(k) > 0;
        int idx = Operations.indexOf(name);
        return idx >= 0 && idx < count(k);
    }

    /** Every device name except the CPU cores. */
    public List<String> all() {
        List<String> out = new ArrayList<>();
        for (Operations.Receiver k : Operations.Receiver.values()) {
            if (k == Operations.Receiver.NONE || k == Operations.Receiver.CPU) continue;
            out.addAll(names(k));
        }
        return out;
    }

    public List<String> names(Operations.Receiver k) {
        List<String> out = new ArrayList<>();
        if (k == Operations.Receiver.SLI) {
            if (count(k) > 0) out.add("sli");
            return out;
        }
        for (int i = 0; i < count(k) && i < 64; i++) out.add(k.prefix() + i);
        return out;
    }

    /** "(dma.engines = 2: dma0..dma1)" for messages about a device that does not exist. */
    public String describe(Operations.Receiver k) {
        String param;
        switch (k) {
            case CPU: param = "cpu.cores"; break;
            case DMA: param = "dma.engines"; break;
            case TG: param = "tg.generators"; break;
            default: param = null;
        }
        int n = count(k);
        String which = n == 0 ? "none" : n == 1 ? k.prefix() + "0" : k.prefix() + "0.." + k.prefix() + (n - 1);
        return param == null ? "(there is " + which + ")" : "(" + param + " = " + n + ": " + which + ")";
    }
}
