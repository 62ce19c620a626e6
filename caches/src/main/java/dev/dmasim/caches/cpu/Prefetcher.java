package dev.dmasim.caches.cpu;

import dev.dmasim.core.engine.Engine;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * What the CPU reads without being asked ({@code cpu.prefetch}). A prefetcher only proposes lines;
 * the hierarchy reads a proposed line into the L2 as a clean line if no CPU cache holds it, no read
 * of it is outstanding and an L2 MSHR is free (else the proposal is dropped).
 */
public interface Prefetcher {
    /** The hierarchy's side: where proposals go. */
    interface Target {
        /** Read line {@code lineNo} into the L2 if it is nowhere on chip; true if a read was sent. */
        boolean prefetchLine(long lineNo);

        /** Line number of a byte address. */
        long lineOf(long addr);
    }

    /** An L2 demand miss to line {@code lineNo} has just been sent to memory. */
    default void onDemandMiss(long lineNo) {}

    /**
     * The buffers the CPU has mapped cacheable (byte ranges), replacing the previous set; an empty
     * set stops any activity of the prefetcher's own.
     */
    default void setRegions(long[] addrs, long[] lens) {}

    /**
     * Stop any activity of the prefetcher's own for good once {@code done} is true (checked
     * before each attempt): the run's work is over, and prefetches in flight would otherwise keep
     * it going (MODEL.md "When a run ends": free-running work keeps no run alive).
     */
    default void stopWhen(BooleanSupplier done) {}

    /** {@code cpu.prefetch = none}. */
    Prefetcher NONE = new Prefetcher() {};

    static Prefetcher create(PrefetchMode mode, long ratePerUs, Engine engine, long seed, Target target) {
        switch (mode) {
            case NONE: return NONE;
            case NEXT_LINE: return new NextLine(target);
            case SPECULATIVE: return new Speculative(engine, ratePerUs, seed, target);
            default: throw new IllegalArgumentException("unknown prefetch mode " + mode);
        }
    }

    /** On a demand miss to line L, line L + 1. */
    final class NextLine implements Prefetcher {
        private final Target target;

        public NextLine(Target target) { this.target = target; }

        @Override public void onDemandMiss(long lineNo) { target.prefetchLine(lineNo + 1); }
    }

    /**
     * Speculation: at random times, a uniformly chosen line of the mapped regions. Gaps between
     * attempts are uniform integers in {@code [1, 2 * mean - 1]} ps, mean = 1 us / rate, drawn
     * from a {@link SplittableRandom} seeded at construction, so a seed gives one sequence of
     * attempts (times and lines) whatever else happens; an attempt on a line already on chip
     * fills nothing. Runs only while regions are set, so that it never keeps the event queue
     * alive by itself.
     */
    final class Speculative implements Prefetcher, dev.dmasim.core.engine.EventHandler {
        private final Engine engine;
        private final Target target;
        private final SplittableRandom rnd;
        private final long meanGapPs;
        private long[] regFirstLine = new long[0];
        private long[] regLines = new long[0];
        private long totalLines;
        private long handle = -1;
        private long attempts;
        private long fills;
        private BooleanSupplier done = () -> false;
        private boolean stopped;

        public Speculative(Engine engine, long ratePerUs, long seed, Target target) {
            this.engine = engine;
            this.target = target;
            this.rnd = new SplittableRandom(seed);
            this.meanGapPs = ratePerUs <= 0 ? 0 : Math.max(1, dev.dmasim.core.time.Time.US / ratePerUs);
        }

        public long attempts() { return attempts; }

        public long fills() { return fills; }

        @Override public void stopWhen(BooleanSupplier done) { this.done = done; }

        @Override
        public void setRegions(long[] addrs, long[] lens) {
            if (addrs.length != lens.length) throw new IllegalArgumentException("addrs and lens differ in length");
            regFirstLine = new long[addrs.length];
            regLines = new long[addrs.length];
            totalLines = 0;
            for (int i = 0; i < addrs.length; i++) {
                if (lens[i] <= 0) continue;
                regFirstLine[i] = target.lineOf(addrs[i]);
                regLines[i] = target.lineOf(addrs[i] + lens[i] - 1) - regFirstLine[i] + 1;
                totalLines += regLines[i];
            }
            if (totalLines == 0) {
                if (handle >= 0) engine.cancel(handle);
                handle = -1;
            } else if (handle < 0 && meanGapPs > 0 && !stopped) {
                scheduleNext();
            }
        }

        private void scheduleNext() {
            long gap = meanGapPs <= 1 ? 1 : 1 + rnd.nextLong(2 * meanGapPs - 1);
            // A daemon event: speculation never keeps a run alive (MODEL.md "When a run ends").
            handle = engine.scheduleDaemon(engine.now() + gap, 0, this, 0, 0, null);
        }

        @Override
        public void handleEvent(int type, long payload, Object attachment) {
            handle = -1;
            if (totalLines == 0) return;
            if (done.getAsBoolean()) {
                stopped = true;   // for good: nothing is left that could set regions and use them
                return;
            }
            long k = rnd.nextLong(totalLines);
            for (int i = 0; i < regLines.length; i++) {
                if (k < regLines[i]) {
                    attempts++;
                    if (target.prefetchLine(regFirstLine[i] + k)) fills++;
                    break;
                }
                k -= regLines[i];
            }
            scheduleNext();
        }
    }
}
