package dev.dmasim.core.component;

import dev.dmasim.core.engine.EventHandler;

/**
 * One end of a point-to-point link. {@link #send} delivers a message to the peer's component
 * after a latency, through the owner's engine, so message order is the engine's deterministic
 * event order.
 */
public final class Port implements EventHandler {
    /** Messages are delivered before ordinary events at the same time. */
    public static final int DELIVERY_PRIORITY = -1000;

    private final Component owner;
    private final String name;
    private Port peer;

    Port(Component owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    public Component owner() { return owner; }

    public String name() { return name; }

    public String fullName() { return owner.name() + "." + name; }

    public Port peer() { return peer; }

    /** Link two ports both ways. */
    public static void connect(Port a, Port b) {
        if (a.peer != null || b.peer != null) {
            throw new IllegalStateException("invariant: port already connected: " + (a.peer != null ? a.fullName() : b.fullName()));
        }
        if (a.owner.engine() != b.owner.engine()) throw new IllegalStateException("invariant: ports of two engines connected");
        a.peer = b;
        b.peer = a;
    }

    /** Deliver {@code msg} to the peer after {@code latencyPs}. */
    public void send(Message msg, long latencyPs) {
        if (peer == null) throw new IllegalStateException("invariant: send on unconnected port " + fullName());
        if (latencyPs < 0) throw new IllegalArgumentException("negative latency");
        owner.sent(this, msg);
        owner.engine().scheduleAfter(latencyPs, DELIVERY_PRIORITY, peer, 0, 0, msg);
    }

    @Override
    public void handleEvent(int type, long payload, Object attachment) {
        owner.deliver(this, (Message) attachment);
    }

    @Override public String toString() { return fullName(); }
}
