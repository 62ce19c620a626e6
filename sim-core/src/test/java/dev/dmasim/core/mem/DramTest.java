package dev.dmasim.core.mem;

import dev.dmasim.core.check.CoherencyObserver;
import dev.dmasim.core.engine.Engine;
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

class DramTest {
    static final long TCK = 625;
    static final long TCL = 13_750, TRCD = 13_750, TRP = 13_750, TRAS = 32_000, TBURST = 2_500;

    /** Records completion time per tag. */
    static final class Recorder implements MemoryRequester {
        final Map<Long, Long> done = new HashMap<>();
        final List<Long> order = new ArrayList<>();

        @Override public void memoryResponse(MemTransaction t) {
            done.put(t.tag, t.completedPs);
            order.add(t.tag);
        }
    }

    static MemTransaction read(long addr, long tag, MemoryRequester r) {
        return new MemTransaction().set(addr, 64, false, 0, r, tag);
    }

    static MemTransaction write(long addr, long tag, long version, MemoryRequester r) {
        MemTransaction t = new MemTransaction().set(addr, 64, true, 0, r, tag);
        t.versions = new long[]{version};
        return t;
    }

    /** Address of (row, bank, column, channel) under the default mapping row:bank:column:channel. */
    static long addr(long row, long bank, long column, long channel) {
        // 2 channels (1 bit), 128 columns of 64 B per 8 KiB row (7 bits), 16 banks (4 bits)
        return (((row << 4 | bank) << 7 | column) << 1 | channel) << 6;
    }

    @Test
    void defaultsAreDdr4_3200AA() {
        DramSpec s = DramSpec.defaults();
        assertEquals(625, s.tCK());
        assertEquals(TCL, s.tCL());
        assertEquals(TRCD, s.tRCD());
        assertEquals(TRP, s.tRP());
        assertEquals(TRAS, s.tRAS());
        assertEquals(4 * s.tCK(), s.tBURST());
        assertEquals(4L << 30, s.size());
        assertEquals(2, s.channels());
        assertEquals(DramSpec.Model.TIMED, s.model());
        assertEquals("row:bank:column:channel", s.mapping().text());
    }

    @Test
    void defaultMappingInterleavesConsecutiveLinesOverChannels() {
        AddressMapping m = DramSpec.defaults().mapping();
        assertEquals(0, m.channel(0));
        assertEquals(1, m.channel(64));
        assertEquals(0, m.channel(128));
        assertEquals(1, m.column(128));
        assertEquals(0, m.bank(16 * 1024 - 64));
        assertEquals(1, m.bank(16 * 1024));          // 2 channels x 8 KiB rows
        assertEquals(0, m.row(256 * 1024 - 64));
        assertEquals(1, m.row(256 * 1024));          // x 16 banks
        assertEquals(addr(5, 3, 9, 1), addr(5, 3, 9, 1));
        long a = addr(5, 3, 9, 1);
        assertEquals(5, m.row(a));
        assertEquals(3, m.bank(a));
        assertEquals(9, m.column(a));
        assertEquals(1, m.channel(a));
        assertEquals(16383, m.row((4L << 30) - 1));
    }

    @Test
    void mappingIsAParameter() {
        DramSpec s = DramSpec.resolve(Map.of("dram.mapping", "row:bank:channel:column"));
        AddressMapping m = s.mapping();
        assertEquals(0, m.channel(8 * 1024 - 64), "a whole row in one channel");
        assertEquals(1, m.channel(8 * 1024));
        assertEquals(0, m.bank(8 * 1024));
        assertEquals(1, m.bank(16 * 1024));
        DramSpec c = DramSpec.resolve(Map.of("dram.mapping", "channel:row:bank:column"));
        assertEquals(1, c.mapping().channel(2L << 30));
        assertEquals(0, c.mapping().channel((2L << 30) - 1));
    }

