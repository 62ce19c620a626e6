package dev.dmasim.devices.tg;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.Bus;
import dev.dmasim.core.mem.BusSpec;
import dev.dmasim.core.mem.Dram;
import dev.dmasim.core.mem.DramSpec;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.time.Time;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrafficGeneratorTest {
    /** A target that answers every request after a fixed delay and records when it was issued. */
    static final class DelayTarget implements MemoryTarget {
        final Engine e;
        final long delay;
        final List<Long> issued = new ArrayList<>();
        final List<Long> addrs = new ArrayList<>();

        DelayTarget(Engine e, long delay) {
            this.e = e;
            this.delay = delay;
        }

        @Override public void request(MemTransaction t) {
            t.issuedPs = e.now();
            issued.add(e.now());
            addrs.add(t.addr);
            e.schedule(e.now() + delay, 0, (ty, p, a) -> {
                t.completedPs = e.now();
                t.servedBy = "memory";
                if (!t.write && (t.versions == null || t.versions.length < 1)) t.versions = new long[4];
                t.requester.memoryResponse(t);
            }, 0, 0, null);
        }
    }

    static final class Log implements CoherencyObserver {
        final List<String> events = new ArrayList<>();
        final Engine e;

        Log(Engine e) { this.e = e; }

        @Override public void write(int pass, long addr, long len, String holder) {
            events.add("W" + pass + "@" + addr + "+" + len + " " + holder + " t" + e.now());
        }

        @Override public void read(int pass, long addr, long len, long[] v, int off, String by) {
            events.add("R" + pass + "@" + addr + "+" + len + "=" + v[off] + " " + by);
        }

        @Override public void memoryWrite(long addr, long len, long[] v, int off, String by) {}
    }

    @Test
    void sequentialStreamIssuesEveryLineInOrderAndSignalsDoneAtTheLastCompletion() {
        Engine e = new Engine();
        DelayTarget tgt = new DelayTarget(e, 50 * Time.NS);
        TrafficGenerator tg = new TrafficGenerator("tg0", e, tgt, 0, 4, 64, 1, CoherencyObserver.NONE);
        long[] doneAt = {-1};
        tg.stream(4096, 10 * 64 + 16, false, Interval.ASAP, Pattern.SEQUENTIAL, 64, 0, () -> doneAt[0] = e.now());
        e.run();
        List<Long> expect = new ArrayList<>();
        for (int i = 0; i < 11; i++) expect.add(4096 + 64L * i);
        assertEquals(expect, tgt.addrs);
        // window 4: issues at 0 (x4), 50 (x4), 100 (x3); the last completes at 150 ns
        assertEquals(List.of(0L, 0L, 0L, 0L, 50_000L, 50_000L, 50_000L, 50_000L, 100_000L, 100_000L, 100_000L), tgt.issued);
        assertEquals(150_000, doneAt[0]);
        TrafficGenerator.Stats s = tg.stats();
        assertEquals(10 * 64 + 16, s.bytes());
        assertEquals(11, s.transactions());
        assertEquals(11, s.reads());
        assertEquals(50.0, s.latency().mean(), 1e-9);
        assertEquals(50.0, s.latency().p99(), 1e-9);
        assertFalse(tg.busy());
    }

    @Test
    void fixedAndRateIntervalsAreExact() {
        Engine e = new Engine();
        DelayTarget tgt = new DelayTarget(e, 1);
        TrafficGenerator tg = new TrafficGenerator("tg0", e, tgt, 0, 4, 64, 1, CoherencyObserver.NONE);
        tg.stream(0, 5 * 64, false, Interval.fixed(10 * Time.NS), Pattern.SEQUENTIAL, 64, 0, null);
        // 3 GB/s with 64 B lines: 21333.33 ps per line, kept exact over the stream
        tg.stream(0, 4 * 64, true, Interval.rate(3_000_000_000L), Pattern.SEQUENTIAL, 64, 1, null);
        e.run();
        long start2 = 40_001; // the first stream's last completion
        assertEquals(List.of(0L, 10_000L, 20_000L, 30_000L, 40_000L,
                start2, start2 + 21_333, start2 + 42_666, start2 + 64_000), tgt.issued);
    }

    @Test
    void exponentialIntervalsHaveTheRequestedMean() {
        Engine e = new Engine();
        DelayTarget tgt = new DelayTarget(e, 1);
        TrafficGenerator tg = new TrafficGenerator("tg0", e, tgt, 0, 4, 64, 42, CoherencyObserver.NONE);
        int n = 20_000;
        tg.stream(0, n * 64L, false, Interval.exponential(100 * Time.NS), Pattern.SEQUENTIAL, 64, 0, null);
        e.run();
        double mean = (double) tgt.issued.get(n - 1) / (n - 1);
        assertEquals(100_000, mean, 100_000 * 0.03); // 3 standard errors of 0.7 %
        long shortOnes = 0;
        for (int i = 1; i < n; i++) if (tgt.issued.get(i) - tgt.issued.get(i - 1) < 100_000 * Math.log(2)) shortOnes++;
        assertEquals(0.5, (double) shortOnes / (n - 1), 0.02, "half the intervals are below the median mean*ln2");
    }

    @Test
    void writesCarryThePassAndReadsReportWhatTheyFound() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 16);
        Bus b = new Bus(e, BusSpec.defaults(), d);
        Log log = new Log(e);
        TrafficGenerator tg = TrafficGenerator.attach("tg0", e, b, 16, 7, log);
        tg.stream(1 << 20, 128, true, Interval.ASAP, Pattern.SEQUENTIAL, 64, 5, null);
        tg.stream(1 << 20, 192, false, Interval.ASAP, Pattern.SEQUENTIAL, 64, 6, null);
        e.run();
        long base = 1 << 20;
        assertEquals(List.of("W5@" + base + "+64 null t0", "W5@" + (base + 64) + "+64 null t0",
                "R6@" + base + "+64=5 memory", "R6@" + (base + 64) + "+64=5 memory", "R6@" + (base + 128) + "+64=0 memory"),
                sortReads(log.events));
        for (long a = base; a < base + 128; a += 16) assertEquals(5, d.memory().get(a));
        assertEquals(0, d.memory().get(base + 128));
        assertEquals(2, tg.stats().writes());
        assertEquals(3, tg.stats().reads());
        Map<String, Object> m = tg.statsMap();
        assertEquals(List.of("bytes", "transactions", "reads", "writes", "streams", "latency_ns"), new ArrayList<>(m.keySet()));
        assertEquals(2L, m.get("streams"));
    }

    /** Reads complete in address order here except across channels; sort them for a stable comparison. */
    private static List<String> sortReads(List<String> ev) {
        List<String> w = new ArrayList<>(ev.subList(0, 2));
        List<String> r = new ArrayList<>(ev.subList(2, ev.size()));
        r.sort(null);
        w.addAll(r);
        return w;
    }

    @Test
    void randomPatternVisitsEveryLineOnce() {
        Engine e = new Engine();
        DelayTarget tgt = new DelayTarget(e, 5 * Time.NS);
        TrafficGenerator tg = new TrafficGenerator("tg0", e, tgt, 0, 16, 64, 3, CoherencyObserver.NONE);
        tg.stream(64 * 1000, 64 * 1000, false, Interval.ASAP, Pattern.RANDOM, 64, 0, null);
        e.run();
        List<Long> sorted = new ArrayList<>(tgt.addrs);
        sorted.sort(null);
        for (int i = 0; i < 1000; i++) assertEquals(64 * 1000 + 64L * i, sorted.get(i));
        int inOrder = 0;
        for (int i = 1; i < 1000; i++) if (tgt.addrs.get(i) == tgt.addrs.get(i - 1) + 64) inOrder++;
        assertTrue(inOrder < 50, "random order, got " + inOrder + " sequential steps");
    }

    @Property(tries = 100)
    void permutationIsABijection(@ForAll @IntRange(min = 1, max = 3000) int n, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Permutation p = new Permutation(n, new Well19937c(seed));
        boolean[] seen = new boolean[n];
        for (int k = 0; k < n; k++) {
            long v = p.apply(k);
            assertTrue(v >= 0 && v < n);
            assertFalse(seen[(int) v]);
            seen[(int) v] = true;
        }
    }

    @Test
    void generatorCountIsAParameterWithARange() {
        ParamRegistry r = new ParamRegistry();
        TgSpec.declare(r);
        List<ParamError> errors = new ArrayList<>();
        assertEquals(2, TgSpec.from(ParamValues.defaults(r), errors).generators());
        ParamValues.resolve(r, Map.of("tg.generators", 17L), errors);
        assertEquals("tg.generators", errors.get(0).param());
        assertEquals("tg.generators = 17 is out of range (valid: 0 .. 16)", errors.get(0).message());
        assertNotEquals(TrafficGenerator.deriveSeed(1, "tg0"), TrafficGenerator.deriveSeed(1, "tg1"));
        assertEquals(TrafficGenerator.deriveSeed(9, "tg3"), TrafficGenerator.deriveSeed(9, "tg3"));
    }
}
