package dev.dmasim.core.engine;

/**
 * Receives the events scheduled for it. One handler can serve several kinds of event: the
 * {@code type} and {@code payload} given at scheduling come back unchanged, so that models
 * need not allocate a closure per event.
 */
@FunctionalInterface
public interface EventHandler {
    void handleEvent(int type, long payload, Object attachment);
}
