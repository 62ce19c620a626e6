package dev.dmasim.core.param;

import java.util.List;
import java.util.Objects;

/**
 * The one declaration of a parameter: name, kind (type and unit), default, valid range or
 * choices, and a line of documentation. {@code dmasim params}, validation of {@code system}
 * overrides and the docs all read this.
 *
 * @param name        dotted name, e.g. {@code bus.width}
 * @param kind        type and unit
 * @param defaultValue a {@code Long}, {@code Boolean} or {@code String}; null when {@code defaultRef}
 *                    or {@code defaultText} says how the default is derived
 * @param defaultRef  name of another parameter whose value is the default (e.g. {@code gpu0.coherent}
 *                    defaults to {@code cpu.coherent}), or null
 * @param defaultText how a derived default is shown, e.g. "half the rows"; null for a plain default
 * @param min         smallest valid value (numeric kinds)
 * @param max         largest valid value (numeric kinds)
 * @param choices     valid words for {@link ParamKind#ENUM}; empty otherwise
 * @param doc         one line: what it means, where its default comes from
 */
public record ParamDecl(String name, ParamKind kind, Object defaultValue, String defaultRef, String defaultText,
                        long min, long max, List<String> choices, String doc) {

    public ParamDecl {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        choices = List.copyOf(choices);
        if (kind == ParamKind.ENUM && choices.isEmpty()) throw new IllegalArgumentException(name + ": enum without choices");
        if (defaultValue == null && defaultRef == null && defaultText == null) {
            throw new IllegalArgumentException(name + ": no default");
        }
    }

    public static ParamDecl number(String name, ParamKind kind, long def, long min, long max, String doc) {
        if (!kind.numeric()) throw new IllegalArgumentException(name + ": not a numeric kind");
        if (def < min || def > max) throw new IllegalArgumentException(name + ": default " + def + " outside " + min + ".." + max);
        return new ParamDecl(name, kind, def, null, null, min, max, List.of(), doc);
    }

    /** A numeric parameter whose default is derived at build time (shown as {@code defaultText}). */
    public static ParamDecl derived(String name, ParamKind kind, String defaultText, long min, long max, String doc) {
        return new ParamDecl(name, kind, null, null, defaultText, min, max, List.of(), doc);
    }

    public static ParamDecl bool(String name, boolean def, String doc) {
        return new ParamDecl(name, ParamKind.BOOL, def, null, null, 0, 1, List.of(), doc);
    }

    /** A boolean defaulting to another parameter's value. */
    public static ParamDecl boolRef(String name, String ref, String doc) {
        return new ParamDecl(name, ParamKind.BOOL, null, ref, null, 0, 1, List.of(), doc);
    }

    public static ParamDecl choice(String name, String def, List<String> choices, String doc) {
        if (!choices.contains(def)) throw new IllegalArgumentException(name + ": default not a choice");
        return new ParamDecl(name, ParamKind.ENUM, def, null, null, 0, 0, choices, doc);
    }

    public static ParamDecl mode(String name, String def, String doc) {
        return new ParamDecl(name, ParamKind.MODE, def, null, null, 0, 0, List.of(), doc);
    }

    public static ParamDecl text(String name, String def, String doc) {
        return new ParamDecl(name, ParamKind.TEXT, def, null, null, 0, 0, List.of(), doc);
    }

    /** The default as shown to users: the value with its unit, the referenced name, or the text. */
    public String defaultShown() {
        if (defaultText != null) return defaultText;
        if (defaultRef != null) return defaultRef;
        return ParamFormat.format(kind, defaultValue);
    }

    /** The valid range or choices as shown to users. */
    public String rangeShown() {
        switch (kind) {
            case ENUM: return String.join(" | ", choices);
            case BOOL: return "true | false";
            case MODE: return "WIDTHxHEIGHT@HZ";
            case TEXT: return "text";
            default: return ParamFormat.format(kind, min) + " .. " + ParamFormat.format(kind, max);
        }
    }
}
