package dev.dmasim.core.hook;

/**
 * Observes a model without the model knowing what observes it: statistics, tracing, the
 * checker's feeds. Invoked synchronously; must not change the model's state.
 */
@FunctionalInterface
public interface Hook {
    void onHook(Hookable source, HookPos pos, Object item, Object detail);
}
