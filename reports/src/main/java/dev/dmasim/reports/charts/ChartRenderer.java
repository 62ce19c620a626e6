package dev.dmasim.reports.charts;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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

    /** {@code v} rounded to one decimal, without a trailing ".0" (and without the locale's separator). */
    static String tenths(double v) {
        long t = Math.round(v * 10);
        long a = Math.abs(t);
        String s = (t < 0 ? "-" : "") + a / 10;
        return a % 10 == 0 ? s : s + "." + a % 10;
    }

    static ChartImage render(String name, JFreeChart chart, int width, int height) {
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
