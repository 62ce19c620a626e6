package dev.dmasim.core.mem;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.engine.RunOutcome;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Running ahead is indistinguishable from event-by-event execution, for random masters that
 * conflict in the DRAM (few rows, several banks, both channels, reads and writes), some of which
 * react to a completion through an event at that same picosecond, and with a requester that
 * stops the run mid-way. Every DRAM decision, landed write, completion and the final statistics
 * must agree. (Found by review: wake-ups of two channels at one picosecond once ran back to back,
 * ahead of a reaction the first one caused; and a stop() inside a wake-up was overlooked.)
 */
class RunAheadProperties {
    static final class Master implements MemoryRequester {
        final Bus b;
        final int m;
        final Random rnd;
        final long lines;
        final boolean direct;
        final double writeShare;
        final List<String> log;
        final int[] stop; // {responses so far, stop at}
        long issued;

        Master(Bus b, int m, long seed, long lines, boolean direct, double writeShare, List<String> log, int[] stop) {
            this.b = b;
            this.m = m;
            this.rnd = new Random(seed);
            this.lines = lines;
            this.direct = direct;
            this.writeShare = writeShare;
            this.log = log;
            this.stop = stop;
            for (int i = 0; i < b.maxOutstanding(m) && issued < lines; i++) issue(new MemTransaction());
        }

        void issue(MemTransaction t) {
            long k = issued++;
            long addr = ((long) rnd.nextInt(8) << 24) | ((long) rnd.nextInt(4) << 13) | ((long) rnd.nextInt(64) << 6);
            t.set(addr, 64, rnd.nextDouble() < writeShare, m, this, k);
            t.versions = new long[]{k + 1 + ((long) m << 40)};
            b.request(t);
        }

        @Override public void memoryResponse(MemTransaction t) {
            Engine e = b.engine();
            log.add("done m" + m + " #" + t.tag + " @" + e.now());
            if (++stop[0] == stop[1]) e.stop();
            if (issued >= lines) return;
            if (direct) issue(t);
            else e.schedule(e.now(), (ty, p, a) -> issue(t), 0, 0);
        }
    }

    static List<String> run(long seed, boolean ahead, boolean stopping) {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
        Bus b = new Bus(e, BusSpec.defaults(), d);
        b.setRunAhead(ahead);
        List<String> log = new ArrayList<>();
        d.acceptHook((src, pos, item, detail) -> {
            MemTransaction t = (MemTransaction) item;
            log.add((pos == Dram.HOOK_ISSUE ? "issue m" : "land m") + t.master + " #" + t.tag + " @" + e.now());
        });
        b.acceptHook((src, pos, item, detail) -> {
            if (pos == Bus.HOOK_GRANT) log.add("grant m" + ((MemTransaction) item).master + " @" + e.now());
        });
        Random r = new Random(seed);
        int[] stop = {0, stopping ? 50 + r.nextInt(400) : -1};
        int masters = 2 + r.nextInt(3);
        for (int i = 0; i < masters; i++) {
            int m = b.attachMaster("m" + i, 0, 1 + r.nextInt(8));
            new Master(b, m, seed * 31 + i, 300, r.nextBoolean(), r.nextDouble(), log, stop);
        }
        RunOutcome outcome = e.run();
        log.add(outcome + " @" + e.now() + " " + b.stats(e.now()) + " " + d.stats(e.now()));
        return log;
    }

    @Property(tries = 150)
    void runningAheadChangesNothing(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        assertEquals(run(seed, false, false), run(seed, true, false));
    }

    @Property(tries = 150)
    void aStopInsideAResponseStopsBothTheSame(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        assertEquals(run(seed, false, true), run(seed, true, true));
    }
}
