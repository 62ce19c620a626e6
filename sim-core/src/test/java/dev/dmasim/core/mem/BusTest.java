package dev.dmasim.core.mem;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class BusTest {
    static final long TCL = 13_750, TRCD = 13_750, TBURST = 2_500;

    static final class Recorder implements MemoryRequester {
        final Map<Long, Long> done = new HashMap<>();
        final List<Long> order = new ArrayList<>();
        final Map<Long, MemTransaction> txs = new HashMap<>();

        @Override public void memoryResponse(MemTransaction t) {
            done.put(t.tag, t.completedPs);
            order.add(t.tag);
            txs.put(t.tag, t);
        }
    }

    static MemTransaction read(long addr, int master, long tag, MemoryRequester r) {
        return new MemTransaction().set(addr, 64, false, master, r, tag);
    }

    static MemTransaction write(long addr, int master, long tag, long version, MemoryRequester r) {
        MemTransaction t = new MemTransaction().set(addr, 64, true, master, r, tag);
        t.versions = new long[]{version};
        return t;
    }

    static Bus bus(Engine e, BusSpec spec, DramSpec dspec) {
        return new Bus(e, spec, new Dram("dram", e, dspec, 64));
    }

    @Test
    void defaultsAreModelMd() {
        BusSpec s = BusSpec.defaults();
        assertEquals(32, s.width());
        assertEquals(1_000_000_000L, s.freqHz());
        assertEquals(2, s.overheadCycles());
        assertEquals(BusSpec.Arbitration.ROUND_ROBIN, s.arbitration());
        assertEquals(16, s.maxOutstanding());
        assertEquals(0, s.priorityOf("tg15"));
        assertEquals(29, s.priorities().size());
        assertEquals(4, s.tenureCycles(64));
        assertEquals(3, s.tenureCycles(1));
        assertEquals(4, s.tenureCycles(33));
    }

    @Test
    void unloadedLatencyIsTenurePlusMemory() {
        Engine e = new Engine();
        Bus b = bus(e, BusSpec.defaults(), DramSpec.defaults());
        int m = b.attachMaster("tg0", 0, 16);
        Recorder r = new Recorder();
        b.request(write(0, m, 1, 3, r));
        e.run();
        assertEquals(4 * Time.NS, r.done.get(1L), "a write takes one tenure of 2 + 64/32 cycles");
        long t2 = 1_000_000;
        e.schedule(t2, (ty, p, a) -> b.request(read(0, m, 2, r)), 0, 0);
        e.run();
        // row 0 of bank 0 is open from the write: a hit, then the data tenure
        assertEquals(t2 + TCL + TBURST + 4 * Time.NS, r.done.get(2L));
        assertEquals(3, r.txs.get(2L).versions[0]);
        assertEquals("memory", r.txs.get(2L).servedBy);
        long t3 = 2_000_000;
        e.schedule(t3, (ty, p, a) -> b.request(read(16 * 1024, m, 3, r)), 0, 0); // bank 1, closed
        e.run();
        assertEquals(t3 + TRCD + TCL + TBURST + 4 * Time.NS, r.done.get(3L), "miss");
        assertEquals(t3 - 0, r.txs.get(3L).issuedPs);
    }

    @Test
    void tenureRoundsUpOnClocksWithoutWholePicosecondPeriods() {
        Engine e = new Engine();
        Bus b = bus(e, BusSpec.defaults().withFreq(3_000_000_000L), DramSpec.defaults());
        // 4 cycles at 3 GHz = 1333.33 ps -> 1334 ps: never faster than width x freq
        assertEquals(1334, b.tenureTime(64));
        assertEquals(3000, b.tenureTime(32 * 7)); // 9 cycles = 3000 ps exactly
        Bus w = bus(e, BusSpec.defaults().withWidth(16).withOverhead(0), DramSpec.defaults());
        assertEquals(4000, w.tenureTime(64));
        assertEquals(1000, w.tenureTime(1));
    }

    @Test
    void outstandingLimitHoldsExcessRequestsInTheMastersQueue() {
        Engine e = new Engine();
        Bus b = bus(e, BusSpec.defaults(), DramSpec.defaults().fixed(100 * Time.NS));
        int m = b.attachMaster("tg0", 0, 2);
        Recorder r = new Recorder();
        for (int i = 0; i < 5; i++) b.request(read(i * 64L, m, i, r));
        e.run();
        // 0 and 1 go to memory at once; 2 when 0 completes (104 ns), 3 when 1 completes (108 ns), ...
        assertEquals(104_000, r.done.get(0L));
        assertEquals(108_000, r.done.get(1L));
        assertEquals(208_000, r.done.get(2L));
        assertEquals(212_000, r.done.get(3L));
        assertEquals(312_000, r.done.get(4L));
        // queueing: 0: none; 1: 4 ns for the bus (0 holds it); 2: 104 ns in the queue; 3: 108; 4: 208
        assertEquals((4 + 104 + 108 + 208) * 1000.0 / 5, b.meanQueueDelayPs(m), 1e-9);
    }

    @Test
    void aReadNeverOvertakesAnEarlierWriteOfTheSameMaster() {
        Engine e = new Engine();
        Bus b = bus(e, BusSpec.defaults(), DramSpec.defaults());
        int m = b.attachMaster("tg0", 0, 16);
        Recorder r = new Recorder();
        b.request(write(4096, m, 1, 42, r));
        b.request(read(4096, m, 2, r));
        e.run();
        assertEquals(42, r.txs.get(2L).versions[0]);
        assertEquals(List.of(1L, 2L), r.order);
        // the read reaches memory when the write's tenure ends (4 ns), waits for the write's
        // activate (bank 0 was closed), then hits the row the write opened
        assertEquals(4_000 + TRCD + TCL + TBURST + 4_000, r.done.get(2L));
    }

    @Test
    void roundRobinAlternatesAndFixedPriorityPrefersTheHigher() {
        for (BusSpec.Arbitration arb : BusSpec.Arbitration.values()) {
            Engine e = new Engine();
            Bus b = bus(e, BusSpec.defaults().withArbitration(arb), DramSpec.defaults().fixed(0));
            int lo = b.attachMaster("dma0", 1, 16);
            int hi = b.attachMaster("dma1", 5, 16);
            Recorder r = new Recorder();
            List<Integer> grants = new ArrayList<>();
            b.acceptHook((src, pos, item, d) -> {
                if (pos == Bus.HOOK_GRANT) grants.add(((MemTransaction) item).master);
            });
            for (int i = 0; i < 3; i++) {
                b.request(write(i * 64L, lo, i, 1, r));
                b.request(write(4096 + i * 64L, hi, 10 + i, 1, r));
            }
            e.run();
            if (arb == BusSpec.Arbitration.ROUND_ROBIN) assertEquals(List.of(lo, hi, lo, hi, lo, hi), grants);
            else assertEquals(List.of(hi, hi, hi, lo, lo, lo), grants);
            assertEquals(6 * 4_000, e.now());
            assertEquals(1.0, b.utilization(e.now()), 1e-12);
        }
    }

    @Test
    void simultaneousRequestsCompeteInTheSamePicosecond() {
        Engine e = new Engine();
        Bus b = bus(e, BusSpec.defaults().withArbitration(BusSpec.Arbitration.FIXED_PRIORITY), DramSpec.defaults().fixed(0));
        int lo = b.attachMaster("cam0", 0, 16);
        int hi = b.attachMaster("disp0", 9, 16);
        Recorder r = new Recorder();
        // lo's event runs first, but the decision waits for every event at t = 5 ns
        e.schedule(5_000, (ty, p, a) -> b.request(write(0, lo, 1, 1, r)), 0, 0);
        e.schedule(5_000, (ty, p, a) -> b.request(write(64, hi, 2, 1, r)), 0, 0);
        e.run();
        assertEquals(9_000, r.done.get(2L));
        assertEquals(13_000, r.done.get(1L));
    }

    /**
     * A closed-loop streaming master. {@code direct}: it issues its next request inside the
     * response; otherwise from an engine event it schedules at {@code engine.now()}, as a model
     * that reacts a moment later does (so {@code now()} must be the response's time).
     */
    static final class Streamer implements MemoryRequester {
        final Bus b;
        final int m;
        final long base, lines;
        final boolean direct, write;
        long issued, done;
        final List<Long> completions = new ArrayList<>();

        Streamer(Bus b, int m, long base, long lines, boolean write, boolean direct) {
            this.b = b;
            this.m = m;
            this.base = base;
            this.lines = lines;
            this.write = write;
            this.direct = direct;
            for (int i = 0; i < b.maxOutstanding(m) && issued < lines; i++) issue(new MemTransaction());
        }

        void issue(MemTransaction t) {
            long k = issued++;
            t.set(base + k * 64, 64, write && (k % 3 == 0), m, this, k);
            t.versions = new long[]{k + 1};
            b.request(t);
        }

        @Override public void memoryResponse(MemTransaction t) {
            done++;
            if (t.completedPs != engine().now()) throw new AssertionError("response at " + t.completedPs + ", now " + engine().now());
            completions.add(t.completedPs * 1_000_000_000L + t.issuedPs);
            if (issued >= lines) return;
            if (direct) issue(t);
            else engine().schedule(engine().now(), (ty, p, a) -> issue(t), 0, 0);
        }

        Engine engine() { return b.engine(); }

    }

    /** Running ahead changes nothing but the number of events. */
    @Test
    void runningAheadIsIndistinguishableFromEventByEvent() {
        List<Object> results = new ArrayList<>();
        long[] events = new long[2];
        for (int ahead = 0; ahead < 2; ahead++) {
            Engine e = new Engine();
            Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
            Bus b = new Bus(e, BusSpec.defaults().withArbitration(BusSpec.Arbitration.FIXED_PRIORITY), d);
            b.setRunAhead(ahead == 1);
            Streamer s0 = new Streamer(b, b.attachMaster("tg0", 1, 16), 0, 20_000, true, true);
            Streamer s1 = new Streamer(b, b.attachMaster("tg1", 0, 4), 1 << 24, 20_000, false, true);
            // a third master that reacts by an event at the response's time, starting later
            Streamer[] s2 = new Streamer[1];
            int m2 = b.attachMaster("tg2", 2, 8);
            e.schedule(50 * Time.US, (ty, p, a) -> s2[0] = new Streamer(b, m2, 1 << 26, 5_000, true, false), 0, 0);
            e.run();
            results.add(List.of(s0.completions, s1.completions, s2[0].completions, b.stats(e.now()), d.stats(e.now())));
            events[ahead] = e.eventsProcessed();
        }
        for (int i = 0; i < 3; i++) {
            List<?> a = (List<?>) ((List<?>) results.get(0)).get(i), b = (List<?>) ((List<?>) results.get(1)).get(i);
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                if (!a.get(k).equals(b.get(k))) {
                    long x = (Long) a.get(k), y = (Long) b.get(k);
                    fail("master " + i + " completion " + k + ": " + (x / 1_000_000_000L) + "/" + (x % 1_000_000_000L) + " vs " + (y / 1_000_000_000L) + "/" + (y % 1_000_000_000L));
                }
            }
        }
        assertEquals(((List<?>) results.get(0)).subList(3, 5).toString(), ((List<?>) results.get(1)).subList(3, 5).toString());
        assertTrue(events[1] < events[0] / 2, "events " + events[0] + " -> " + events[1]);
    }

    /**
     * Masters whose rows conflict in every bank keep the DRAM's queues full, so its decisions
     * are wake-ups; the bus runs them ahead too. Still identical to event-by-event, with an
     * unrelated periodic event and a master that reacts by events at the response's time interleaved.
     */
    @Test
    void runningAheadThroughDramWakeUpsIsIndistinguishableFromEventByEvent() {
        List<String> results = new ArrayList<>();
        long[] events = new long[2];
        for (int ahead = 0; ahead < 2; ahead++) {
            Engine e = new Engine();
            Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
            Bus b = new Bus(e, BusSpec.defaults(), d);
            b.setRunAhead(ahead == 1);
            List<Long> issues = new ArrayList<>();
            d.acceptHook((src, pos, item, detail) -> {
                if (pos == Dram.HOOK_ISSUE) issues.add(e.now() * 7 + ((MemTransaction) item).tag);
            });
            Streamer s0 = new Streamer(b, b.attachMaster("tg0", 0, 16), 0, 6_000, false, true);
            Streamer s1 = new Streamer(b, b.attachMaster("tg1", 0, 16), 1L << 29, 6_000, true, true);
            Streamer[] s2 = new Streamer[1];
            int m2 = b.attachMaster("tg2", 0, 8);
            e.schedule(20 * Time.US, (ty, p, a) -> s2[0] = new Streamer(b, m2, 1L << 30, 3_000, true, false), 0, 0);
            long[] ticks = new long[1];
            EventHandler tick = new EventHandler() {
                @Override public void handleEvent(int type, long payload, Object attachment) {
                    ticks[0]++;
                    if (ticks[0] < 200) e.scheduleAfter(1_237, this, 0, 0);
                }
            };
            e.schedule(3 * Time.US, tick, 0, 0);
            e.run();
            results.add(List.of(s0.completions, s1.completions, s2[0].completions, issues, b.stats(e.now()),
                    d.stats(e.now()), e.now()).toString());
            events[ahead] = e.eventsProcessed();
            assertTrue(d.totalStats().rowConflicts() > 1000, "conflicts " + d.totalStats().rowConflicts());
        }
        assertEquals(results.get(0), results.get(1));
        assertTrue(events[1] < events[0], "events " + events[0] + " -> " + events[1]);
        System.out.println("dram-wake run-ahead digest " + results.get(0).hashCode() + " events " + events[0] + " -> " + events[1]);
    }

    @Test
    void statsMapHasTheReportKeys() {
        Engine e = new Engine();
        Bus b = bus(e, BusSpec.defaults(), DramSpec.defaults());
        int m = b.attachMaster("gpu0");
        Recorder r = new Recorder();
        b.request(write(0, m, 1, 1, r));
        e.run();
        e.schedule(8_000, (ty, p, a) -> {}, 0, 0);
        e.run();
        Map<String, Object> s = b.stats(e.now());
        assertEquals(List.of("bytes", "utilization", "busy_ps", "transactions", "bandwidth_gbps", "masters"), new ArrayList<>(s.keySet()));
        assertEquals(64L, s.get("bytes"));
        assertEquals(0.5, (Double) s.get("utilization"), 1e-12);
        assertEquals(8.0, (Double) s.get("bandwidth_gbps"), 1e-12);
        Map<?, ?> gpu = (Map<?, ?>) ((Map<?, ?>) s.get("masters")).get("gpu0");
        assertEquals(64L, gpu.get("bytes"));
        assertEquals(1L, gpu.get("writes"));
        assertEquals(0.0, gpu.get("mean_queue_ns"));
    }

    @Test
    void badParametersAreRejectedNamingParameterAndRange() {
        ParamRegistry reg = new ParamRegistry();
        BusSpec.declare(reg);
        List<ParamError> errors = new ArrayList<>();
        ParamValues.resolve(reg, Map.of("bus.width", 0L, "bus.overhead", -1L, "bus.arbitration", "lottery",
                "bus.max_outstanding", 0L, "bus.priority.tg3", -2L), errors);
        Map<String, String> byParam = new HashMap<>();
        for (ParamError pe : errors) byParam.put(pe.param(), pe.message());
        assertEquals(5, errors.size(), errors.toString());
        assertEquals("bus.width = 0B is out of range (valid: 1B .. 1KiB)", byParam.get("bus.width"));
        assertTrue(byParam.get("bus.overhead").contains("valid: 0 .. 1000"), byParam.get("bus.overhead"));
        assertTrue(byParam.get("bus.arbitration").contains("round-robin, fixed-priority"));
        assertTrue(byParam.get("bus.max_outstanding").contains("valid: 1 .. 4096"));
        assertTrue(byParam.get("bus.priority.tg3").contains("valid: 0 .. 1000"));
        errors.clear();
        ParamValues.resolve(reg, Map.of("bus.freq", 0L), errors);
        assertEquals("bus.freq = 0Hz is out of range (valid: 1MHz .. 10GHz)", errors.get(0).message());
    }
}
