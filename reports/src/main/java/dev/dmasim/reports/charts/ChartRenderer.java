package dev.dmasim.reports.charts;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws a chart as an SVG element (JFreeSVG) and as a PNG (JFreeChart), at one size. */
final class ChartRenderer {
    static final int WIDTH = 900, HEIGHT = 420;

    static {
        // No display is needed or wanted: a report is drawn on build machines and servers.
        System.setProperty("java.awt.headless", "true");
    }

    private ChartRenderer() {}

    static ChartImage render(String name, JFreeChart chart) {
        return render(name, chart, WIDTH, HEIGHT);
    }

    /**
     * Tick labels in the root locale, as every number on the pages ("1.5", not "1,5"): the same
     * run draws the same bytes on every machine.
     */
    static void rootLocale(JFreeChart chart) {
        Plot plot = chart.getPlot();
        List<ValueAxis> axes = new ArrayList<>();
        if (plot instanceof XYPlot xy) {
            for (int i = 0; i < xy.getDomainAxisCount(); i++) axes.add(xy.getDomainAxis(i));
            for (int i = 0; i < xy.getRangeAxisCount(); i++) axes.add(xy.getRangeAxis(i));
        } else if (plot instanceof CategoryPlot cp) {
            for (int i = 0; i < cp.getRangeAxisCount(); i++) axes.add(cp.getRangeAxis(i));
        }
        for (ValueAxis a : axes) {
            if (a instanceof NumberAxis n && !(a instanceof SymbolAxis) && n.getStandardTickUnits() != INTEGER_TICKS) {
                n.setStandardTickUnits(STANDARD_TICKS);
            }
        }
    }

    static final TickUnitSource STANDARD_TICKS = NumberAxis.createStandardTickUnits(Locale.ROOT);
    /** For axes that count things: whole numbers only. */
    static final TickUnitSource INTEGER_TICKS = NumberAxis.createIntegerTickUnits(Locale.ROOT);

    /** {@code v} rounded to one decimal, without a trailing ".0" (and without the locale's separator). */
    static String tenths(double v) {
        long t = Math.round(v * 10);
        long a = Math.abs(t);
        String s = (t < 0 ? "-" : "") + a / 10;
        return a % 10 == 0 ? s : s + "." + a % 10;
    }

    static ChartImage render(String name, JFreeChart chart, int width, int height) {
        rootLocale(chart);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Fixed ids (the default prefix is time-based): the same run gives the same bytes.
        g.setDefsKeyPrefix(name + "-");
        g.setGeomDoubleConverter(ChartRenderer::tenths);   // a tenth of a pixel: a third of the bytes
        chart.draw(g, new Rectangle(width, height));
        // a viewBox, so that the page can scale the picture to its width
        String svg = g.getSVGElement(name, true, new ViewBox(0, 0, width, height), null, null);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChartImage(name, chart.getTitle() == null ? name : chart.getTitle().getText(), svg, png.toByteArray());
    }
}
