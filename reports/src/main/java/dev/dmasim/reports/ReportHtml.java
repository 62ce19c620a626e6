package dev.dmasim.reports;

import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.time.Time;
import dev.dmasim.reports.charts.ChartImage;
import dev.dmasim.reports.charts.Charts;
import dev.dmasim.reports.charts.RunCharts;

import java.util.Locale;
import java.util.Map;

/**
 * report.html: the page a person reads first — status, violation counts and the violation table
 * with causes and messages, the charts of MODEL.md's outputs (inline SVG, each also linked as
 * {@code charts/NAME.png} and {@code .svg}), spans, caches, bus, agents.
 */
public final class ReportHtml {
    private static final int MAX_ROWS = 1000;

    private ReportHtml() {}

    /** The page with the run's charts drawn (or notes saying why not). */
    public static String toHtml(RunResult r) {
        return toHtml(r, Charts.drawOrExplain(() -> RunCharts.of(r)));
    }

    public static String toHtml(RunResult r, Charts charts) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(r.workload())).append(" [").append(esc(r.policy())).append("]</title><style>"
                        + "body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}"
                        + "table{border-collapse:collapse;margin-bottom:1.5em}.bad{color:#b00020;font-weight:bold}.num{text-align:right}"
                        + "figure{margin:0 0 1.5em 0}figure svg{max-width:100%;height:auto}.note{color:#555}"
                        + "</style></head><body>");
        sb.append("<h1>").append(esc(r.workload())).append("</h1><p>policy <b>").append(esc(r.policy())).append("</b>, seed ")
                .append(r.seed()).append(", status <b class=\"").append(r.status().wire().equals("completed") ? "" : "bad").append("\">")
                .append(r.status().wire()).append("</b> at ").append(Time.format(r.simulatedTimePs())).append(" simulated, ")
                .append(r.events()).append(" events</p>");

        sb.append("<h2>Violations</h2><table><tr><th>kind</th><th>count</th></tr>");
        for (ViolationKind k : ViolationKind.values()) {
            long n = r.violationCounts().getOrDefault(k, 0L);
            sb.append("<tr><td>").append(k.wire()).append("</td><td class=\"num").append(n > 0 ? " bad" : "").append("\">")
                    .append(n).append("</td></tr>");
        }
        r.warnings().forEach((k, n) -> sb.append("<tr><td>warning: ").append(esc(k)).append("</td><td class=\"num\">")
                .append(n).append("</td></tr>"));
        sb.append("</table>");
        if (!r.violations().isEmpty()) {
            sb.append("<table><tr><th>kind</th><th>time</th><th>buffer</th><th>offset</th><th>length</th><th>agents</th>"
                    + "<th>cause</th><th>message</th></tr>");
            int rows = 0;
            for (Violation v : r.violations()) {
                if (rows++ == MAX_ROWS) break;
                sb.append("<tr><td>").append(v.kind().wire()).append("</td><td>").append(Time.format(v.timePs())).append("</td><td>")
                        .append(esc(v.buffer() == null ? "" : v.buffer())).append("</td><td class=\"num\">0x")
                        .append(Long.toHexString(v.offset())).append("</td><td class=\"num\">").append(v.length()).append("</td><td>")
                        .append(esc(String.join(", ", v.agents()))).append("</td><td>").append(esc(v.cause() == null ? "" : v.cause()))
                        .append("</td><td>").append(esc(v.message())).append("</td></tr>");
            }
            sb.append("</table>");
            if (r.violations().size() > MAX_ROWS) sb.append("<p>... every record is in violations.csv</p>");
        }

        appendCharts(sb, charts);

        if (!r.spans().isEmpty()) {
            sb.append("<h2>Spans</h2><table><tr><th>span</th><th>count</th><th>min</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>");
            r.spans().forEach((name, s) -> sb.append("<tr><td>").append(esc(name)).append("</td><td class=\"num\">").append(s.count())
                    .append("</td>").append(cells(s)).append("</tr>"));
            sb.append("</table>");
        }
        sb.append("<h2>Bus</h2><p>").append(r.bus().bytes()).append(" bytes, utilization ")
                .append(String.format(Locale.ROOT, "%.1f%%", 100 * r.bus().utilization())).append("</p>");
        if (!r.caches().isEmpty()) {
            sb.append("<h2>Caches</h2><table><tr><th>cache</th><th>hits</th><th>misses</th><th>writebacks</th>"
                    + "<th>cleaned lines</th><th>invalidated lines</th></tr>");
            r.caches().forEach((name, c) -> sb.append("<tr><td>").append(esc(name)).append("</td>").append(num(c.hits()))
                    .append(num(c.misses())).append(num(c.writebacks())).append(num(c.cleanedLines()))
                    .append(num(c.invalidatedLines())).append("</tr>"));
            sb.append("</table>");
        }
        if (!r.agents().isEmpty()) {
            sb.append("<h2>Agents</h2><table><tr><th>agent</th><th>busy</th><th>stalled</th></tr>");
            for (Map.Entry<String, RunResult.AgentTimes> e : r.agents().entrySet()) {
                sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">").append(Time.format(e.getValue().busyPs()))
                        .append("</td><td class=\"num\">").append(Time.format(e.getValue().stallPs())).append("</td></tr>");
            }
            sb.append("</table>");
        }
        sb.append("<p>Timeline: open trace.json in the Perfetto UI.</p></body></html>\n");
        return sb.toString();
    }

    /** The charts section: each chart inline, with links to its PNG and SVG files, then the notes. */
    static void appendCharts(StringBuilder sb, Charts charts) {
        sb.append("<h2>Charts</h2>");
        for (ChartImage c : charts.images()) {
            sb.append("<figure>").append(c.svg()).append("<figcaption>").append(esc(c.title())).append(": <a href=\"charts/")
                    .append(c.name()).append(".png\">PNG</a> <a href=\"charts/").append(c.name()).append(".svg\">SVG</a></figcaption></figure>");
        }
        for (String n : charts.notes()) sb.append("<p class=\"note\">").append(esc(n)).append("</p>");
    }

    private static String cells(LatencyStats s) {
        StringBuilder sb = new StringBuilder();
        for (double v : new double[]{s.min(), s.p50(), s.p95(), s.p99(), s.max()}) {
            sb.append("<td class=\"num\">").append(Time.format(Math.round(v * 1000))).append("</td>");
        }
        return sb.toString();
    }

    private static String num(long v) { return "<td class=\"num\">" + v + "</td>"; }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
