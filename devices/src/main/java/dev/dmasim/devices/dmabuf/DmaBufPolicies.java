package dev.dmasim.devices.dmabuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Policy names to policies (one registry per caller; no global state). */
public final class DmaBufPolicies {
    private final Map<String, Function<DmaBufSpec, DmaBufPolicy>> factories = new LinkedHashMap<>();

    /** The five policies of MODEL.md, in the order the docs list them. */
    public static DmaBufPolicies standard() {
        return new DmaBufPolicies()
                .register("nonblocking", s -> new NonblockingPolicy())
                .register("enforced", s -> new EnforcedPolicy())
                .register("exclusive", s -> new ExclusivePolicy(s.readersShare()))
                .register("implicit", s -> new ImplicitPolicy())
                .register("explicit", s -> new ExplicitPolicy());
    }

    public DmaBufPolicies register(String name, Function<DmaBufSpec, DmaBufPolicy> factory) {
        if (factories.putIfAbsent(name, factory) != null) throw new IllegalStateException("invariant: policy " + name + " registered twice");
        return this;
    }

    /** The policy of that name built for {@code spec}, or null if there is none. */
    public DmaBufPolicy create(String name, DmaBufSpec spec) {
        Function<DmaBufSpec, DmaBufPolicy> f = factories.get(name);
        return f == null ? null : f.apply(spec);
    }

    public boolean has(String name) { return factories.containsKey(name); }

    public List<String> names() { return new ArrayList<>(factories.keySet()); }
}
