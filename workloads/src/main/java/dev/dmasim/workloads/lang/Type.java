package dev.dmasim.workloads.lang;

/**
 * The static type of an expression. Numbers and ranges carry their dimension; lists their
 * element type. {@link Kind#ERROR} is the type of something already reported as wrong: it is
 * accepted everywhere so that one mistake gives one error.
 */
public record Type(Kind kind, Dim dim, Type elem) {
    public enum Kind { NUMBER, RANGE, BUFFER, FENCE, LIST, DEVICE, WORD, STRING, INTERVAL, NONE, ERROR }

    public static final Type BUFFER = new Type(Kind.BUFFER, null, null);
    public static final Type FENCE = new Type(Kind.FENCE, null, null);
    public static final Type DEVICE = new Type(Kind.DEVICE, null, null);
    public static final Type WORD = new Type(Kind.WORD, null, null);
    public static final Type STRING = new Type(Kind.STRING, null, null);
    public static final Type INTERVAL = new Type(Kind.INTERVAL, null, null);
    public static final Type NONE = new Type(Kind.NONE, null, null);
    public static final Type ERROR = new Type(Kind.ERROR, null, null);
    public static final Type COUNT = number(Dim.COUNT);

    public static Type number(Dim d) { return new Type(Kind.NUMBER, d, null); }

    public static Type range(Dim d) { return new Type(Kind.RANGE, d, null); }

    public static Type list(Type elem) { return new Type(Kind.LIST, null, elem); }

    public boolean is(Kind k) { return kind == k; }

    public boolean isNumber(Dim d) { return kind == Kind.NUMBER && dim == d; }

    public boolean isError() { return kind == Kind.ERROR || (kind == Kind.LIST && elem.isError()); }

    /** "a time", "a buffer", "a list of fences", "a range of sizes". */
    public String shown() {
        switch (kind) {
            case NUMBER: return dim == Dim.CYCLES ? "cycles" : dim == Dim.COUNT ? "a plain number" : dim.withArticle();
            case RANGE: return dim == Dim.COUNT ? "a range" : "a range of " + plural(dim);
            case BUFFER: return "a buffer";
            case FENCE: return "a fence";
            case LIST: return elem.kind == Kind.ERROR ? "an empty list" : "a list of " + pluralOf(elem);
            case DEVICE: return "a device";
            case WORD: return "a word";
            case STRING: return "a string";
            case INTERVAL: return "exp(...)";
            case NONE: return "nothing";
            default: return "an invalid value";
        }
    }

    private static String plural(Dim d) { return d == Dim.CYCLES ? "cycles" : d.label() + "s"; }

    private static String pluralOf(Type t) {
        switch (t.kind) {
            case NUMBER: return t.dim == Dim.COUNT ? "numbers" : plural(t.dim);
            case BUFFER: return "buffers";
            case FENCE: return "fences";
            case LIST: return "lists";
            default: return t.kind.name().toLowerCase() + "s";
        }
    }

    @Override
    public String toString() { return shown(); }
}
