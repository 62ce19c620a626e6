package dev.dmasim.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json as MODEL.md lists it (schema_version 1). Key order is fixed and every value is
 * a pure function of the run except {@code wall_time_ms}, so two runs with the same script and
 * seed give the same bytes apart from that key.
 */
public final class SummaryJson {
    public static final int SCHEMA_VERSION = 1;
    /** How many violation records go into summary.json; violations.csv has them all. */
    public static final int MAX_SAMPLES = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    public static String toJson(RunResult r) {
        try {
            return MAPPER.writeValueAsString(toMap(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("invariant: summary not serialisable: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> toMap(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.put("workload", r.workload());
        m.put("policy", r.policy());
        m.put("seed", r.seed());
        m.put("status", r.status().wire());
        m.put("simulated_time_ps", r.simulatedTimePs());
        m.put("events", r.events());
        m.put("wall_time_ms", r.wallTimeMs());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (ViolationKind k : ViolationKind.values()) counts.put(k.wire(), r.violationCounts().getOrDefault(k, 0L));
        m.put("violations", counts);
        List<Object> samples = new ArrayList<>();
        for (Violation v : r.violations()) {
            if (samples.size() == MAX_SAMPLES) break;
            samples.add(violation(v));
        }
        m.put("violation_samples", samples);
        m.put("warnings", new LinkedHashMap<>(r.warnings()));
        Map<String, Object> frames = new LinkedHashMap<>();
        frames.put("count", r.frames().size());
        frames.put("latency_ns", latency(r.frameLatency()));
        m.put("frames", frames);
        Map<String, Object> spans = new LinkedHashMap<>();
        r.spans().forEach((name, st) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("count", st.count());
            s.put("latency_ns", latency(st));
            spans.put(name, s);
        });
        m.put("spans", spans);
        Map<String, Object> bus = new LinkedHashMap<>();
        bus.put("bytes", r.bus().bytes());
        bus.put("utilization", r.bus().utilization());
        Object busExtra = r.stats().get("bus");
        if (busExtra instanceof Map) ((Map<?, ?>) busExtra).forEach((k, v) -> bus.put(String.valueOf(k), v));
        m.put("bus", bus);
        Map<String, Object> caches = new LinkedHashMap<>();
        r.caches().forEach((name, c) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("hits", c.hits());
            s.put("misses", c.misses());
            s.put("writebacks", c.writebacks());
            s.put("cleaned_lines", c.cleanedLines());
            s.put("invalidated_lines", c.invalidatedLines());
            caches.put(name, s);
        });
        m.put("caches", caches);
        Map<String, Object> agents = new LinkedHashMap<>();
        r.agents().forEach((name, a) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("busy_ps", a.busyPs());
            s.put("stall_ps", a.stallPs());
            agents.put(name, s);
        });
        m.put("agents", agents);
        r.stats().forEach((k, v) -> {
            if (!k.equals("bus")) m.put(k, v);
        });
        return m;
    }

    static Map<String, Object> violation(Violation v) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", v.kind().wire());
        s.put("time_ps", v.timePs());
        s.put("buffer", v.buffer());
        s.put("offset", v.offset());
        s.put("length", v.length());
        s.put("agents", v.agents());
        s.put("cause", v.cause());
        s.put("message", v.message());
        return s;
    }

    static Map<String, Object> latency(LatencyStats st) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("min", st.min());
        s.put("p50", st.p50());
        s.put("p95", st.p95());
        s.put("p99", st.p99());
        s.put("max", st.max());
        s.put("mean", st.mean());
        return s;
    }
}
