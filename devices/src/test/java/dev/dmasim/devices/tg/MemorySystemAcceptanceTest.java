package dev.dmasim.devices.tg;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.Bus;
import dev.dmasim.core.mem.BusSpec;
import dev.dmasim.core.mem.Dram;
import dev.dmasim.core.mem.DramSpec;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.time.Time;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Traffic generators against the bus and DRAM, compared with analytic references: the bandwidth
 * bound, fixed-priority and round-robin shares, the M/D/1 waiting time, and determinism.
 */
class MemorySystemAcceptanceTest {
    static final int LINE = 64;

    static final class System {
        final Engine engine = new Engine();
        final Dram dram;
        final Bus bus;

        System(BusSpec bspec, DramSpec dspec) {
            dram = new Dram("dram", engine, dspec, 64);
            bus = new Bus(engine, bspec, dram);
        }

        TrafficGenerator tg(String name, int priority, int window, long seed) {
            int m = bus.attachMaster(name, priority, window);
            return new TrafficGenerator(name, engine, bus, m, window, 64, seed, CoherencyObserver.NONE);
        }
    }

    /** width x freq x payload / (payload + overhead), bytes per second. */
    static double capacity(BusSpec s, int size) {
        long payload = (size + s.width() - 1) / s.width();
        return (double) s.width() * s.freqHz() * payload / (payload + s.overheadCycles());
    }

    static double rate(long bytes, long ps) { return bytes * 1e12 / ps; }

    @Test
    void saturatingStreamsReachTheBusBoundAndNeverExceedIt() {
        for (boolean write : new boolean[]{false, true}) {
            System s = new System(BusSpec.defaults(), DramSpec.defaults());
            TrafficGenerator a = s.tg("tg0", 0, 16, 1), b = s.tg("tg1", 0, 16, 2);
            long bytes = 2L << 20;
            long[] end = new long[2];
            a.stream(0, bytes, write, Interval.ASAP, Pattern.SEQUENTIAL, LINE, 1, () -> end[0] = s.engine.now());
            b.stream(64L << 20, bytes, write, Interval.ASAP, Pattern.SEQUENTIAL, LINE, 2, () -> end[1] = s.engine.now());
            s.engine.run();
            long elapsed = Math.max(end[0], end[1]);
            double got = rate(2 * bytes, elapsed);
            double cap = capacity(s.bus.spec(), LINE);
            assertEquals(16e9, cap, 1);
            assertTrue(got >= 0.95 * cap && got <= cap, (write ? "writes " : "reads ") + got / 1e9 + " GB/s of " + cap / 1e9);
            assertTrue(s.bus.busyPs() <= elapsed);
            assertTrue(rate(s.bus.bytes(), elapsed) <= s.bus.spec().peakBytesPerSecond());
        }
    }

    @Test
    void fixedPriorityServesTheHighMastersWholeDemandAndTheLowOneTheRest() {
        System s = new System(BusSpec.defaults().withArbitration(BusSpec.Arbitration.FIXED_PRIORITY), DramSpec.defaults());
        TrafficGenerator hi = s.tg("disp0", 5, 16, 1), lo = s.tg("tg0", 0, 16, 2);
        long demand = 6_000_000_000L;
        long hiBytes = 1L << 20;
        long[] hiEnd = {0};
        long[] loAtHiEnd = {0};
        hi.stream(0, hiBytes, false, Interval.rate(demand), Pattern.SEQUENTIAL, LINE, 1, () -> {
            hiEnd[0] = s.engine.now();
            loAtHiEnd[0] = lo.stats().bytes();
        });
        lo.stream(256L << 20, 16L << 20, false, Interval.ASAP, Pattern.SEQUENTIAL, LINE, 2, null);
        s.engine.run();
        double hiRate = rate(hiBytes, hiEnd[0]);
        double loRate = rate(loAtHiEnd[0], hiEnd[0]);
        double cap = capacity(s.bus.spec(), LINE);
        assertEquals(demand, hiRate, demand * 0.01, "the high-priority master gets its demand");
        assertTrue(loRate >= 0.95 * (cap - demand) && loRate <= cap - hiRate,
                "the low-priority master gets the rest: " + loRate / 1e9 + " GB/s");
    }

