package dev.dmasim.reports.charts;

/** One drawn chart: its file name stem, its title, the SVG element and the PNG bytes. */
public record ChartImage(String name, String title, String svg, byte[] png) {}
