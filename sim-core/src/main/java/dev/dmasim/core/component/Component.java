package dev.dmasim.core.component;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.hook.HookPos;
import dev.dmasim.core.hook.Hookable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model with named ports. Its state is its own: other components change it only by sending
 * messages to its ports (Akita's rule), which keeps models testable one by one.
 */
public abstract class Component extends Hookable {
    /** Hook position invoked when a message arrives, before {@link #receive}. */
    public static final HookPos HOOK_RECEIVE = new HookPos("component.receive");
    /** Hook position invoked when a message is sent. */
    public static final HookPos HOOK_SEND = new HookPos("component.send");

    protected final Engine engine;
    private final Map<String, Port> ports = new LinkedHashMap<>();

    protected Component(String name, Engine engine) {
        super(name);
        this.engine = engine;
    }

    public final Engine engine() { return engine; }

    protected final Port addPort(String portName) {
        if (ports.containsKey(portName)) throw new IllegalStateException("invariant: duplicate port " + name() + "." + portName);
        Port p = new Port(this, portName);
        ports.put(portName, p);
        return p;
    }

    public final Port port(String portName) {
        Port p = ports.get(portName);
        if (p == null) throw new IllegalArgumentException("component " + name() + " has no port " + portName);
        return p;
    }

    public final Map<String, Port> ports() { return Collections.unmodifiableMap(ports); }

    /** A message has arrived at one of this component's ports. */
    protected abstract void receive(Port port, Message msg);

    final void deliver(Port port, Message msg) {
        if (hooked()) invokeHook(HOOK_RECEIVE, msg, port);
        receive(port, msg);
    }

    final void sent(Port port, Message msg) {
        if (hooked()) invokeHook(HOOK_SEND, msg, port);
    }
}
