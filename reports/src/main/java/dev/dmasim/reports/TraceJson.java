package dev.dmasim.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmasim.core.result.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * trace.json in the Chrome trace-event format that the Perfetto UI opens: one track (tid) per
 * thread or device, complete events ("X") for spans and jobs, instant events ("i") for
 * violations, and a counter track ("C") of the bus bandwidth per master in GB/s, one sample per
 * bucket of the run's {@code BusSeries}. Timestamps are microseconds with picosecond precision
 * kept as decimals.
 */
public final class TraceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceJson() {}

    public static String toJson(RunResult r) {
        Map<String, Integer> tids = new LinkedHashMap<>();
        List<Object> events = new ArrayList<>();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("name", "process_name");
        process.put("ph", "M");
        process.put("pid", 1);
        process.put("args", Map.of("name", r.workload() + " [" + r.policy() + "]"));
        events.add(process);
        for (RunResult.TraceEvent e : r.trace()) {
            Integer tid = tids.get(e.track());
            if (tid == null) {
                tid = tids.size() + 1;
                tids.put(e.track(), tid);
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("name", "thread_name");
                meta.put("ph", "M");
                meta.put("pid", 1);
                meta.put("tid", tid);
                meta.put("args", Map.of("name", e.track()));
                events.add(meta);
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("name", e.name());
            ev.put("cat", e.category());
            ev.put("ph", e.durationPs() < 0 ? "i" : "X");
            ev.put("ts", e.startPs() / 1e6);
            if (e.durationPs() >= 0) ev.put("dur", e.durationPs() / 1e6);
            else ev.put("s", "t");
            ev.put("pid", 1);
            ev.put("tid", tid);
            events.add(ev);
        }
        RunResult.BusSeries bus = r.busSeries();
        for (int k = 0; k < bus.buckets(); k++) {
            Map<String, Object> args = new LinkedHashMap<>();
            for (int m = 0; m < bus.masters().size(); m++) {
                args.put(bus.masters().get(m), bus.gbps(bus.bytes().get(m), k));
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("name", "bus GB/s");
            ev.put("ph", "C");
            ev.put("ts", k * bus.bucketPs() / 1e6);
            ev.put("pid", 1);
            ev.put("args", args);
            events.add(ev);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("traceEvents", events);
        root.put("displayTimeUnit", "ns");
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("invariant: trace not serialisable: " + e.getMessage(), e);
        }
    }
}
