package dev.dmasim.devices.tg;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.component.Component;
import dev.dmasim.core.component.Message;
import dev.dmasim.core.component.Port;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.EventHandler;
import dev.dmasim.core.mem.Bus;
import dev.dmasim.core.mem.LatencyHistogram;
import dev.dmasim.core.mem.MemTransaction;
import dev.dmasim.core.mem.MemoryRequester;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.mem.SectorVersions;
import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.time.Time;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A traffic generator {@code tgK} (gem5's TrafficGen): a bus master that streams line-sized
 * requests over an address range, for validating and loading the memory system.
 *
 * <p>Streams run one after another in the order given. A stream issues one request per line
 * (the last one shorter if the range is not a whole number of lines), at the times its
 * {@link Interval} gives, in the order its {@link Pattern} gives. {@link Interval#ASAP} is closed
 * loop: the generator keeps {@code window} requests in flight (its outstanding limit on the
 * bus) and issues the next when one completes; every other interval is open loop (arrivals do
 * not wait for completions; the bus queues them). The stream is done when its last request
 * has completed; {@code done} runs then, from an event at that time.
 *
 * <p>Towards the checker: before issuing each write, {@code observer.write(pass, addr, len,
 * null)} (a logical write whose data go straight to memory), and the write carries version
 * {@code pass} for every sector; at each read's completion, {@code observer.read(pass, addr,
 * len, versions, 0, servedBy)}.
 *
 * <p>Requests are pooled: streaming allocates nothing per line; a bus with nothing else to do
 * runs a whole closed-loop stream ahead without an event per line (see {@code Bus}).
 */
public final class TrafficGenerator extends Component implements MemoryRequester, EventHandler {
    private static final int EV_ISSUE = 1, EV_DONE = 2;

    private final MemoryTarget bus;
    private final int master;
    private final int window;
    private final int granularity;
    private final RandomGenerator rng;
    private final CoherencyObserver observer;
    private final ArrayDeque<Stream> pending = new ArrayDeque<>();
    private MemTransaction[] pool = new MemTransaction[16];
    private int poolSize;
    private Stream current;
    private long streamSeq;

    // Statistics.
    private final LatencyHistogram latency = new LatencyHistogram();
    private long bytes, reads, writes, streamsDone;

    /**
     * @param bus         where requests go (the bus)
     * @param master      this generator's bus master index
     * @param window      requests kept in flight by {@link Interval#ASAP} streams (the bus's outstanding limit)
     * @param granularity sector size of versions (the run's {@code check.granularity})
     * @param seed        this generator's own seed (see {@link #deriveSeed})
     * @param observer    told about reads and writes ({@link CoherencyObserver#NONE} if none)
     */
    public TrafficGenerator(String name, Engine engine, MemoryTarget bus, int master, int window, int granularity,
                            long seed, CoherencyObserver observer) {
        super(name, engine);
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        this.bus = bus;
        this.master = master;
        this.window = window;
        this.granularity = granularity;
        this.rng = new Well19937c(seed);
        this.observer = observer;
    }

    /** Attach as bus master {@code name} with the bus's {@code bus.priority.<name>} and outstanding limit. */
    public static TrafficGenerator attach(String name, Engine engine, Bus bus, int granularity, long seed,
                                          CoherencyObserver observer) {
        int m = bus.attachMaster(name);
        return new TrafficGenerator(name, engine, bus, m, bus.maxOutstanding(m), granularity, seed, observer);
    }

