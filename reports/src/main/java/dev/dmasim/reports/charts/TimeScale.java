package dev.dmasim.reports.charts;

/** The unit a time axis shows, chosen so that its largest value reads between 1 and 1000. */
record TimeScale(String unit, double ps) {
    static TimeScale of(double maxPs) {
        if (maxPs >= 1e9) return new TimeScale("ms", 1e9);
        if (maxPs >= 1e6) return new TimeScale("µs", 1e6);
        if (maxPs >= 1e3) return new TimeScale("ns", 1e3);
        return new TimeScale("ps", 1);
    }

    double value(double ps) { return ps / this.ps; }
}
