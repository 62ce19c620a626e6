package dev.dmasim.core.hook;

/** A named place in a model where hooks are invoked (Akita's HookPos). Compared by identity. */
public final class HookPos {
    private final String name;

    public HookPos(String name) { this.name = name; }

    public String name() { return name; }

    @Override public String toString() { return name; }
}