    /** A per-generator seed from the run's seed and the generator's name (SplitMix64 finaliser). */
    public static long deriveSeed(long runSeed, String name) {
        long z = runSeed ^ (0x9E3779B97F4A7C15L * (name.hashCode() + 1L));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int master() { return master; }

    /**
     * Queue a stream over {@code [baseAddr, baseAddr + bytes)}.
     *
     * @param write    write (versions {@code pass}) or read
     * @param lineSize bytes per request (the line), a power of two
     * @param pass     the checker's pass id for this stream (0 if no checker)
     * @param done     run (from an event) when the last request has completed; may be null
     */
    public void stream(long baseAddr, long bytes, boolean write, Interval interval, Pattern pattern, int lineSize,
                       int pass, Runnable done) {
        if (bytes < 0 || baseAddr < 0) throw new IllegalArgumentException("negative address or length");
        if (lineSize <= 0 || Integer.bitCount(lineSize) != 1) throw new IllegalArgumentException("line size must be a power of two, got " + lineSize);
        Stream s = new Stream(++streamSeq, baseAddr, bytes, write, interval, pattern, lineSize, pass, done);
        pending.add(s);
        if (current == null) startNext();
    }

    /** True while a stream is running or queued. */
    public boolean busy() { return current != null || !pending.isEmpty(); }

    private void startNext() {
        current = pending.poll();
        if (current == null) return;
        Stream s = current;
        long now = engine.now();
        s.nextTime = now;
        if (s.lines == 0) {
            engine.schedule(now, 0, this, EV_DONE, s.id, null);
            return;
        }
        if (s.pattern == Pattern.RANDOM) s.perm = new Permutation(s.lines, rng);
        if (s.interval instanceof Interval.Exponential) {
            s.exp = new ExponentialDistribution(rng, ((Interval.Exponential) s.interval).meanPs());
        }
        if (s.interval instanceof Interval.Rate) {
            // Exact pacing: line / rate seconds = num / den ps, accumulated without drift.
            long num = s.line * 1_000_000_000_000L, den = ((Interval.Rate) s.interval).bytesPerSecond();
            s.stepWhole = num / den;
            s.stepRem = num % den;
            s.stepDen = den;
        }
        if (s.closedLoop()) {
            for (int i = 0; i < window && s.issued < s.lines; i++) issue(s);
        } else {
            issue(s);
            scheduleNextIssue(s);
        }
    }

    private void scheduleNextIssue(Stream s) {
        if (s.issued >= s.lines) return;
        Interval iv = s.interval;
        if (iv instanceof Interval.Fixed) {
            s.nextTime = Time.plus(s.nextTime, ((Interval.Fixed) iv).ps());
        } else if (iv instanceof Interval.Rate) {
            s.nextTime = Time.plus(s.nextTime, s.stepWhole);
            s.acc += s.stepRem;
            if (s.acc >= s.stepDen) {
                s.acc -= s.stepDen;
                s.nextTime = Time.plus(s.nextTime, 1);
            }
        } else {
            s.nextTime = Time.plus(s.nextTime, Math.round(s.exp.sample()));
        }
        engine.schedule(s.nextTime, 0, this, EV_ISSUE, s.id, null);
    }

    private void issue(Stream s) {
        long k = s.issued++;
        long index = s.perm == null ? k : s.perm.apply(k);
        long addr = s.base + index * s.line;
        int size = (int) Math.min(s.line, s.base + s.bytes - addr);
        MemTransaction t = poolSize > 0 ? pool[--poolSize] : new MemTransaction();
        t.set(addr, size, s.write, master, this, s.id);
        if (s.write) {
            int n = SectorVersions.sectorCount(addr, size, granularity);
            if (t.versions == null || t.versions.length < n) t.versions = new long[Math.max(n, s.line / granularity + 1)];
            java.util.Arrays.fill(t.versions, 0, n, s.pass);
            observer.write(s.pass, addr, size, null);
        }
        bus.request(t);
    }

    /** Called at the completion time {@code t.completedPs}. */
    @Override public void memoryResponse(MemTransaction t) {
        Stream s = current;
        if (s == null || t.tag != s.id) throw new IllegalStateException("invariant: " + name() + " got a response for no running stream");
        latency.record(t.completedPs - t.issuedPs);
        bytes += t.size;
        if (t.write) {
            writes++;
        } else {
            reads++;
            observer.read(s.pass, t.addr, t.size, t.versions, 0, t.servedBy);
        }
        s.completed++;
        if (poolSize == pool.length) pool = java.util.Arrays.copyOf(pool, pool.length * 2);
        pool[poolSize++] = t;
        if (s.completed == s.lines) {
            engine.schedule(t.completedPs, 0, this, EV_DONE, s.id, null);
        } else if (s.closedLoop() && s.issued < s.lines) {
            issue(s);
        }
    }


    @Override public void handleEvent(int type, long payload, Object attachment) {
        Stream s = current;
        if (s == null || s.id != payload) throw new IllegalStateException("invariant: " + name() + " event for no running stream");
        if (type == EV_ISSUE) {
            issue(s);
            scheduleNextIssue(s);
        } else if (type == EV_DONE) {
            current = null;
            streamsDone++;
            if (s.done != null) s.done.run();
            if (current == null) startNext();
        } else {
            throw new IllegalStateException("invariant: unknown event " + type);
        }
    }

    @Override protected void receive(Port port, Message msg) {
        throw new IllegalStateException("invariant: " + name() + " has no ports");
    }

    // ---- statistics ----

    /** What the generator did, over all its streams. */
    public record Stats(String name, long bytes, long transactions, long reads, long writes, long streams,
                        LatencyStats latency) {}

    public Stats stats() {
        return new Stats(name(), bytes, reads + writes, reads, writes, streamsDone, latency.toStats());
    }

    /** The latency histogram (ps) of every completed request. */
    public LatencyHistogram latencyHistogram() { return latency; }

    /**
     * For summary.json, ordered: {@code bytes transactions reads writes streams latency_ns}
     * ({@code count min p50 p95 p99 max mean}; percentiles within 1/128 of the value).
     */
    public Map<String, Object> statsMap() {
        Stats st = stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", st.bytes());
        m.put("transactions", st.transactions());
        m.put("reads", st.reads());
        m.put("writes", st.writes());
        m.put("streams", st.streams());
        LatencyStats l = st.latency();
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("count", l.count());
        lat.put("min", l.min());
        lat.put("p50", l.p50());
        lat.put("p95", l.p95());
        lat.put("p99", l.p99());
        lat.put("max", l.max());
        lat.put("mean", l.mean());
        m.put("latency_ns", lat);
        return m;
    }

    private static final class Stream {
        final long id, base, bytes, lines;
        final boolean write;
        final Interval interval;
        final Pattern pattern;
        final int line, pass;
        final Runnable done;
        long issued, completed;
        long nextTime;
        long stepWhole, stepRem, stepDen, acc;
        Permutation perm;
        ExponentialDistribution exp;

        Stream(long id, long base, long bytes, boolean write, Interval interval, Pattern pattern, int line, int pass,
               Runnable done) {
            this.id = id;
            this.base = base;
            this.bytes = bytes;
            this.write = write;
            this.interval = interval;
            this.pattern = pattern;
            this.line = line;
            this.pass = pass;
            this.done = done;
            this.lines = (bytes + line - 1) / line;
        }

        boolean closedLoop() { return interval instanceof Interval.Fixed && ((Interval.Fixed) interval).ps() == 0; }
    }
}