    @Test
    void roundRobinSplitsTheBusEvenly() {
        System s = new System(BusSpec.defaults(), DramSpec.defaults());
        TrafficGenerator a = s.tg("tg0", 0, 16, 1), b = s.tg("tg1", 0, 8, 2);
        long[] bAtAEnd = {-1};
        long bytes = 2L << 20;
        a.stream(0, bytes, false, Interval.ASAP, Pattern.SEQUENTIAL, LINE, 1, () -> bAtAEnd[0] = b.stats().bytes());
        b.stream(64L << 20, 4 * bytes, true, Interval.ASAP, Pattern.SEQUENTIAL, LINE, 2, null);
        s.engine.run();
        double share = (double) bytes / (bytes + bAtAEnd[0]);
        assertEquals(0.5, share, 0.02, "share of tg0 " + share);
    }

    /**
     * One generator with Poisson arrivals of writes into the bus, whose service time is
     * deterministic (one tenure); DRAM fixed. The mean wait for the bus must match
     * Pollaczek-Khinchine for M/D/1, Wq = rho S / (2 (1 - rho)), within 5 %, and the 95 %
     * confidence interval of the estimate (batch means) must lie inside that band.
     */
    @Test
    void poissonArrivalsMatchMD1() {
        for (double rho : new double[]{0.5, 0.8}) {
            System s = new System(BusSpec.defaults(), DramSpec.defaults().fixed(10 * Time.NS));
            TrafficGenerator tg = s.tg("tg0", 0, BusSpec.MAX_OUTSTANDING, 11);
            long service = s.bus.tenureTime(LINE);
            assertEquals(4 * Time.NS, service);
            long mean = Math.round(service / rho);
            int warmup = 10_000, batches = 40, perBatch = rho < 0.7 ? 5_000 : 25_000;
            int n = warmup + batches * perBatch;
            double[] batchSum = new double[batches];
            int[] seen = {0};
            s.bus.acceptHook((src, pos, item, d) -> {
                if (pos != Bus.HOOK_GRANT) return;
                int k = seen[0]++ - warmup;
                if (k >= 0 && k < batches * perBatch) batchSum[k / perBatch] += s.bus.engine().now() - ((MemTransaction) item).issuedPs;
            });
            tg.stream(0, (long) n * LINE, true, Interval.exponential(mean), Pattern.SEQUENTIAL, LINE, 1, null);
            s.engine.run();
            assertEquals(n, seen[0]);
            double sum = 0, sq = 0;
            for (double b : batchSum) {
                double m = b / perBatch;
                sum += m;
                sq += m * m;
            }
            double est = sum / batches;
            double sd = Math.sqrt((sq - batches * est * est) / (batches - 1));
            double half = new TDistribution(batches - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(batches);
            double rhoReal = service / (double) mean;
            double wq = rhoReal * service / (2 * (1 - rhoReal));
            String msg = String.format("rho %.2f: Wq %.1f ps, measured %.1f +- %.1f ps", rhoReal, wq, est, half);
            assertTrue(est - half >= 0.95 * wq && est + half <= 1.05 * wq, msg);
            // The generator sees the same waits: latency = wait + tenure + fixed DRAM time
            assertEquals(est + service + 10 * Time.NS, tg.latencyHistogram().meanPs(), 0.05 * wq, msg);
        }
    }

    static List<Object> run(long seed) {
        System s = new System(BusSpec.defaults(), DramSpec.defaults());
        TrafficGenerator a = s.tg("tg0", 0, 16, TrafficGenerator.deriveSeed(seed, "tg0"));
        TrafficGenerator b = s.tg("tg1", 0, 16, TrafficGenerator.deriveSeed(seed, "tg1"));
        a.stream(0, 1L << 20, false, Interval.exponential(5 * Time.NS), Pattern.RANDOM, LINE, 1, null);
        b.stream(32L << 20, 1L << 20, true, Interval.ASAP, Pattern.RANDOM, LINE, 2, null);
        s.engine.run();
        Map<String, Object> bus = s.bus.stats(s.engine.now());
        return List.of(s.engine.now(), a.statsMap(), b.statsMap(), bus, s.dram.stats(s.engine.now()));
    }

    @Test
    void sameSeedSameStatistics() {
        List<Object> first = run(2024);
        assertEquals(first, run(2024));
        assertNotEquals(first, run(2025));
    }
}
