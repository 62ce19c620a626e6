package dev.dmasim.core.mem;

/**
 * Something that accepts memory transactions (the bus, a cache's CPU side). {@link #request}
 * is the message send: it never completes the transaction synchronously; the target answers
 * later through {@link MemTransaction#requester} at the simulated completion time.
 */
public interface MemoryTarget {
    void request(MemTransaction t);
}
