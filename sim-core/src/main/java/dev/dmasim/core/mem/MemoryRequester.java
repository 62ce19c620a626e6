package dev.dmasim.core.mem;

/** A master's end of the memory path: told, at completion time, that a transaction is done. */
public interface MemoryRequester {
    void memoryResponse(MemTransaction t);

    /**
     * Opt-in for speed: true if this requester accepts {@link #memoryResponse} calls made while
     * {@code engine.now()} is still earlier than {@code t.completedPs}. The bus then runs ahead
     * of the engine through a stretch where no other event is pending (see {@link Bus}), with
     * exactly the arbitration and timing of event-by-event execution.
     *
     * <p>A requester that says true promises, inside {@code memoryResponse}: to take
     * {@code t.completedPs} (not {@code engine.now()}) as the current time; to issue new
     * requests only to the bus that answered (which stamps them with its own time); and to
     * schedule engine events only at or after {@code t.completedPs} (e.g. an event at that time
     * to signal the end of a stream to the rest of the system).
     */
    default boolean acceptsEarlyResponses() { return false; }
}
