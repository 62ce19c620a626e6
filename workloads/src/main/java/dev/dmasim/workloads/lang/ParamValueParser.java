package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a parameter value written as text (a {@code system} line's value, or the value of a
 * {@code --set key=value} option) into the declaration's kind: a {@code Long} in the base unit
 * for numeric kinds, a {@code Boolean}, or a {@code String}; then checks it with
 * {@link ParamValues#check}.
 */
public final class ParamValueParser {
    private ParamValueParser() {}

    /** The converted value, or an error and its 0-based offset in the text. */
    public record Parsed(Object value, String error, int offset) {
        public boolean ok() { return error == null; }

        static Parsed value(Object v) { return new Parsed(v, null, 0); }

        static Parsed error(String message, int offset) { return new Parsed(null, message, offset); }
    }

    /** Parses {@code text} (surrounding quotes allowed) for {@code d}. */
    public static Parsed parse(ParamDecl d, String text) {
        int lead = 0;
        while (lead < text.length() && Character.isWhitespace(text.charAt(lead))) lead++;
        String t = text.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
            lead++;
        }
        Parsed p = parseTrimmed(d, t);
        return p.ok() ? p : Parsed.error(p.error(), p.offset() + lead);
    }

    private static Parsed parseTrimmed(ParamDecl d, String t) {
        if (t.isEmpty()) return Parsed.error("missing value for " + d.name(), 0);
        Object v;
        switch (d.kind()) {
            case BOOL:
                if (t.equals("true")) v = Boolean.TRUE;
                else if (t.equals("false")) v = Boolean.FALSE;
                else return Parsed.error(d.name() + " takes true or false, got '" + t + "'", 0);
                break;
            case ENUM:
                if (!d.choices().contains(t)) {
                    return Parsed.error(d.name() + " must be one of " + String.join(", ", d.choices()) + ", got '" + t + "'"
                            + Names.didYouMean(Names.nearest(t, d.choices(), 3)), 0);
                }
                v = t;
                break;
            case MODE: {
                String problem = checkMode(t);
                if (problem != null) return Parsed.error(d.name() + " takes a mode WIDTHxHEIGHT@HZ such as 1920x1080@60, got '" + t + "'"
                        + problem, 0);
                v = t;
                break;
            }
            case TEXT:
                v = t;
                break;
            default: {
                Parsed n = number(d, t);
                if (!n.ok()) return n;
                v = n.value();
            }
        }
        String problem = ParamValues.check(d, v);
        return problem == null ? Parsed.value(v) : Parsed.error(problem, 0);
    }

    /** Null if {@code t} is a valid {@code WxH@HZ} mode, else why not. */
    static String checkMode(String t) {
        Diagnostics diags = new Diagnostics("value");
        Lexer lx = new Lexer(t, diags);
        Token tok = lx.next();
        Token end = lx.next();
        if (diags.hasErrors()) return " (" + diags.list().get(0).message() + ")";
        if (tok.kind() != TokenKind.MODE || end.kind() != TokenKind.EOF) return "";
        return null;
    }

    private static Parsed number(ParamDecl d, String t) {
        Diagnostics diags = new Diagnostics("value");
        Lexer lx = new Lexer(t, diags);
        Token tok = lx.next();
        boolean negative = false;
        if (tok.kind() == TokenKind.MINUS) {
            negative = true;
            tok = lx.next();
        }
        Token end = lx.next();
        if (diags.hasErrors()) {
            Diagnostic first = diags.list().get(0);
            return Parsed.error(d.name() + ": " + first.message(), first.col() - 1);
        }
        Dim want = dimOf(d.kind());
        if (tok.kind() != TokenKind.NUMBER || end.kind() != TokenKind.EOF) {
            return Parsed.error(d.name() + " takes " + expected(d.kind()) + ", got '" + t + "'", 0);
        }
        Dim got = tok.dim();
        boolean fits = got == want || (want == Dim.COUNT && got == Dim.CYCLES);
        if (!fits) {
            if (got == Dim.COUNT) {
                return Parsed.error(d.name() + " takes " + expected(d.kind()) + ": '" + t + "' needs a unit, e.g. "
                        + t + exampleUnit(want), 0);
            }
            return Parsed.error(d.name() + " takes " + expected(d.kind()) + ", got " + got.withArticle() + " '" + t + "'", 0);
        }
        return Parsed.value(negative ? -tok.value() : tok.value());
    }

    static Dim dimOf(ParamKind k) {
        switch (k) {
            case SIZE: return Dim.SIZE;
            case TIME: return Dim.TIME;
            case FREQ: return Dim.FREQ;
            case RATE: return Dim.RATE;
            default: return Dim.COUNT;
        }
    }

    private static String exampleUnit(Dim d) {
        switch (d) {
            case SIZE: return "B";
            case TIME: return "ns";
            case FREQ: return "MHz";
            case RATE: return "MB/s";
            default: return "";
        }
    }

    /** "a size (B, KiB, MiB, GiB)", "a plain integer". */
    static String expected(ParamKind k) {
        if (k == ParamKind.COUNT) return "a plain integer";
        Dim d = dimOf(k);
        return d.withArticle() + " (" + Units.listOf(d) + ")";
    }

    /**
     * Parses {@code --set} overrides (name -> value text, in the order given) into {@code out}.
     * Errors are reported as {@code --set:N:COL: message}, N being the ordinal of the option
     * and COL the column in {@code name=value}.
     */
    public static List<Diagnostic> parseOverrides(Map<String, String> sets, ParamRegistry registry, Map<String, Object> out) {
        List<Diagnostic> errors = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> e : sets.entrySet()) {
            n++;
            String name = e.getKey() == null ? "" : e.getKey().trim();
            String value = e.getValue() == null ? "" : e.getValue();
            ParamDecl d = registry.find(name);
            if (d == null) {
                errors.add(new Diagnostic("--set", n, 1, "unknown parameter '" + name + "'"
                        + Names.didYouMean(registry.nearest(name, 3))));
                continue;
            }
            if (out.containsKey(d.name())) {
                errors.add(new Diagnostic("--set", n, 1, d.name() + " is set twice"));
                continue;
            }
            Parsed p = parse(d, value);
            if (!p.ok()) {
                errors.add(new Diagnostic("--set", n, name.length() + 2 + p.offset(), p.error()));
                continue;
            }
            out.put(d.name(), p.value());
        }
        return errors;
    }
}
