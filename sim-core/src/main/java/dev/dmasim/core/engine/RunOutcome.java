package dev.dmasim.core.engine;

/** Why {@link Engine#run} returned. */
public enum RunOutcome {
    /** No event is left in the queue. */
    DRAINED,
    /** The next event lies after the requested end time; the clock was advanced to it. */
    TIME_LIMIT,
    /** The event-count limit was reached. */
    EVENT_LIMIT,
    /** A model called {@link Engine#stop}. */
    STOPPED
}
