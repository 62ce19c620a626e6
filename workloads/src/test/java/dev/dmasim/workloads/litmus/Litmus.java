package dev.dmasim.workloads.litmus;

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
     * The registry the scripts are checked against: the real one, which must declare every
     * parameter MODEL.md names (LitmusScriptsTest checks that it does).
     */
    static ParamRegistry modelRegistry() {
        return WorkloadRunner.registry();
    }

    static final long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

}
