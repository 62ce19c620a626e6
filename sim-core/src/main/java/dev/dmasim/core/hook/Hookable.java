package dev.dmasim.core.hook;

import java.util.Arrays;

/**
 * Anything hooks can attach to. Invoking costs one array-length check when nothing is attached,
 * so models call {@link #invokeHook} freely on hot paths (guard argument construction with
 * {@link #hooked()}).
 */
public abstract class Hookable {
    private static final Hook[] NONE = new Hook[0];
    private final String name;
    private Hook[] hooks = NONE;
    /**
     * True once a hook is attached: what hot paths test (a field, so that the test never depends
     * on the JIT inlining a call, which it stopped doing in the bus's largest compiled loops).
     */
    protected boolean anyHook;

    protected Hookable(String name) { this.name = name; }

    public String name() { return name; }

    public final void acceptHook(Hook hook) {
        hooks = Arrays.copyOf(hooks, hooks.length + 1);
        hooks[hooks.length - 1] = hook;
        anyHook = true;
    }

    public final boolean hooked() { return hooks.length != 0; }

    protected final void invokeHook(HookPos pos, Object item, Object detail) {
        for (Hook h : hooks) h.onHook(this, pos, item, detail);
    }
}
