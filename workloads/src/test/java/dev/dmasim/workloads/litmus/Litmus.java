package dev.dmasim.workloads.litmus;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.result.WarningKind;
import dev.dmasim.workloads.run.RunRequest;
import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The litmus table's vocabulary: a {@link Row} (script, policy, overrides, expected outcome) and
 * the one place that compares a {@link RunResult} with it. Expectations come from MODEL.md and
 * KERNEL-REFERENCE.md only (see docs/litmus.md), never from the implementation.
 */
final class Litmus {
    private Litmus() {}

    static final String NB = "nonblocking", EN = "enforced", EX = "exclusive", IM = "implicit", EP = "explicit";
    static final List<String> POLICIES = List.of(NB, EN, EX, IM, EP);

    static final String WCNC = "writer-cache-not-cleaned";
    static final String RCNI = "reader-cache-not-invalidated";
    static final String MEM_OVERWRITTEN = "memory-overwritten";

    /** A script of src/test/resources/litmus. */
    static Path script(String name) {
        URL u = Litmus.class.getResource("/litmus/" + name);
        if (u == null) throw new IllegalArgumentException("no litmus script " + name);
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path scriptDir() {
        URL u = Litmus.class.getResource("/litmus");
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "At least one record of this kind (on this buffer, with this cause) naming these agents." */
    record Detail(ViolationKind kind, String buffer, String cause, List<String> mentions) {
        boolean matches(Violation v) {
            if (v.kind() != kind) return false;
            if (buffer != null && !buffer.equals(v.buffer())) return false;
            if (cause != null && !cause.equals(v.cause())) return false;
            String text = String.join(" ", v.agents()) + " " + v.message();
            for (String m : mentions) if (!text.contains(m)) return false;
            return true;
        }

        @Override
        public String toString() {
            return kind.wire() + (buffer != null ? " on " + buffer : "") + (cause != null ? " cause " + cause : "")
                    + (mentions.isEmpty() ? "" : " naming " + mentions);
        }
    }

    /** One row of the table. Built fluently; unset counts are zero, unset warnings are not checked. */
    static final class Row {
        final String id;
        final String scenario;
        final String script;
        final String policy;
        final Map<String, String> set = new LinkedHashMap<>();
        RunStatus status = RunStatus.COMPLETED;
        final Map<ViolationKind, Long> counts = new EnumMap<>(ViolationKind.class);
        /** null = not checked; otherwise every warning kind, absent = 0. */
        Map<String, Long> warnings;
        final List<Detail> details = new ArrayList<>();

        Row(String id, String scenario, String script, String policy) {
            this.id = id;
            this.scenario = scenario;
            this.script = script;
            this.policy = policy;
        }

        Row set(String key, String value) {
            set.put(key, value);
            return this;
        }

        Row expect(ViolationKind k, long n) {
            counts.put(k, n);
            return this;
        }

        Row deadlock(String... mentions) {
            status = RunStatus.DEADLOCK;
            counts.put(ViolationKind.DEADLOCK, 1L);
            details.add(new Detail(ViolationKind.DEADLOCK, null, null, List.of(mentions)));
            return this;
        }

        Row noWarnings() {
            if (warnings == null) warnings = new LinkedHashMap<>();
            return this;
        }

        Row warn(WarningKind w, long n) {
            noWarnings();
            warnings.put(w.wire(), n);
            return this;
        }

        /** stale-read n on {@code buffer} with {@code cause}; mentions name the reader (a device) if given. */
        Row stale(long n, String buffer, String cause, String... mentions) {
            counts.put(ViolationKind.STALE_READ, n);
            details.add(new Detail(ViolationKind.STALE_READ, buffer, cause, List.of(mentions)));
            return this;
        }

        Row race(long n, String buffer, String... mentions) {
            counts.put(ViolationKind.DATA_RACE, n);
            details.add(new Detail(ViolationKind.DATA_RACE, buffer, null, List.of(mentions)));
            return this;
        }

        Row lost(long n, String buffer) {
            counts.put(ViolationKind.LOST_WRITE, n);
            details.add(new Detail(ViolationKind.LOST_WRITE, buffer, null, List.of()));
            return this;
        }

        Row torn(long n, String buffer) {
            counts.put(ViolationKind.TORN_FRAME, n);
            details.add(new Detail(ViolationKind.TORN_FRAME, buffer, null, List.of()));
            return this;
        }

        Row detail(ViolationKind k, String buffer, String cause, String... mentions) {
            details.add(new Detail(k, buffer, cause, Arrays.asList(mentions)));
            return this;
        }

        RunRequest request() {
            return new RunRequest(Litmus.script(script), policy, null, set);
        }

        /** "stale-read 1 (A, writer-cache-not-cleaned)"-style summary for docs and messages. */
        String expected() {
            StringBuilder b = new StringBuilder();
            if (status != RunStatus.COMPLETED) b.append("status ").append(status.wire()).append("; ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<ViolationKind, Long> e : counts.entrySet()) {
                if (e.getValue() != 0) parts.add(e.getKey().wire() + " " + e.getValue());
            }
            b.append(parts.isEmpty() ? "no violation" : String.join(", ", parts));
            if (warnings != null) {
                for (Map.Entry<String, Long> e : warnings.entrySet()) {
                    if (e.getValue() != 0) b.append("; warning ").append(e.getKey()).append(' ').append(e.getValue());
                }
            }
            for (Detail d : details) {
                if (d.kind() == ViolationKind.STALE_READ && d.cause() != null) b.append(" [cause ").append(d.cause()).append(']');
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return id + " " + policy + (set.isEmpty() ? "" : " " + set);
        }
    }

    static RunResult run(Row r) {
        try {
            return WorkloadRunner.run(r.request());
        } catch (UserErrors e) {
            return fail(r.script + " is not a valid script: " + e.getMessage());
        }
    }

    /** Every difference between the row and the result, or none. */
    static List<String> differences(Row r, RunResult res) {
        List<String> problems = new ArrayList<>();
        if (res.status() != r.status) problems.add("status " + res.status().wire() + ", expected " + r.status.wire());
        for (ViolationKind k : ViolationKind.values()) {
            long expected = r.counts.getOrDefault(k, 0L);
            long got = res.violationCounts().getOrDefault(k, 0L);
            if (expected != got) problems.add(k.wire() + " " + got + ", expected " + expected);
            long records = 0;
            for (Violation v : res.violations()) if (v.kind() == k) records++;
            if (records != got) problems.add(k.wire() + ": count " + got + " but " + records + " records");
        }
        if (r.warnings != null) {
            for (WarningKind w : WarningKind.values()) {
                long expected = r.warnings.getOrDefault(w.wire(), 0L);
                long got = res.warnings().getOrDefault(w.wire(), 0L);
                if (expected != got) problems.add("warning " + w.wire() + " " + got + ", expected " + expected);
            }
        }
        for (Detail d : r.details) {
            if (r.counts.getOrDefault(d.kind(), 0L) == 0) continue;
            boolean found = false;
            for (Violation v : res.violations()) found |= d.matches(v);
            if (!found) problems.add("no record " + d);
        }
        return problems;
    }

    static void verify(Row r, RunResult res) {
        List<String> problems = differences(r, res);
        if (!problems.isEmpty()) fail(r + " (" + r.scenario + "): " + String.join("; ", problems) + "\n" + dump(res));
    }

    static String dump(RunResult res) {
        StringBuilder b = new StringBuilder("  status ").append(res.status().wire()).append(", counts ");
        Map<String, Long> nonZero = new LinkedHashMap<>();
        res.violationCounts().forEach((k, v) -> { if (v != 0) nonZero.put(k.wire(), v); });
        b.append(nonZero).append(", warnings ").append(res.warnings()).append('\n');
        int n = 0;
        for (Violation v : res.violations()) {
            if (n++ == 20) { b.append("  ...\n"); break; }
            b.append("  ").append(v.kind().wire()).append(" t=").append(v.timePs()).append("ps buffer=").append(v.buffer())
                    .append(" off=").append(v.offset()).append(" len=").append(v.length()).append(" agents=")
                    .append(v.agents()).append(" cause=").append(v.cause()).append(": ").append(v.message()).append('\n');
        }
        return b.toString();
    }

    /**
     * The registry the scripts are checked against: the real one, plus (until the models that
     * own them are merged) every parameter MODEL.md names, with MODEL.md's defaults. A name the
     * real registry declares is never redeclared, so this tightens by itself as models land.
     */
    static ParamRegistry modelRegistry() {
        ParamRegistry r = WorkloadRunner.registry();
        for (ParamDecl d : modelParameters()) if (r.find(d.name()) == null) r.declare(d);
        return r;
    }

    static final long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    /** The parameters MODEL.md lists under "Parameter names that scripts may rely on" (and DEV.*). */
    static List<ParamDecl> modelParameters() {
        List<ParamDecl> l = new ArrayList<>();
        l.add(ParamDecl.number("bus.width", ParamKind.SIZE, 32, 1, 4096, "bus width"));
        l.add(ParamDecl.number("bus.freq", ParamKind.FREQ, 1_000_000_000L, 1_000_000L, 100_000_000_000L, "bus clock"));
        l.add(ParamDecl.number("bus.overhead", ParamKind.COUNT, 2, 0, 1000, "cycles per transaction"));
        l.add(ParamDecl.choice("bus.arbitration", "round-robin", List.of("round-robin", "fixed-priority"), "arbitration"));
        l.add(ParamDecl.number("dram.size", ParamKind.SIZE, 4 * GiB, 16 * MiB, 1024 * GiB, "DRAM capacity"));
        l.add(ParamDecl.number("dram.channels", ParamKind.COUNT, 2, 1, 16, "channels"));
        l.add(ParamDecl.number("cpu.cores", ParamKind.COUNT, 2, 1, 64, "cores"));
        l.add(ParamDecl.number("cpu.freq", ParamKind.FREQ, 2_000_000_000L, 1_000_000L, 100_000_000_000L, "CPU clock"));
        l.add(ParamDecl.bool("cpu.coherent", false, "coherent DMA"));
        l.add(ParamDecl.choice("cpu.prefetch", "none", List.of("none", "speculative"), "speculative fills"));
        l.add(ParamDecl.number("cpu.prefetch_rate", ParamKind.COUNT, 1, 0, 1_000_000, "lines per us"));
        l.add(ParamDecl.number("cpu.l1.size", ParamKind.SIZE, 32 * KiB, KiB, GiB, "L1 size"));
        l.add(ParamDecl.number("cpu.l1.ways", ParamKind.COUNT, 8, 1, 64, "L1 ways"));
        l.add(ParamDecl.number("cpu.l2.size", ParamKind.SIZE, MiB, KiB, GiB, "L2 size"));
        l.add(ParamDecl.number("cpu.l2.ways", ParamKind.COUNT, 16, 1, 64, "L2 ways"));
        l.add(ParamDecl.number("cpu.line", ParamKind.SIZE, 64, 16, 256, "line size"));
        l.add(ParamDecl.number("dma.engines", ParamKind.COUNT, 2, 1, 8, "copy engines"));
        l.add(ParamDecl.choice("dma.for_device_from_device", "clean", List.of("clean", "invalidate"), "end_cpu_access(read)"));
        l.add(ParamDecl.bool("export.map_syncs_cpu", false, "map does CPU maintenance"));
        l.add(ParamDecl.choice("export.sync_targets", "all", List.of("all", "first", "attached"), "maintenance targets"));
        l.add(ParamDecl.choice("export.cpu_hooks", "real", List.of("real", "noop"), "begin/end hooks"));
        l.add(ParamDecl.number("tg.generators", ParamKind.COUNT, 2, 1, 16, "traffic generators"));
        l.add(ParamDecl.bool("policy.readers_share", false, "readers share under exclusive"));
        l.add(ParamDecl.bool("check.enabled", true, "coherency checker"));
        l.add(ParamDecl.number("check.granularity", ParamKind.SIZE, 64, 4, 64, "sector size"));
        for (String d : List.of("dma0", "dma1", "tg0", "tg1")) {
            l.add(ParamDecl.boolRef(d + ".coherent", "cpu.coherent", "snoops the CPU"));
            l.add(ParamDecl.bool(d + ".publish_fences", true, "implicit fences"));
            l.add(ParamDecl.bool(d + ".manual_map", false, "script maps"));
        }
        return l;
    }
}
