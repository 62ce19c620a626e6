package dev.dmasim.devices.tg;

/**
 * When a traffic generator issues its next request: {@code interval=10ns} ({@link Fixed}),
 * {@code interval=exp(100ns)} ({@link Exponential}: Poisson arrivals), {@code rate=2GB/s}
 * ({@link Rate}: a fixed interval of line / rate, kept exact over the stream), or
 * {@code interval=0ns} ({@link #ASAP}: as fast as the bus accepts, keeping the master's
 * outstanding limit full).
 */
public sealed interface Interval permits Interval.Fixed, Interval.Exponential, Interval.Rate {
    /** A fixed interval in ps; 0 = as fast as the bus accepts (closed loop). */
    record Fixed(long ps) implements Interval {
        public Fixed {
            if (ps < 0) throw new IllegalArgumentException("negative interval " + ps);
        }
    }

    /** Exponentially distributed intervals (Poisson arrivals) with this mean, ps. */
    record Exponential(long meanPs) implements Interval {
        public Exponential {
            if (meanPs <= 0) throw new IllegalArgumentException("mean interval must be positive, got " + meanPs);
        }
    }

    /** Requests paced so that the stream moves this many bytes per second. */
    record Rate(long bytesPerSecond) implements Interval {
        public Rate {
            if (bytesPerSecond <= 0) throw new IllegalArgumentException("rate must be positive, got " + bytesPerSecond);
        }
    }

    Interval ASAP = new Fixed(0);

    static Interval fixed(long ps) { return new Fixed(ps); }

    static Interval exponential(long meanPs) { return new Exponential(meanPs); }

    static Interval rate(long bytesPerSecond) { return new Rate(bytesPerSecond); }
}
