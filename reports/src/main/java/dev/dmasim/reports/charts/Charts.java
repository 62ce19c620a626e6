package dev.dmasim.reports.charts;

import java.awt.AWTError;
import java.util.List;
import java.util.function.Supplier;

/**
 * The charts of a report, and a note for each chart that has nothing to show (no frames, no
 * spans) or could not be drawn, so that the page says why it is missing.
 */
public record Charts(List<ChartImage> images, List<String> notes) {
    /**
     * The charts {@code draw} makes, or none and a note saying why if drawing fails (a machine
     * without the fonts AWT needs): a report without pictures beats no report.
     */
    public static Charts drawOrExplain(Supplier<Charts> draw) {
        try {
            return draw.get();
        } catch (RuntimeException | LinkageError | AWTError | InternalError e) {
            // InternalError: what Java2D throws on JDK 17 when fontconfig finds no fonts
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            return new Charts(List.of(), List.of("The charts could not be drawn on this machine (" + e
                    + (root != e ? ", caused by " + root : "") + "); the tables have every number."));
        }
    }
}
