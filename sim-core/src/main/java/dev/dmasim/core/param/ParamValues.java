package dev.dmasim.core.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved value of every declared parameter for one run: the declared defaults overlaid
 * with the script's and the command line's overrides. Immutable once built.
 */
public final class ParamValues {
    private final ParamRegistry registry;
    private final Map<String, Object> values;
    private final Map<String, Object> explicit;

    private ParamValues(ParamRegistry registry, Map<String, Object> values, Map<String, Object> explicit) {
        this.registry = registry;
        this.values = values;
        this.explicit = explicit;
    }

    /**
     * Resolve {@code overrides} (already converted to the parameter's kind) against the registry.
     * Range and choice violations go to {@code errors}; unknown names too.
     */
    public static ParamValues resolve(ParamRegistry registry, Map<String, Object> overrides, List<ParamError> errors) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> explicit = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            ParamDecl d = registry.find(e.getKey());
            if (d == null) {
                errors.add(new ParamError(e.getKey(), "unknown parameter '" + e.getKey() + "'" + suggestion(registry, e.getKey())));
                continue;
            }
            String problem = check(d, e.getValue());
            if (problem != null) {
                errors.add(new ParamError(d.name(), problem));
                continue;
            }
            explicit.put(d.name(), e.getValue());
        }
        for (ParamDecl d : registry.all()) {
            if (explicit.containsKey(d.name())) values.put(d.name(), explicit.get(d.name()));
        }
        for (ParamDecl d : registry.all()) {
            if (!values.containsKey(d.name())) values.put(d.name(), defaultOf(registry, d, explicit, 0));
        }
        return new ParamValues(registry, Collections.unmodifiableMap(values), Collections.unmodifiableMap(explicit));
    }

    /** The defaults alone. */
    public static ParamValues defaults(ParamRegistry registry) {
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = resolve(registry, Map.of(), errors);
        if (!errors.isEmpty()) throw new IllegalStateException("invariant: defaults invalid: " + errors);
        return v;
    }

    private static Object defaultOf(ParamRegistry r, ParamDecl d, Map<String, Object> explicit, int depth) {
        if (d.defaultRef() == null) return d.defaultValue(); // may be null: derived by the model
        if (depth > 8) throw new IllegalStateException("invariant: default reference cycle at " + d.name());
        if (explicit.containsKey(d.defaultRef())) return explicit.get(d.defaultRef());
        ParamDecl ref = r.find(d.defaultRef());
        if (ref == null) throw new IllegalStateException("invariant: " + d.name() + " defaults to undeclared " + d.defaultRef());
        return defaultOf(r, ref, explicit, depth + 1);
    }

    /** Null if {@code value} is valid for {@code d}, else a message naming the valid range. */
    public static String check(ParamDecl d, Object value) {
        switch (d.kind()) {
            case BOOL:
                return value instanceof Boolean ? null : d.name() + " takes true or false";
            case ENUM:
                return value instanceof String && d.choices().contains(value) ? null
                        : d.name() + " must be one of " + String.join(", ", d.choices()) + ", got " + value;
            case MODE:
            case TEXT:
                return value instanceof String ? null : d.name() + " takes " + d.rangeShown();
            default:
                if (!(value instanceof Long)) return d.name() + " takes a " + d.kind().label();
                long v = (Long) value;
                if (v < d.min() || v > d.max()) {
                    return d.name() + " = " + ParamFormat.format(d.kind(), v) + " is out of range (valid: " + d.rangeShown() + ")";
                }
                return null;
        }
    }

    private static String suggestion(ParamRegistry r, String name) {
        List<String> near = r.nearest(name, 3);
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    public ParamRegistry registry() { return registry; }

    /** True if the script or command line set this parameter. */
    public boolean isExplicit(String name) { return explicit.containsKey(name); }

    public Object get(String name) {
        if (!values.containsKey(name)) throw new IllegalStateException("invariant: undeclared parameter read: " + name);
        return values.get(name);
    }

    public long getLong(String name) {
        Object v = get(name);
        if (!(v instanceof Long)) throw new IllegalStateException("invariant: " + name + " is not numeric or has a derived default");
        return (Long) v;
    }

    /** The value, or {@code fallback} when the parameter has a derived default and was not set. */
    public long getLong(String name, long fallback) {
        Object v = get(name);
        return v == null ? fallback : (Long) v;
    }

    public int getInt(String name) { return Math.toIntExact(getLong(name)); }

    public boolean getBool(String name) { return (Boolean) get(name); }

    public String getString(String name) { return (String) get(name); }

    /** Every resolved value in name order (derived defaults as null). */
    public Map<String, Object> asMap() { return values; }
}
