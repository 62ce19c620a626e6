package dev.dmasim.core.engine.bench;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * PHOLD (Fujimoto's synthetic benchmark) with ROSS's default parameters, run on the dmasim
 * engine and on a bare 4-ary heap ({@link ReferenceHeap}) in the same process.
 *
 * <p>{@value #LPS} logical processes (LPs) start with {@value #INITIAL_EVENTS_PER_LP} events
 * each. Every event at an LP schedules one new event at now + increment, increment = lookahead
 * 0.1 + an exponential draw of mean 0.9 (1.0 = 1 us, rounded to ps); the destination is a
 * uniformly chosen other LP with probability 0.25, else the LP itself. Each LP draws from its own
 * {@link SplittableRandom}, split in LP order from the seed, so both variants consume identical
 * random streams and process the same events whatever order they give to equal timestamps.
 */
public final class PholdBenchmark {
    public static final int LPS = 1024;
    public static final int INITIAL_EVENTS_PER_LP = 16;
    public static final double LOOKAHEAD = 0.1;
    public static final double MEAN = 0.9;
    public static final double REMOTE = 0.25;
    /** Simulated time of 1.0 PHOLD time unit: 1 us. */
    public static final long UNIT_PS = 1_000_000L;
    public static final long DEFAULT_EVENTS = 10_000_000L;
    public static final long DEFAULT_SEED = 0x5EEDL;
    public static final int DEFAULT_ROUNDS = 5;
    private static final long WARMUP_EVENTS = 1_000_000L;
    private static final int WARMUP_ROUNDS = 3;

    private PholdBenchmark() {}

    /**
     * Measured numbers: wall times are each variant's best over the measured rounds, rates are
     * events per second of wall time, ratio = engine rate / reference rate.
     */
    public record Result(long events, long engineNanos, double engineEventsPerSecond,
                         long referenceNanos, double referenceEventsPerSecond, double ratio) {
        /** Printable report, one fact per line. */
        public String format() {
            return String.format(Locale.ROOT,
                    "PHOLD: %d LPs x %d initial events, %d events, remote %.2f, lookahead %.1f, mean %.1f\n"
                            + "wall time (best round): engine %.3f s, reference %.3f s\n"
                            + "dmasim engine: %.1f M events/s\n"
                            + "reference 4-ary heap: %.1f M events/s\n"
                            + "ratio: %.2f",
                    LPS, INITIAL_EVENTS_PER_LP, events, REMOTE, LOOKAHEAD, MEAN,
                    engineNanos / 1e9, referenceNanos / 1e9,
                    engineEventsPerSecond / 1e6, referenceEventsPerSecond / 1e6, ratio);
        }
    }

    /** One variant's run: what it processed and how long the event loop took. */
    record Run(long events, long checksum, long endPs, long nanos) {}

    /** The default measurement: 10 million events, fixed seed, five rounds after warm-up. */
    public static Result run() {
        return run(DEFAULT_EVENTS, DEFAULT_SEED, DEFAULT_ROUNDS);
    }

    /**
     * Warms both variants up, then runs them alternately {@code rounds} times with
     * {@code events} events each and keeps each variant's best time.
     */
    public static Result run(long events, long seed, int rounds) {
        if (events <= 0 || rounds <= 0) throw new IllegalArgumentException("events and rounds must be positive");
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            runReference(LPS, INITIAL_EVENTS_PER_LP, Math.min(events, WARMUP_EVENTS), seed + i);
            runEngine(LPS, INITIAL_EVENTS_PER_LP, Math.min(events, WARMUP_EVENTS), seed + i);
        }
        long bestRef = Long.MAX_VALUE, bestEngine = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            Run ref = runReference(LPS, INITIAL_EVENTS_PER_LP, events, seed);
            Run eng = runEngine(LPS, INITIAL_EVENTS_PER_LP, events, seed);
            if (ref.checksum() != eng.checksum() || ref.events() != eng.events()) {
                throw new IllegalStateException("invariant: engine and reference processed different PHOLD events");
            }
            bestRef = Math.min(bestRef, ref.nanos());
            bestEngine = Math.min(bestEngine, eng.nanos());
        }
        double engRate = events * 1e9 / bestEngine;
        double refRate = events * 1e9 / bestRef;
        return new Result(events, bestEngine, engRate, bestRef, refRate, engRate / refRate);
    }

    public static void main(String[] args) {
        long events = args.length > 0 ? Long.parseLong(args[0]) : DEFAULT_EVENTS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
        System.out.println(run(events, DEFAULT_SEED, rounds).format());
    }

    // ---- the model, shared by both variants so that they draw identically ----

    static SplittableRandom[] lpRandoms(int lps, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] r = new SplittableRandom[lps];
        for (int i = 0; i < lps; i++) r[i] = root.split();
        return r;
    }

    /** lookahead + Exp(mean), in ps. */
    static long increment(SplittableRandom r) {
        double units = LOOKAHEAD - MEAN * Math.log(1.0 - r.nextDouble());
        return Math.round(units * UNIT_PS);
    }

    static int destination(SplittableRandom r, int self, int lps) {
        if (r.nextDouble() >= REMOTE) return self;
        int d = r.nextInt(lps - 1);
        return d >= self ? d + 1 : d;
    }

    /** Order-independent fingerprint of one processed event (time, LP). */
    static long mix(long t, int lp) {
        long h = t * 0x9E3779B97F4A7C15L + lp;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }

    // ---- the reference: a bare heap and an inline loop ----

    static Run runReference(int lps, int initial, long events, long seed) {
        SplittableRandom[] rng = lpRandoms(lps, seed);
        ReferenceHeap heap = new ReferenceHeap(lps * initial);
        for (int lp = 0; lp < lps; lp++) {
            for (int k = 0; k < initial; k++) heap.push(increment(rng[lp]), lp);
        }
        long checksum = 0, now = 0, n = 0;
        long start = System.nanoTime();
        while (n < events) {
            now = heap.minTime();
            int lp = heap.minId();
            heap.pop();
            n++;
            checksum += mix(now, lp);
            SplittableRandom r = rng[lp];
            long inc = increment(r);
            heap.push(now + inc, destination(r, lp, lps));
        }
        long nanos = System.nanoTime() - start;
        return new Run(n, checksum, now, nanos);
    }

    // ---- the engine: one handler serves every LP, the LP id rides in the payload ----

    private static final class EngineLps implements EventHandler {
        final Engine engine;
        final SplittableRandom[] rng;
        final int lps;
        long checksum;

        EngineLps(Engine engine, SplittableRandom[] rng) {
            this.engine = engine;
            this.rng = rng;
            this.lps = rng.length;
        }

        @Override
        public void handleEvent(int type, long payload, Object attachment) {
            int lp = (int) payload;
            long now = engine.now();
            checksum += mix(now, lp);
            SplittableRandom r = rng[lp];
            long inc = increment(r);
            engine.schedule(now + inc, this, 0, destination(r, lp, lps));
        }
    }

    static Run runEngine(int lpCount, int initial, long events, long seed) {
        SplittableRandom[] rng = lpRandoms(lpCount, seed);
        Engine engine = new Engine(lpCount * initial);
        EngineLps lps = new EngineLps(engine, rng);
        for (int lp = 0; lp < lpCount; lp++) {
            for (int k = 0; k < initial; k++) engine.schedule(increment(rng[lp]), lps, 0, lp);
        }
        engine.setEventLimit(events);
        long start = System.nanoTime();
        engine.run();
        long nanos = System.nanoTime() - start;
        return new Run(engine.eventsProcessed(), lps.checksum, engine.now(), nanos);
    }
}
