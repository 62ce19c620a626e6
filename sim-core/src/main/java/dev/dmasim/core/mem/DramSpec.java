package dev.dmasim.core.mem;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.time.Time;

import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of the DRAM. Timing defaults are DDR4-3200AA (CL22-22-22), from the JEDEC DDR4
 * standard JESD79-4 speed bins as shown in DDR4-3200 SPD data: tCK 0.625 ns,
 * tAA (= tCL) = tRCD = tRP = 13.75 ns, tRAS 32 ns, tWR 15 ns, tRTP max(4 nCK, 7.5 ns) = 7.5 ns,
 * CWL 16 nCK = 10 ns; a BL8 burst takes 4 tCK = 2.5 ns and moves 64 B on a 64-bit channel.
 * Activates of one channel: tRRD_S = max(4 nCK, 2.5 ns) = 2.5 ns apart, at most four in any
 * tFAW = 34 nCK = 21.25 ns (x8 devices, 1 KiB page, DDR4-3200: JESD79-4C tables 169-170, as
 * tabulated by Ramulator 2's DDR4 model).
 * Geometry: 16 banks (4 bank groups x 4) and 8 KiB rows (1 KiB page x 8 x8 chips per rank).
 *
 * <p>All times in ps.
 */
public record DramSpec(Model model, long size, int channels, int banks, long rowBytes,
                       long tCK, long tRCD, long tCL, long tRP, long tRAS, long tBURST,
                       long tCWL, long tRTP, long tWR, long tRRD, long tFAW, AddressMapping mapping, long fixedLatency) {

    public enum Model {
        /** Banks, row buffers, timing, FR-FCFS. */
        TIMED("timed"),
        /** Every access takes exactly {@code dram.fixed_latency}, no contention (for queueing validation). */
        FIXED("fixed");

        private final String word;

        Model(String word) { this.word = word; }

        public String word() { return word; }

        static Model of(String w) {
            for (Model m : values()) if (m.word.equals(w)) return m;
            throw new IllegalArgumentException("unknown dram.model " + w);
        }
    }

    public static final long MIN_SIZE = 64L << 10;
    public static final long MAX_SIZE = 64L << 30;
    private static final long MAX_TIMING = Time.US;

    public DramSpec {
        if (mapping == null) throw new IllegalArgumentException("null mapping");
        if (tBURST <= 0 || tCK <= 0) throw new IllegalArgumentException("tBURST and tCK must be positive");
        if (tRCD < 0 || tCL < 0 || tRP < 0 || tRAS < 0 || tCWL < 0 || tRTP < 0 || tWR < 0 || tRRD < 0 || tFAW < 0
                || fixedLatency < 0) {
            throw new IllegalArgumentException("negative DRAM timing");
        }
    }

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.number("dram.size", ParamKind.SIZE, 4L << 30, MIN_SIZE, MAX_SIZE,
                "DRAM capacity (MODEL.md: 4 GiB); a multiple of channels x banks x row_size"));
        r.declare(ParamDecl.number("dram.channels", ParamKind.COUNT, 2, 1, 64,
                "independent DRAM channels, a power of two (MODEL.md: 2)"));
        r.declare(ParamDecl.number("dram.banks", ParamKind.COUNT, 16, 1, 256,
                "banks per channel, a power of two (DDR4: 4 bank groups x 4 banks)"));
        r.declare(ParamDecl.number("dram.row_size", ParamKind.SIZE, 8L << 10, 64, 1L << 20,
                "row-buffer size per bank, a power of two >= 64 B (DDR4 x8 rank: 8 x 1 KiB pages)"));
        r.declare(ParamDecl.number("dram.tck", ParamKind.TIME, 625, 1, 10 * Time.NS,
                "DRAM clock period (DDR4-3200: 0.625 ns, JESD79-4)"));
        r.declare(ParamDecl.number("dram.tcl", ParamKind.TIME, 13_750, 0, MAX_TIMING,
                "READ to first data, tCL = tAA (DDR4-3200AA CL22: 22 x 0.625 = 13.75 ns)"));
        r.declare(ParamDecl.number("dram.trcd", ParamKind.TIME, 13_750, 0, MAX_TIMING,
                "ACTIVATE to READ/WRITE (DDR4-3200AA: 13.75 ns)"));
        r.declare(ParamDecl.number("dram.trp", ParamKind.TIME, 13_750, 0, MAX_TIMING,
                "PRECHARGE period (DDR4-3200AA: 13.75 ns)"));
        r.declare(ParamDecl.number("dram.tras", ParamKind.TIME, 32_000, 0, MAX_TIMING,
                "ACTIVATE to PRECHARGE minimum (DDR4-3200: 32 ns)"));
        r.declare(ParamDecl.number("dram.tburst", ParamKind.TIME, 2_500, 1, MAX_TIMING,
                "one BL8 burst of 64 B on the data bus (4 tCK = 2.5 ns); also the READ-to-READ spacing"));
        r.declare(ParamDecl.number("dram.tcwl", ParamKind.TIME, 10_000, 0, MAX_TIMING,
                "WRITE to first data, CAS write latency (DDR4-3200: CWL 16 x 0.625 = 10 ns)"));
        r.declare(ParamDecl.number("dram.trtp", ParamKind.TIME, 7_500, 0, MAX_TIMING,
                "READ to PRECHARGE (DDR4: max(4 nCK, 7.5 ns))"));
        r.declare(ParamDecl.number("dram.twr", ParamKind.TIME, 15_000, 0, MAX_TIMING,
                "end of write data to PRECHARGE, write recovery (DDR4: 15 ns)"));
        r.declare(ParamDecl.number("dram.trrd", ParamKind.TIME, 2_500, 0, MAX_TIMING,
                "ACTIVATE to ACTIVATE of another bank of the channel (DDR4-3200 x8: tRRD_S = max(4 nCK, 2.5 ns))"));
        r.declare(ParamDecl.number("dram.tfaw", ParamKind.TIME, 21_250, 0, MAX_TIMING,
                "window that holds at most four ACTIVATEs of a channel (DDR4-3200 x8, 1 KiB page: 34 nCK = 21.25 ns)"));
        r.declare(ParamDecl.text("dram.mapping", AddressMapping.DEFAULT,
                "address bits from most to least significant, a permutation of row:bank:column:channel above"
                        + " the 64 B burst offset; the default interleaves consecutive bursts over the channels"));
        r.declare(ParamDecl.choice("dram.model", "timed", List.of("timed", "fixed"),
                "timed: banks, rows, DDR4 timing, FR-FCFS; fixed: every access takes dram.fixed_latency, no contention"));
        r.declare(ParamDecl.number("dram.fixed_latency", ParamKind.TIME, 40 * Time.NS, 0, Time.MS,
                "service time of every access when dram.model = fixed"));
    }

    public static DramSpec from(ParamValues v, List<ParamError> errors) {
        long size = v.getLong("dram.size");
        int channels = v.getInt("dram.channels");
        int banks = v.getInt("dram.banks");
        long row = v.getLong("dram.row_size");
        long tck = v.getLong("dram.tck");
        long tburst = v.getLong("dram.tburst");
        int before = errors.size();
        if (Integer.bitCount(channels) != 1) errors.add(new ParamError("dram.channels",
                "dram.channels = " + channels + " must be a power of two (valid: 1, 2, 4, .. 64)"));
        if (Integer.bitCount(banks) != 1) errors.add(new ParamError("dram.banks",
                "dram.banks = " + banks + " must be a power of two (valid: 1, 2, 4, .. 256)"));
        if (Long.bitCount(row) != 1) errors.add(new ParamError("dram.row_size",
                "dram.row_size = " + row + "B must be a power of two (valid: 64B .. 1MiB)"));
        if (tburst < tck) errors.add(new ParamError("dram.tburst",
                "dram.tburst = " + tburst + "ps must be at least dram.tck = " + tck + "ps", java.util.List.of("dram.tck")));
        if (errors.size() > before) return null;
        long stripe = (long) channels * banks * row;
        if (size % stripe != 0) {
            errors.add(new ParamError("dram.size", "dram.size = " + size + "B must be a multiple of dram.channels x"
                    + " dram.banks x dram.row_size = " + stripe + "B", java.util.List.of("dram.channels", "dram.banks", "dram.row_size")));
            return null;
        }
        AddressMapping mapping = AddressMapping.parse("dram.mapping", v.getString("dram.mapping"), size, channels, banks, row, errors);
        if (mapping == null) return null;
        return new DramSpec(Model.of(v.getString("dram.model")), size, channels, banks, row, tck,
                v.getLong("dram.trcd"), v.getLong("dram.tcl"), v.getLong("dram.trp"), v.getLong("dram.tras"), tburst,
                v.getLong("dram.tcwl"), v.getLong("dram.trtp"), v.getLong("dram.twr"), v.getLong("dram.trrd"),
                v.getLong("dram.tfaw"), mapping,
                v.getLong("dram.fixed_latency"));
    }

    /** The declared defaults. */
    public static DramSpec defaults() {
        return resolve(java.util.Map.of());
    }

    /** Defaults overlaid with {@code overrides}; throws IllegalArgumentException listing any errors. */
    public static DramSpec resolve(java.util.Map<String, Object> overrides) {
        ParamRegistry r = new ParamRegistry();
        declare(r);
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = ParamValues.resolve(r, overrides, errors);
        DramSpec s = errors.isEmpty() ? from(v, errors) : null;
        if (!errors.isEmpty()) throw new IllegalArgumentException(errors.toString());
        return s;
    }

    /** A copy in fixed-latency mode. */
    public DramSpec fixed(long latencyPs) {
        return new DramSpec(Model.FIXED, size, channels, banks, rowBytes, tCK, tRCD, tCL, tRP, tRAS, tBURST,
                tCWL, tRTP, tWR, tRRD, tFAW, mapping, latencyPs);
    }

    /** Peak data-bus bandwidth of all channels in bytes per second. */
    public double peakBytesPerSecond() {
        return (double) channels * AddressMapping.BURST_BYTES * Time.S / tBURST;
    }
}
