package dev.dmasim.reports;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.time.Time;
import dev.dmasim.reports.charts.Charts;

import java.util.Locale;
import java.util.Map;

/**
 * compare.html: one script under several policies, side by side — a table of status, simulated
 * time and violation counts per policy, the comparison charts, then each policy's spans; each
 * policy's own report.html is linked.
 */
public final class CompareHtml {
    private CompareHtml() {}

    /** {@code results}: policy -> its run, in the order to show; {@code charts} from {@code CompareCharts}. */
    public static String toHtml(String workload, Map<String, RunResult> results, Charts charts) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(ReportHtml.esc(workload)).append(" — policy comparison</title><style>body{font-family:sans-serif;margin:2em}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}"
                        + "table{border-collapse:collapse;margin-bottom:1.5em}figure{margin:0 0 1.5em 0}"
                        + "figure svg{max-width:100%;height:auto}.note{color:#555}</style></head><body><h1>")
                .append(ReportHtml.esc(workload)).append("</h1><table><tr><th>policy</th><th>status</th><th>simulated</th>");
        for (ViolationKind k : ViolationKind.values()) sb.append("<th>").append(k.wire()).append("</th>");
        sb.append("</tr>");
        results.forEach((p, r) -> {
            sb.append("<tr><td><a href=\"").append(ReportHtml.esc(p)).append("/report.html\">").append(ReportHtml.esc(p))
                    .append("</a></td><td>").append(r.status().wire()).append("</td><td>").append(Time.format(r.simulatedTimePs())).append("</td>");
            for (ViolationKind k : ViolationKind.values()) sb.append("<td>").append(r.violationCounts().getOrDefault(k, 0L)).append("</td>");
            sb.append("</tr>");
        });
        sb.append("</table>");
        ReportHtml.appendCharts(sb, charts);
        results.forEach((p, r) -> {
            if (r.spans().isEmpty()) return;
            sb.append("<h2>").append(ReportHtml.esc(p)).append(" spans</h2><table><tr><th>span</th><th>count</th><th>p50 ns</th><th>p99 ns</th><th>max ns</th></tr>");
            r.spans().forEach((n, s) -> sb.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>", ReportHtml.esc(n), s.count(), s.p50(), s.p99(), s.max())));
            sb.append("</table>");
        });
        return sb.append("</body></html>\n").toString();
    }
}