    @Test
    void unloadedLatenciesAreExact() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
        Recorder r = new Recorder();
        // 1: bank 0 closed -> miss
        d.request(read(addr(7, 0, 0, 0), 1, r));
        e.run();
        assertEquals(TRCD + TCL + TBURST, r.done.get(1L));
        // 2: same row, later -> hit
        long t2 = 1_000_000;
        e.schedule(t2, (ty, p, a) -> d.request(read(addr(7, 0, 5, 0), 2, r)), 0, 0);
        e.run();
        assertEquals(t2 + TCL + TBURST, r.done.get(2L));
        // 3: other row of bank 0, tRAS long passed -> conflict
        long t3 = 2_000_000;
        e.schedule(t3, (ty, p, a) -> d.request(read(addr(8, 0, 5, 0), 3, r)), 0, 0);
        e.run();
        assertEquals(t3 + TRP + TRCD + TCL + TBURST, r.done.get(3L));
        // 4: back to row 7 right after row 8 opened: precharge waits for tRAS
        long act3 = t3 + TRP;
        long t4 = t3 + TRP + TRCD + TCL + TBURST; // the moment request 3 completes
        e.schedule(t4, (ty, p, a) -> d.request(read(addr(7, 0, 5, 0), 4, r)), 0, 0);
        e.run();
        long pre4 = act3 + TRAS;
        assertTrue(pre4 > t4);
        assertEquals(pre4 + TRP + TRCD + TCL + TBURST, r.done.get(4L));
        Dram.ChannelStats s = d.channelStats(0);
        assertEquals(1, s.rowHits());
        assertEquals(1, s.rowMisses());
        assertEquals(2, s.rowConflicts());
        assertEquals(4 * 64, s.bytesRead());
        assertEquals(0, d.channelStats(1).reads());
    }

    /**
     * A DRAM mapped at a base serves [base, base + size): its banks, rows and versions work on the
     * offset, so a channel-high mapping puts the base itself in channel 0 and the top of the range
     * in the last channel; an address below the base or past the end is refused.
     */
    @Test
    void aDramMappedAtABaseServesItsWholeSizeFromThere() {
        long base = 0x1000_0000L;
        DramSpec spec = DramSpec.resolve(Map.of("dram.mapping", "channel:row:bank:column", "dram.size", 64L << 20));
        Engine e = new Engine();
        Dram d = new Dram("dram", e, spec, 64, base);
        Recorder r = new Recorder();
        MemTransaction top = write(base + (64L << 20) - 64, 1, 7, r);
        d.request(top);
        d.request(read(base, 2, r));
        e.run();
        assertEquals(1, d.channelStats(1).writes(), "the last bytes are in the upper channel");
        assertEquals(1, d.channelStats(0).reads(), "the base is the start of channel 0");
        MemTransaction back = read(base + (64L << 20) - 64, 3, r);
        d.request(back);
        e.run();
        assertArrayEquals(new long[]{7}, back.versions, "versions are kept by offset and read back");
        assertThrows(IllegalStateException.class, () -> d.request(read(base - 64, 4, r)));
        assertThrows(IllegalStateException.class, () -> d.request(read(base + (64L << 20), 5, r)));
    }

    @Test
    void channelsAndBanksWorkInParallel() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
        Recorder r = new Recorder();
        d.request(read(addr(1, 0, 0, 0), 1, r));
        d.request(read(addr(1, 0, 0, 1), 2, r)); // other channel: same latency
        e.run();
        assertEquals(TRCD + TCL + TBURST, r.done.get(1L));
        assertEquals(TRCD + TCL + TBURST, r.done.get(2L));
        // Back-to-back hits in one channel stream at one burst per tBURST.
        long t0 = 1_000_000;
        e.schedule(t0, (ty, p, a) -> {
            for (int i = 0; i < 4; i++) d.request(read(addr(1, 0, 10 + i, 0), 10 + i, r));
        }, 0, 0);
        e.run();
        for (int i = 0; i < 4; i++) assertEquals(t0 + TCL + (i + 1) * TBURST, r.done.get(10L + i));
    }

    static final long TRRD = 2_500, TFAW = 21_250;

    /**
     * Bank parallelism: a queue of row conflicts that walk the 16 banks of one channel. A bank's
     * precharge and activate overlap the other banks' tRP and tRCD; what limits the activates is
     * tRRD between two and tFAW over four: activate j is at (j / 4) tFAW + (j % 4) tRRD, exactly.
     * Before, a channel took one request at a time to its column command: tRP + tRCD each.
     */
    @Test
    void activatesOfDifferentBanksOverlapUpToTrrdAndTfaw() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
        Recorder r = new Recorder();
        int n = 400;
        for (int j = 0; j < n; j++) d.request(read(addr(1 + j / 16, j % 16, 0, 0), j, r));
        e.run();
        assertEquals(16, d.channelStats(0).rowMisses());
        assertEquals(n - 16, d.channelStats(0).rowConflicts());
        for (int j = 0; j < n; j++) {
            long act = (j / 4) * TFAW + (j % 4) * TRRD;
            assertEquals(act + TRCD + TCL + TBURST, r.done.get((long) j), "request " + j);
        }
        // 4 lines per tFAW: 12 GB/s from one channel, where one request at a time gave 2.3 GB/s.
        double gbps = n * 64.0 / e.now() * 1000;
        assertEquals(4 * 64.0 / TFAW * 1000, gbps, 0.2);
    }

    /**
     * Without tRRD and tFAW (and tRAS, so that a bank's row cycle, tRTP + tRP + tRCD = 35 ns,
     * fits in the 16 bursts = 40 ns between its visits) the same queue is bound by the data bus:
     * one burst per tBURST.
     */
    @Test
    void withoutActivateLimitsConflictsStreamAtTheDataBusRate() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.resolve(Map.of("dram.trrd", 0L, "dram.tfaw", 0L, "dram.tras", 0L)), 64);
        Recorder r = new Recorder();
        int n = 400;
        for (int j = 0; j < n; j++) d.request(read(addr(1 + j / 16, j % 16, 0, 0), j, r));
        e.run();
        for (int j = 0; j < n; j++) assertEquals(TRCD + TCL + (j + 1) * TBURST, r.done.get((long) j), "request " + j);
    }

    @Test
    void frFcfsServesRowHitsFirstThenTheOldest() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
        Recorder r = new Recorder();
        List<String> issued = new ArrayList<>();
        d.acceptHook((src, pos, item, detail) -> {
            if (pos == Dram.HOOK_ISSUE) issued.add(((MemTransaction) item).tag + ":" + detail);
        });
        // X opens row 3 of bank 0; the channel decides again a tCK after X's activate.
        d.request(read(addr(3, 0, 0, 0), 0, r));
        // Queue, oldest first: A miss (bank 1), B hit, C conflict (bank 0, row 4), D hit.
        d.request(read(addr(9, 1, 0, 0), 1, r));
        d.request(read(addr(3, 0, 1, 0), 2, r));
        d.request(read(addr(4, 0, 0, 0), 3, r));
        d.request(read(addr(3, 0, 2, 0), 4, r));
        e.run();
        assertEquals(List.of("0:MISS", "2:HIT", "4:HIT", "1:MISS", "3:CONFLICT"), issued);
        // B's column command waits for X's burst: col = TRCD + TBURST
        assertEquals(TRCD + TBURST + TCL + TBURST, r.done.get(2L));
        assertEquals(TRCD + 2 * TBURST + TCL + TBURST, r.done.get(4L));
        // A is decided at D's column command and activates bank 1 then.
        long actA = TRCD + 2 * TBURST;
        assertEquals(actA + TRCD + TCL + TBURST, r.done.get(1L));
        // C is decided a tCK after A's activate, not after A's column command (bank parallelism):
        // precharge of bank 0 after tRAS from X's activate (at 0) and tRTP after D's read.
        long preC = Math.max(actA + TCK, Math.max(TRAS, TRCD + 2 * TBURST + 7_500));
        assertEquals(TRAS, preC, "here tRAS decides");
        assertEquals(preC + TRP + TRCD + TCL + TBURST, r.done.get(3L));
        assertEquals(List.of(0L, 2L, 4L, 1L, 3L), r.order);
    }

    @Test
    void writesLandAtTheirDecisionAndReadsSeeThem() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 16);
        Recorder r = new Recorder();
        List<String> landed = new ArrayList<>();
        d.acceptHook(Dram.memoryWriteFeed(new CoherencyObserver() {
            @Override public void write(int pass, long addr, long len, String holder) {}
            @Override public void read(int pass, long addr, long len, long[] v, int off, String by) {}
            @Override public void memoryWrite(long addr, long len, long[] v, int off, String by) {
                landed.add(addr + "+" + len + "=" + v[off] + "," + v[off + 3] + " by " + by + " @" + e.now());
            }
        }, m -> "tg" + m));
        MemTransaction w = new MemTransaction().set(addr(2, 0, 0, 0), 64, true, 0, r, 1);
        w.versions = new long[]{11, 12, 13, 14};
        d.request(w);
        MemTransaction rd = read(addr(2, 0, 0, 0), 2, r);
        d.request(rd);
        e.run();
        assertEquals(List.of(addr(2, 0, 0, 0) + "+64=11,14 by tg0 @0"), landed);
        assertArrayEquals(new long[]{11, 12, 13, 14}, rd.versions);
        assertEquals("memory", rd.servedBy);
        assertEquals(0, r.done.get(1L), "a write completes when the controller commits it");
        assertEquals(11, d.memory().get(addr(2, 0, 0, 0)));
        Dram.ChannelStats s = d.totalStats();
        assertEquals(1, s.writes());
        assertEquals(1, s.reads());
        assertEquals(128, s.bytes());
    }

    @Test
    void fixedModelTakesExactlyTheFixedLatency() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults().fixed(40 * Time.NS), 64);
        Recorder r = new Recorder();
        for (int i = 0; i < 10; i++) d.request(read(addr(i, i, 0, 0), i, r));
        d.request(write(addr(1, 1, 0, 0), 99, 5, r));
        e.run();
        for (long i = 0; i < 10; i++) assertEquals(40 * Time.NS, r.done.get(i));
        assertEquals(40 * Time.NS, r.done.get(99L));
        assertEquals(0, d.totalStats().rowHits() + d.totalStats().rowMisses() + d.totalStats().rowConflicts());
    }

    @Test
    void statsMapHasTotalsAndChannels() {
        Engine e = new Engine();
        Dram d = new Dram("dram", e, DramSpec.defaults(), 64);
        Recorder r = new Recorder();
        d.request(read(0, 1, r));
        d.request(read(64, 2, r));
        e.run();
        Map<String, Object> m = d.stats(1000);
        assertEquals(List.of("reads", "writes", "row_hits", "row_misses", "row_conflicts", "bytes_read", "bytes_written",
                "bytes", "bandwidth_gbps", "model", "channels"), new ArrayList<>(m.keySet()));
        assertEquals(2L, m.get("row_misses"));
        assertEquals(128.0, (Double) m.get("bandwidth_gbps"), 1e-9); // 128 B in 1 ns
        assertEquals(2, ((List<?>) m.get("channels")).size());
    }

    static List<ParamError> errorsFor(Map<String, Object> overrides) {
        ParamRegistry reg = new ParamRegistry();
        DramSpec.declare(reg);
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = ParamValues.resolve(reg, overrides, errors);
        if (errors.isEmpty()) assertNull(DramSpec.from(v, errors));
        return errors;
    }

    @Test
    void badParametersAreRejectedNamingParameterAndRange() {
        List<ParamError> e = errorsFor(Map.of("dram.channels", 3L));
        assertEquals("dram.channels", e.get(0).param());
        assertTrue(e.get(0).message().contains("power of two"), e.get(0).message());
        assertTrue(e.get(0).message().contains("1, 2, 4, .. 64"), e.get(0).message());

        e = errorsFor(Map.of("dram.tcl", -1L));
        assertEquals("dram.tcl", e.get(0).param());
        assertTrue(e.get(0).message().contains("out of range (valid: 0ps .. 1us)"), e.get(0).message());

        e = errorsFor(Map.of("dram.tburst", 0L));
        assertEquals("dram.tburst", e.get(0).param());
        assertTrue(e.get(0).message().contains("valid: 1ps .. 1us"), e.get(0).message());

        e = errorsFor(Map.of("dram.mapping", "row:bank:column"));
        assertEquals("dram.mapping", e.get(0).param());
        assertTrue(e.get(0).message().contains("row, bank, column, channel"), e.get(0).message());

        e = errorsFor(Map.of("dram.size", 3L << 20, "dram.row_size", 64L << 10, "dram.banks", 32L));
        assertEquals("dram.size", e.get(0).param());
        assertTrue(e.get(0).message().contains("multiple of"), e.get(0).message());

        e = errorsFor(Map.of("dram.size", 3L << 30, "dram.mapping", "bank:row:column:channel"));
        assertEquals("dram.mapping", e.get(0).param());
        assertTrue(e.get(0).message().contains("power-of-two number of rows"), e.get(0).message());

        e = errorsFor(Map.of("dram.model", "magic"));
        assertEquals("dram.model", e.get(0).param());
        assertTrue(e.get(0).message().contains("timed, fixed"), e.get(0).message());

        // A 3 GiB memory is fine with the row on top.
        assertEquals(3L << 30, DramSpec.resolve(Map.of("dram.size", 3L << 30)).size());
    }
}
