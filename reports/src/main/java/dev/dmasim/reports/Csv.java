package dev.dmasim.reports;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.Violation;

/** violations.csv and frames.csv: every record, one per line, RFC 4180 quoting. */
public final class Csv {
    private Csv() {}

    public static String violations(RunResult r) {
        StringBuilder sb = new StringBuilder("kind,time_ps,buffer,offset,length,agents,cause,message\n");
        for (Violation v : r.violations()) {
            sb.append(v.kind().wire()).append(',').append(v.timePs()).append(',')
                    .append(quote(v.buffer())).append(',').append(v.offset()).append(',').append(v.length()).append(',')
                    .append(quote(String.join(" ", v.agents()))).append(',').append(quote(v.cause())).append(',')
                    .append(quote(v.message())).append('\n');
        }
        return sb.toString();
    }

    public static String frames(RunResult r) {
        StringBuilder sb = new StringBuilder("frame,capture_start_ps,scanout_start_ps,latency_ps,deadline_miss\n");
        for (RunResult.FrameRecord f : r.frames()) {
            sb.append(f.frame()).append(',').append(f.captureStartPs()).append(',').append(f.scanoutStartPs()).append(',')
                    .append(f.latencyPs()).append(',').append(f.deadlineMiss()).append('\n');
        }
        return sb.toString();
    }

    static String quote(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
