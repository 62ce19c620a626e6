package dev.dmasim.core.mem;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of the shared bus.
 *
 * @param width          bytes moved per bus cycle
 * @param freqHz         bus clock
 * @param overheadCycles cycles per transaction besides its data beats (arbitration, address, turnaround)
 * @param arbitration    how the bus picks among waiting masters
 * @param maxOutstanding default limit of a master's transactions in flight (see {@link Bus})
 * @param priorities     {@code bus.priority.<master>} values (higher wins under fixed-priority)
 */
public record BusSpec(int width, long freqHz, int overheadCycles, Arbitration arbitration, int maxOutstanding,
                      Map<String, Integer> priorities) {

    public enum Arbitration {
        ROUND_ROBIN("round-robin"), FIXED_PRIORITY("fixed-priority");

        private final String word;

        Arbitration(String word) { this.word = word; }

        public String word() { return word; }

        public static Arbitration of(String word) {
            for (Arbitration a : values()) if (a.word.equals(word)) return a;
            throw new IllegalArgumentException("unknown arbitration " + word);
        }
    }

    /** The bus masters that have a {@code bus.priority.<name>} parameter. */
    public static final List<String> MASTER_NAMES;

    static {
        List<String> n = new ArrayList<>(List.of("cpu", "gpu0", "gpu1", "cam0", "disp0"));
        for (int i = 0; i < 8; i++) n.add("dma" + i);
        for (int i = 0; i < 16; i++) n.add("tg" + i);
        MASTER_NAMES = Collections.unmodifiableList(n);
    }

    public static final int MAX_WIDTH = 1024;
    public static final int MAX_OVERHEAD = 1000;
    public static final int MAX_OUTSTANDING = 4096;
    public static final int MAX_PRIORITY = 1000;

    public BusSpec {
        if (width < 1 || width > MAX_WIDTH) throw new IllegalArgumentException("bus.width out of range: " + width);
        if (freqHz < 1) throw new IllegalArgumentException("bus.freq out of range: " + freqHz);
        if (overheadCycles < 0) throw new IllegalArgumentException("bus.overhead out of range: " + overheadCycles);
        if (maxOutstanding < 1) throw new IllegalArgumentException("bus.max_outstanding out of range: " + maxOutstanding);
        priorities = Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
    }

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.number("bus.width", ParamKind.SIZE, 32, 1, MAX_WIDTH,
                "bytes the shared bus moves per cycle (MODEL.md: 32 B)"));
        r.declare(ParamDecl.number("bus.freq", ParamKind.FREQ, 1_000_000_000L, 1_000_000L, 10_000_000_000L,
                "bus clock (MODEL.md: 1 GHz); peak bandwidth = width x freq"));
        r.declare(ParamDecl.number("bus.overhead", ParamKind.COUNT, 2, 0, MAX_OVERHEAD,
                "bus cycles per transaction besides its data beats: arbitration, address, turnaround (MODEL.md: 2)"));
        r.declare(ParamDecl.choice("bus.arbitration", "round-robin", List.of("round-robin", "fixed-priority"),
                "how the bus picks among waiting masters; fixed-priority: higher bus.priority.<master> wins, ties round-robin"));
        r.declare(ParamDecl.number("bus.max_outstanding", ParamKind.COUNT, 16, 1, MAX_OUTSTANDING,
                "transactions a master may have in flight on the bus; more wait in the master's queue (AXI-like 16)"));
        for (String m : MASTER_NAMES) {
            r.declare(ParamDecl.number("bus.priority." + m, ParamKind.COUNT, 0, 0, MAX_PRIORITY,
                    "priority of bus master " + m + " under fixed-priority arbitration (higher wins)"));
        }
    }

    public static BusSpec from(ParamValues v, List<ParamError> errors) {
        Map<String, Integer> prio = new LinkedHashMap<>();
        for (String m : MASTER_NAMES) prio.put(m, v.getInt("bus.priority." + m));
        // Ranges are checked when the values are resolved (ParamValues.check); nothing crosses parameters.
        return new BusSpec(v.getInt("bus.width"), v.getLong("bus.freq"), v.getInt("bus.overhead"),
                Arbitration.of(v.getString("bus.arbitration")), v.getInt("bus.max_outstanding"), prio);
    }

    /** The declared defaults. */
    public static BusSpec defaults() {
        ParamRegistry r = new ParamRegistry();
        declare(r);
        List<ParamError> errors = new ArrayList<>();
        BusSpec s = from(ParamValues.defaults(r), errors);
        if (!errors.isEmpty()) throw new IllegalStateException("invariant: bus defaults invalid: " + errors);
        return s;
    }

    /** Priority of a master by name (0 if it has no parameter). */
    public int priorityOf(String master) {
        Integer p = priorities.get(master);
        return p == null ? 0 : p;
    }

    /** Peak bandwidth in bytes per second: width x freq. */
    public long peakBytesPerSecond() { return Math.multiplyExact((long) width, freqHz); }

    /** Bus cycles one transaction of {@code size} bytes holds the bus: overhead + ceil(size / width). */
    public long tenureCycles(long size) { return overheadCycles + (size + width - 1) / width; }

    public BusSpec withWidth(int w) { return new BusSpec(w, freqHz, overheadCycles, arbitration, maxOutstanding, priorities); }

    public BusSpec withFreq(long f) { return new BusSpec(width, f, overheadCycles, arbitration, maxOutstanding, priorities); }

    public BusSpec withOverhead(int o) { return new BusSpec(width, freqHz, o, arbitration, maxOutstanding, priorities); }

    public BusSpec withArbitration(Arbitration a) { return new BusSpec(width, freqHz, overheadCycles, a, maxOutstanding, priorities); }

    public BusSpec withMaxOutstanding(int m) { return new BusSpec(width, freqHz, overheadCycles, arbitration, m, priorities); }
}
