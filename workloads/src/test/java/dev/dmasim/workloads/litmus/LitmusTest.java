package dev.dmasim.workloads.litmus;

import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.result.WarningKind;
import dev.dmasim.workloads.litmus.Litmus.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dmasim.workloads.litmus.Litmus.EN;
import static dev.dmasim.workloads.litmus.Litmus.EP;
import static dev.dmasim.workloads.litmus.Litmus.EX;
import static dev.dmasim.workloads.litmus.Litmus.IM;
import static dev.dmasim.workloads.litmus.Litmus.MEM_OVERWRITTEN;
import static dev.dmasim.workloads.litmus.Litmus.NB;
import static dev.dmasim.workloads.litmus.Litmus.POLICIES;
import static dev.dmasim.workloads.litmus.Litmus.RCNI;
import static dev.dmasim.workloads.litmus.Litmus.WCNC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Litmus-style workload scripts against the contracts (MODEL.md, KERNEL-REFERENCE.md Parts 5-6):
 * each row runs one script under one policy and asserts the status, the exact count of every
 * violation kind, the warnings where they matter, and for the key kinds the buffer, cause and
 * agents of a record. The table is listed with its reasoning in docs/litmus.md.
 */
class LitmusTest {

    // ---------------------------------------------------------------- the table

    static List<Row> rows() {
        List<Row> t = new ArrayList<>();

        // Correct use: nothing, under every policy.
        everyPolicy(t, "C1", "C1 CPU upload -> device, bracketed", "c1-cpu-upload.dmasim");
        everyPolicy(t, "C2", "C2 device render -> CPU readback via fence + SYNC_START(READ)", "c2-device-render-cpu-readback.dmasim");
        everyPolicy(t, "C2-poll", "C2 with poll(A, in) as the wait", "c2-poll.dmasim");
        everyPolicy(t, "C5", "C5 SLI split-frame, disjoint line-aligned halves (tg0/tg1), CPU readback not torn", "c5-disjoint-halves.dmasim");
        everyPolicy(t, "C7", "C7 explicit<->implicit bridge with EXPORT/IMPORT_SYNC_FILE", "c7-sync-file-bridge.dmasim");
        everyPolicy(t, "C8", "C8 many readers (dma0, dma1, tg0), then the CPU rewrites after poll(out)", "c8-many-readers-then-writer.dmasim");
        everyPolicy(t, "C8-streams", "C8 with two rate-limited stream readers", "c8-stream-readers.dmasim");
        everyPolicy(t, "C-chain", "CPU -> dma0 -> dma1 (after=) -> CPU, transitive ordering", "c-chain-after.dmasim");
        everyPolicy(t, "C-threads", "hand-off between two threads with a user fence", "c-threads-user-fence.dmasim");
        everyPolicy(t, "SF-export", "import + export sync file orders a job after a CPU write", "sf-export-orders-job.dmasim");
        everyPolicy(t, "M4-fixed", "M4 speculative prefetch, read bracketed", "m4-prefetch-bracketed.dmasim");
        everyPolicy(t, "M4-fixed-coherent", "M4 fixed on a coherent platform: prefetches race a snooping device write",
                "m4-prefetch-coherent-writer.dmasim");
        everyPolicy(t, "C1-coherent-eviction", "C1 on a coherent platform: CPU lines evicted while dma0's snooped reads are served",
                "c1-coherent-speculative-eviction.dmasim");
        for (String p : POLICIES) {
            t.add(row("C1-coherent", "C1 on a coherent platform: closed brackets, no warning", "c1-cpu-upload.dmasim", p)
                    .set("cpu.coherent", "true").noWarnings());
        }
        t.add(row("C-manual-map", "correct manual mapping around a job", "manual-map-ok.dmasim", IM).noWarnings());
        t.add(row("C-manual-map", "correct manual mapping around a job", "manual-map-ok.dmasim", EX).noWarnings());

        // M1: CPU readback without SYNC_START.
        for (String p : POLICIES) {
            t.add(row("M1", "M1 CPU readback without SYNC_START", "m1-read-without-begin.dmasim", p)
                    .stale(1, "A", RCNI).noWarnings());
        }
        t.add(row("M1-coherent", "M1 on a coherent platform: harmless, but a missing bracket",
                "m1-read-without-begin.dmasim", IM).set("cpu.coherent", "true").warn(WarningKind.MISSING_BRACKET, 1));
        t.add(row("M1-map-syncs", "M1 with export.map_syncs_cpu: the job's unmap(write) invalidates the CPU",
                "m1-read-without-begin.dmasim", IM).set("export.map_syncs_cpu", "true").noWarnings());

        // M2(a): CPU write without SYNC_END.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("M2a", "M2(a) CPU write without SYNC_END, device reads", "m2a-write-without-end.dmasim", p)
                    .stale(1, "A", WCNC, "dma0").noWarnings());
        }
        for (String p : List.of(EN, EX)) {
            t.add(row("M2a", "M2(a) under a locking policy: the job's map waits for a missing end_cpu_access",
                    "m2a-write-without-end.dmasim", p).deadlock("main", "dma0").noWarnings());
        }
        t.add(row("M2a-coherent", "M2(a) with cpu.coherent: the device snoops the dirty lines; the missing end is a missing bracket",
                "m2a-write-without-end.dmasim", IM).set("cpu.coherent", "true").warn(WarningKind.MISSING_BRACKET, 1));
        t.add(row("M2a-dma0-coherent", "M2(a) with only dma0.coherent: as with cpu.coherent", "m2a-write-without-end.dmasim", IM)
                .set("dma0.coherent", "true").warn(WarningKind.MISSING_BRACKET, 1));
        for (String p : List.of(EN, EX)) {
            t.add(row("M2a-coherent", "M2(a) with cpu.coherent under a locking policy: dma0 never reads, so no warning",
                    "m2a-write-without-end.dmasim", p).set("cpu.coherent", "true").deadlock("main", "dma0").noWarnings());
        }
        t.add(row("M2a-map-syncs", "M2(a) with export.map_syncs_cpu: the job's map(read) cleans the CPU",
                "m2a-write-without-end.dmasim", IM).set("export.map_syncs_cpu", "true").noWarnings());

        // M2(b): write under a READ bracket; dma.for_device_from_device decides.
        t.add(row("M2b-clean", "M2(b) write inside a READ bracket, end(read) = clean (arm64 since 2022)",
                "m2b-wrong-direction.dmasim", IM).noWarnings());
        t.add(row("M2b-invalidate", "M2(b) with dma.for_device_from_device = invalidate: CPU writes discarded",
                "m2b-wrong-direction.dmasim", IM).set("dma.for_device_from_device", "invalidate")
                .stale(1, "A", WCNC, "dma0").noWarnings());

        // C10: no bracket at all.
        t.add(row("C10-coherent", "C10 coherent platform, CPU omits SYNC ioctls", "c10-no-bracket-upload.dmasim", IM)
                .set("cpu.coherent", "true").warn(WarningKind.MISSING_BRACKET, 1));
        t.add(row("C10-noncoherent", "C10 on a non-coherent platform turns into M2", "c10-no-bracket-upload.dmasim", IM)
                .stale(1, "A", WCNC, "dma0").noWarnings());
        t.add(row("C10-dma0-noncoherent", "C10 with a coherent CPU but dma0.coherent = false: M2, not a warning",
                "c10-no-bracket-upload.dmasim", IM).set("cpu.coherent", "true").set("dma0.coherent", "false")
                .stale(1, "A", WCNC, "dma0").noWarnings());
        t.add(row("C10-dma0-coherent", "C10 with only dma0 coherent: right data, and the missing bracket",
                "c10-no-bracket-upload.dmasim", IM).set("dma0.coherent", "true").warn(WarningKind.MISSING_BRACKET, 1));

        // M3: dirty CPU line evicted over device data.
        for (String p : POLICIES) {
            t.add(row("M3", "M3 dirty header line evicted over device data", "m3-dirty-header-evicted.dmasim", p)
                    .lost(1, "A").stale(1, "A", MEM_OVERWRITTEN).torn(1, "A").noWarnings());
        }

        // Lost write by clean.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("LW-clean", "lost write by a late clean over device data", "lw-clean-over-device-data.dmasim", p)
                    .lost(1, "A").stale(1, "A", MEM_OVERWRITTEN).noWarnings());
        }
        for (String p : List.of(EN, EX)) {
            t.add(row("LW-clean", "late clean under a locking policy: the job's map waits for it",
                    "lw-clean-over-device-data.dmasim", p).deadlock("main", "dma0").noWarnings());
        }

        // Partial-line sharing (Will Deacon; M7(b) with the CPU as one writer), 4 B sectors.
        for (String p : List.of(NB, IM, EX)) {
            t.add(row("Deacon-4B", "unaligned buffers share a line: the CPU's clean loses dma0's bytes",
                    "deacon-unaligned-line.dmasim", p).lost(1, "b").stale(1, "b", MEM_OVERWRITTEN, "dma1").noWarnings());
        }

        // M4: speculative prefetch.
        for (String p : POLICIES) {
            t.add(row("M4", "M4 speculatively filled lines, read without SYNC_START", "m4-prefetch-no-bracket.dmasim", p)
                    .stale(1, "A", RCNI).noWarnings());
        }
        t.add(row("M4-coherent", "M4 on a coherent platform", "m4-prefetch-no-bracket.dmasim", IM)
                .set("cpu.coherent", "true").warn(WarningKind.MISSING_BRACKET, 1));

        // M5: CPU touches the buffer while the device owns it.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("M5", "M5 CPU reads while an explicit-only dma0 writes", "m5-cpu-during-device-write.dmasim", p)
                    .race(1, "A", "main", "dma0").noWarnings());
        }
        for (String p : List.of(EN, EX)) {
            t.add(row("M5", "M5 under a locking policy: begin_cpu_access waits for the unmap",
                    "m5-cpu-during-device-write.dmasim", p).noWarnings());
        }
        t.add(row("M5-published", "M5 with dma0 publishing its fences: implicit's SYNC_START waits",
                "m5-cpu-during-device-write.dmasim", IM).set("dma0.publish_fences", "true").noWarnings());

        // M6: proceeding after one's own unmap while another device still writes.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("M6", "M6 CPU reads after tg0's fence while explicit-only tg1 wrote the other half",
                    "m6-after-own-unmap.dmasim", p).race(1, "A", "main", "tg1").torn(1, "A").noWarnings());
        }
        for (String p : List.of(EN, EX)) {
            t.add(row("M6", "M6 under a locking policy: release -> acquire orders tg1 before the CPU",
                    "m6-after-own-unmap.dmasim", p).noWarnings());
        }

        // M7(a): two devices write the same bytes.
        for (String p : List.of(NB, EP, EN)) {
            t.add(row("M7a", "M7(a) dma0 and dma1 write the same buffer unordered", "m7a-two-writers.dmasim", p)
                    .race(1, "D", "dma0", "dma1").noWarnings());
        }
        for (String p : List.of(IM, EX)) {
            t.add(row("M7a", "M7(a) ordered by the policy", "m7a-two-writers.dmasim", p).noWarnings());
        }

        // M7(b) with cacheless devices: one shared sector.
        t.add(row("M7b-64B", "M7(b) two devices write different bytes of one 64 B sector", "m7b-shared-sector.dmasim", NB)
                .race(1, null, "dma0", "dma1").noWarnings());
        t.add(row("M7b-4B", "M7(b) with check.granularity = 4B: no conflict", "m7b-shared-sector.dmasim", NB)
                .set("check.granularity", "4B").noWarnings());

        // Read-after-write between two devices.
        for (String p : List.of(NB, EP, EN)) {
            t.add(row("RAW-2dev", "dma1 reads A while dma0 writes it", "raw-two-devices.dmasim", p)
                    .race(1, "A", "dma0", "dma1").noWarnings());
        }
        for (String p : List.of(IM, EX)) {
            t.add(row("RAW-2dev", "dma1 ordered after dma0 by the policy", "raw-two-devices.dmasim", p).noWarnings());
        }

        // Write-after-read between a device and the CPU.
        for (String p : List.of(NB, EP)) {
            t.add(row("WAR", "the CPU rewrites a copy's source without waiting for it", "war-cpu-overwrites-source.dmasim", p)
                    .race(1, "A", "main", "dma0").noWarnings());
        }
        for (String p : List.of(IM, EN, EX)) {
            t.add(row("WAR", "the policy orders the CPU's write after the copy's read", "war-cpu-overwrites-source.dmasim", p)
                    .noWarnings());
        }

        // Two threads share one line.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("LineShare-64B", "two threads write halves of one 64 B sector", "line-share-two-threads.dmasim", p)
                    .race(1, "A", "t0", "t1").noWarnings());
            t.add(row("LineShare-4B", "two threads write halves of one line, 4 B sectors", "line-share-two-threads.dmasim", p)
                    .set("check.granularity", "4B").noWarnings());
        }

        // M18: batched-but-unsubmitted work.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("M18", "M18 the CPU reads before the batch reaches the kernel", "m18-unsubmitted-batch.dmasim", p)
                    .race(1, "A", "app", "dma0").noWarnings());
        }
        for (String p : List.of(EN, EX)) {
            t.add(row("M18", "M18 under a locking policy: the lock orders the early read before the write",
                    "m18-unsubmitted-batch.dmasim", p).noWarnings());
        }

        // M19: cross-buffer dependencies while holding mappings.
        t.add(row("M19", "M19 cross mappings with writers under exclusive", "m19-cross-map-writers.dmasim", EX)
                .deadlock("t0", "t1").noWarnings());
        t.add(row("M19", "M19 cross mappings with writers, exclusive with readers_share", "m19-cross-map-writers.dmasim", EX)
                .set("policy.readers_share", "true").deadlock("t0", "t1").noWarnings());
        for (String p : List.of(NB, EN, EP)) {
            t.add(row("M19", "M19 cross mappings with writers, devices map at once", "m19-cross-map-writers.dmasim", p)
                    .race(2, "A", "dma0", "dma1").detail(ViolationKind.DATA_RACE, "B", null, "dma0", "dma1").noWarnings());
        }
        t.add(row("M19", "M19 cross mappings with writers under implicit: the later job waits", "m19-cross-map-writers.dmasim", IM)
                .noWarnings());
        t.add(row("M19-ro", "M19 read-only cross mappings under strict exclusive", "m19-cross-map-readers.dmasim", EX)
                .deadlock("t0", "t1").noWarnings());
        t.add(row("M19-ro", "M19 read-only cross mappings, exclusive with readers_share (EO-RW)", "m19-cross-map-readers.dmasim", EX)
                .set("policy.readers_share", "true").noWarnings());
        t.add(row("M19-ro", "M19 read-only cross mappings under nonblocking", "m19-cross-map-readers.dmasim", NB).noWarnings());
        t.add(row("M19-jobs", "M19 with copy jobs mapping their own buffers, under exclusive", "m19-copy-jobs.dmasim", EX)
                .deadlock("dma0", "dma1").noWarnings());
        for (String p : List.of(NB, EN, EP)) {
            t.add(row("M19-jobs", "M19 with copy jobs mapping their own buffers", "m19-copy-jobs.dmasim", p)
                    .race(2, "A", "dma0", "dma1").detail(ViolationKind.DATA_RACE, "B", null, "dma0", "dma1").noWarnings());
        }
        t.add(row("M19-jobs", "M19 with copy jobs under implicit: the later job waits", "m19-copy-jobs.dmasim", IM).noWarnings());

        // Deadlocks.
        for (String p : List.of(EN, EX)) {
            t.add(row("Enforced-deadlock", "CPU access held across a wait for a job that maps the buffer",
                    "enforced-deadlock.dmasim", p).deadlock("main", "dma0").noWarnings());
        }
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("Enforced-deadlock", "the same without a lock: the job reads uncleaned CPU data",
                    "enforced-deadlock.dmasim", p).stale(1, "A", WCNC, "dma0").noWarnings());
        }
        for (String p : POLICIES) {
            t.add(row("Deadlock-fences", "two threads wait for each other's fence", "deadlock-fence-cycle.dmasim", p)
                    .deadlock("t0", "t1").noWarnings());
        }
        for (String p : List.of(NB, EP)) {
            t.add(row("Deadlock-after", "a job's in-fence nobody signals", "deadlock-after-never.dmasim", p)
                    .deadlock("main").noWarnings());
        }

        // Fence timeouts.
        for (String p : POLICIES) {
            t.add(row("Timeout-user", "a timed wait on a fence nobody signals; the thread continues",
                    "fence-timeout-user.dmasim", p).expect(ViolationKind.FENCE_TIMEOUT, 1).noWarnings());
        }
        t.add(row("Timeout-job", "a timed wait on a running job's fence; the thread continues", "fence-timeout-job.dmasim", IM)
                .expect(ViolationKind.FENCE_TIMEOUT, 1).noWarnings());

        // Sync-file import alone.
        for (String p : List.of(IM, EN, EX)) {
            t.add(row("SF-import", "IMPORT_SYNC_FILE makes the implicit job wait for the CPU write",
                    "sf-import-orders-job.dmasim", p).noWarnings());
        }
        for (String p : List.of(NB, EP)) {
            t.add(row("SF-import", "an imported fence does not order a job without implicit sync",
                    "sf-import-orders-job.dmasim", p).race(1, "A", "producer", "dma0").noWarnings());
        }
        t.add(row("SF-import-early", "a fence imported before its producer's SYNC_START: implicit waits on itself",
                "sf-import-too-early.dmasim", IM).deadlock("producer").noWarnings());
        t.add(row("SF-import-early", "the same without implicit waits: the job is unordered",
                "sf-import-too-early.dmasim", EP).race(1, "A", "producer", "dma0").noWarnings());
        t.add(row("SF-import-early", "the same under enforced: the lock orders the job before the write",
                "sf-import-too-early.dmasim", EN).noWarnings());
        t.add(row("Stub-fence", "EXPORT_SYNC_FILE with an unfenced writer mapping returns the stub", "stub-fence-wait.dmasim", IM)
                .warn(WarningKind.STUB_FENCE_WAIT, 1));

        // Manual mapping.
        t.add(row("Unmapped", "a job touches a buffer the script did not map (manual_map)", "unmapped-access.dmasim", IM)
                .expect(ViolationKind.UNMAPPED_ACCESS, 1).detail(ViolationKind.UNMAPPED_ACCESS, "D", null, "dma0").noWarnings());

        // Torn frame without a race.
        for (String p : List.of(NB, IM, EP)) {
            t.add(row("Torn-stale", "a device read sees two producing passes and a stale sector", "torn-stale.dmasim", p)
                    .stale(1, "A", WCNC, "dma1").torn(1, "A").noWarnings());
        }

        // Knobs that reproduce real bugs.
        t.add(row("Knob-noop-upload", "export.cpu_hooks = noop (vb2-dma-contig): C1's end does not clean",
                "c1-cpu-upload.dmasim", IM).set("export.cpu_hooks", "noop").stale(1, "S", WCNC, "dma0").noWarnings());
        t.add(row("Knob-noop-readback", "export.cpu_hooks = noop: C2's begin does not invalidate",
                "c2-device-render-cpu-readback.dmasim", IM).set("export.cpu_hooks", "noop").stale(1, "A", RCNI).noWarnings());
        t.add(row("Knob-attached", "export.sync_targets = attached, no attachment (udmabuf): C1's end does not clean",
                "c1-cpu-upload.dmasim", IM).set("export.sync_targets", "attached").stale(1, "S", WCNC, "dma0").noWarnings());
        t.add(row("Knob-attached-ok", "export.sync_targets = attached with dma0 attached: the end cleans",
                "c1-attached-upload.dmasim", IM).set("export.sync_targets", "attached").noWarnings());
        t.add(row("Knob-first", "export.sync_targets = first, coherent importer first (Andrew Davis 2024)",
                "knob-sync-targets-first.dmasim", IM).set("export.sync_targets", "first").stale(1, "S", WCNC, "dma0").noWarnings());
        t.add(row("Knob-first-all", "the same with export.sync_targets = all", "knob-sync-targets-first.dmasim", IM).noWarnings());
        t.add(row("Knob-first-attached", "the same with export.sync_targets = attached", "knob-sync-targets-first.dmasim", IM)
                .set("export.sync_targets", "attached").noWarnings());
        return t;
    }

    private static Row row(String id, String scenario, String script, String policy) {
        return new Row(id, scenario, script, policy);
    }

    private static void everyPolicy(List<Row> t, String id, String scenario, String script) {
        for (String p : POLICIES) t.add(row(id, scenario, script, p).noWarnings());
    }

    static Stream<Arguments> table() {
        List<Arguments> a = new ArrayList<>();
        for (Row r : rows()) a.add(Arguments.of(r.toString(), r));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void litmus(String name, Row row) {
        Litmus.verify(row, Litmus.run(row));
    }

    // ---------------------------------------------------------------- latency: blocking shows in spans

    /** The span of {@code slow} must exceed {@code factor} x the span of {@code fast} plus {@code plusNs}. */
    record Latency(String id, String script, String span, String slowPolicy, Map<String, String> slowSet,
                   String fastPolicy, Map<String, String> fastSet, double factor, double plusNs) {
        @Override
        public String toString() {
            return id + ": " + span + " " + slowPolicy + slowSet + " > " + factor + " x " + fastPolicy + fastSet
                    + (plusNs > 0 ? " + " + plusNs + " ns" : "");
        }
    }

    static List<Latency> latencyRows() {
        Map<String, String> none = Map.of();
        Map<String, String> share = Map.of("policy.readers_share", "true");
        Map<String, String> published = Map.of("dma0.publish_fences", "true");
        List<Latency> l = new ArrayList<>();
        // M5: begin_cpu_access waits for the device's unmap (at least 3 us of the 64 KiB copy remain).
        l.add(new Latency("M5-enforced", "m5-cpu-during-device-write.dmasim", "begin", EN, none, NB, none, 1.0, 1000));
        l.add(new Latency("M5-exclusive", "m5-cpu-during-device-write.dmasim", "begin", EX, none, NB, none, 1.0, 1000));
        l.add(new Latency("M5-implicit-published", "m5-cpu-during-device-write.dmasim", "begin", IM, published, NB, none, 1.0, 1000));
        // C5: exclusive (and implicit: writer waits for writer) serialise the two halves.
        l.add(new Latency("C5-exclusive", "c5-disjoint-halves.dmasim", "render", EX, none, NB, none, 1.5, 0));
        l.add(new Latency("C5-implicit", "c5-disjoint-halves.dmasim", "render", IM, none, NB, none, 1.5, 0));
        l.add(new Latency("C5-enforced-maps-at-once", "c5-disjoint-halves.dmasim", "render", EX, none, EN, none, 1.5, 0));
        // C8: strict exclusive serialises readers; readers_share (EO-RW) lets them overlap.
        l.add(new Latency("C8-exclusive", "c8-stream-readers.dmasim", "readers", EX, none, NB, none, 1.5, 0));
        l.add(new Latency("C8-readers-share", "c8-stream-readers.dmasim", "readers", EX, none, EX, share, 1.5, 0));
        // nonblocking's after= is a CPU round trip: the submission blocks until dma0's fence.
        l.add(new Latency("After-round-trip", "c-chain-after.dmasim", "submit", NB, none, EP, none, 1.0, 1000));
        return l;
    }

    static Stream<Arguments> latencyTable() {
        List<Arguments> a = new ArrayList<>();
        for (Latency r : latencyRows()) a.add(Arguments.of(r.toString(), r));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("latencyTable")
    void blockingShowsInSpans(String name, Latency row) {
        double slow = spanMeanNs(row.script(), row.slowPolicy(), row.slowSet(), row.span());
        double fast = spanMeanNs(row.script(), row.fastPolicy(), row.fastSet(), row.span());
        assertTrue(slow > row.factor() * fast + row.plusNs(),
                row + ": span " + row.span() + " was " + slow + " ns vs " + fast + " ns");
    }

    private static double spanMeanNs(String script, String policy, Map<String, String> set, String span) {
        Row r = new Row("latency", span, script, policy);
        set.forEach(r::set);
        RunResult res = Litmus.run(r);
        assertEquals(RunStatus.COMPLETED, res.status(), r + "\n" + Litmus.dump(res));
        LatencyStats s = res.spans().get(span);
        assertNotNull(s, r + ": no span " + span + " in " + res.spans().keySet());
        assertEquals(1, s.count(), r + ": span " + span + " executions");
        return s.mean();
    }

    /** The table as Markdown, for docs/litmus.md: rows that differ only in policy share a line. */
    static String markdown() {
        StringBuilder b = new StringBuilder("| id | scenario | script | --set | policies | expected |\n|---|---|---|---|---|---|\n");
        List<Row> rows = rows();
        Map<String, List<String>> policies = new LinkedHashMap<>();
        Map<String, Row> first = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.id + "|" + r.script + "|" + r.set + "|" + r.expected();
            policies.computeIfAbsent(key, k -> new ArrayList<>()).add(r.policy);
            first.putIfAbsent(key, r);
        }
        for (Map.Entry<String, Row> e : first.entrySet()) {
            Row r = e.getValue();
            List<String> ps = policies.get(e.getKey());
            b.append("| ").append(r.id).append(" | ").append(r.scenario).append(" | `").append(r.script).append("` | ")
                    .append(r.set.isEmpty() ? "" : r.set.toString().replace("{", "`").replace("}", "`")).append(" | ")
                    .append(ps.size() == POLICIES.size() ? "all five" : String.join(", ", ps)).append(" | ")
                    .append(r.expected()).append(" |\n");
        }
        b.append("\n").append(rows.size()).append(" rows.\n");
        b.append("\n| latency row | script | span | slower run | faster run | asserted |\n|---|---|---|---|---|---|\n");
        for (Latency l : latencyRows()) {
            b.append("| ").append(l.id()).append(" | `").append(l.script()).append("` | ").append(l.span()).append(" | ")
                    .append(l.slowPolicy()).append(l.slowSet().isEmpty() ? "" : " " + l.slowSet()).append(" | ")
                    .append(l.fastPolicy()).append(l.fastSet().isEmpty() ? "" : " " + l.fastSet()).append(" | slower > ")
                    .append(l.factor() == 1.0 ? "" : l.factor() + " x ").append("faster")
                    .append(l.plusNs() > 0 ? " + " + (long) l.plusNs() + " ns" : "").append(" |\n");
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
