package dev.dmasim.workloads.lang;

import java.util.List;

/**
 * The syntax tree of a workload script. Every node carries the position of its first token.
 * Lists are immutable. Names are {@link Ident}s so that errors can point at them.
 *
 * <p>Resolution rules the interpreter shares with the checker: a {@link Name} passed where an
 * operation expects a word ({@code read}, {@code afr}, {@code true}, ...) is that word, never
 * a variable; anywhere else it is a loop variable or local of the thread, else a buffer or a
 * fence declared at top level, else a device ({@code gpu0}, {@code dma1}, ...).
 */
public final class Ast {
    private Ast() {}

    /** Anything with a position. */
    public sealed interface Node permits Script, Decl, Setting, Shape, Ident, Block, Stmt, Expr, Arg {
        Pos pos();
    }

    /** A whole file: its declarations in source order. */
    public record Script(Pos pos, String file, List<Decl> decls) implements Node {
        public Script { decls = List.copyOf(decls); }
    }

    /** A name as written, with its position. */
    public record Ident(Pos pos, String name) implements Node {
        @Override
        public String toString() { return name; }
    }

    // ---- top-level declarations ----

    public sealed interface Decl extends Node permits WorkloadDecl, SeedDecl, PolicyDecl, TimeLimitDecl, SystemDecl,
            BufferDecl, FenceDecl, DeadlineDecl, ThreadDecl {}

    /** {@code workload "name"}. */
    public record WorkloadDecl(Pos pos, String name) implements Decl {}

    /** {@code seed N}. */
    public record SeedDecl(Pos pos, Expr value) implements Decl {}

    /** {@code policy WORD}. */
    public record PolicyDecl(Pos pos, Ident policy) implements Decl {}

    /** {@code time_limit T}. */
    public record TimeLimitDecl(Pos pos, Expr value) implements Decl {}

    /** {@code system [PRESET] { name = value ... }}; {@code preset} is null when omitted. */
    public record SystemDecl(Pos pos, Ident preset, List<Setting> settings) implements Decl {
        public SystemDecl { settings = List.copyOf(settings); }
    }

    /**
     * One {@code name = value} of a system block. The value is kept as raw text (it may be a
     * size, a bare hyphenated word, or text such as {@code demosaic:1,denoise:2}); the checker
     * parses it according to the parameter's declared kind.
     */
    public record Setting(Pos pos, String name, Pos valuePos, String value, boolean quoted) implements Node {}

    /** {@code buffer NAME[count]? shape [align=A]}; {@code count} and {@code align} may be null. */
    public record BufferDecl(Pos pos, Ident name, Expr count, Shape shape, Expr align) implements Decl {}

    /** How big a buffer is: a size, or an image of a resolution and pixel format. */
    public sealed interface Shape extends Node permits SizeShape, ImageShape {}

    public record SizeShape(Pos pos, Expr size) implements Shape {}

    public record ImageShape(Pos pos, long width, long height, Ident format) implements Shape {}

    /** {@code fence NAME}. */
    public record FenceDecl(Pos pos, Ident name) implements Decl {}

    /** {@code deadline T}. */
    public record DeadlineDecl(Pos pos, Expr value) implements Decl {}

    /** {@code thread NAME [on cpuN] { ... }}; {@code core} is null when omitted (cpu0). */
    public record ThreadDecl(Pos pos, Ident name, Ident core, Block body) implements Decl {}

    // ---- statements ----

    /** {@code { stmt* }}. */
    public record Block(Pos pos, List<Stmt> stmts) implements Node {
        public Block { stmts = List.copyOf(stmts); }
    }

    public sealed interface Stmt extends Node permits Assign, ExprStmt, Repeat, Span {}

    /** {@code name = value}. */
    public record Assign(Pos pos, Ident target, Expr value) implements Stmt {}

    /** A call evaluated for its effect. */
    public record ExprStmt(Pos pos, Expr expr) implements Stmt {}

    /** {@code repeat count [as var] { body }}; {@code var} is null when omitted. */
    public record Repeat(Pos pos, Expr count, Ident var, Block body) implements Stmt {}

    /** {@code span "name" { body }}. */
    public record Span(Pos pos, String name, Block body) implements Stmt {}

    // ---- expressions ----

    public sealed interface Expr extends Node permits Num, Str, Name, Neg, Binary, RangeExpr, ListExpr, Index, Call {}

    /**
     * A number in the base unit of its dimension ({@code 2us} is 2_000_000 of {@link Dim#TIME}).
     * {@code dim} is null only for a literal the lexer rejected, never in a checked script.
     */
    public record Num(Pos pos, long value, Dim dim, String text) implements Expr {}

    /** A string literal (only span and workload names use strings). */
    public record Str(Pos pos, String value) implements Expr {}

    /** A bare name: variable, buffer, fence, device, or a word such as {@code read}. */
    public record Name(Pos pos, String name) implements Expr {}

    /** Unary minus. */
    public record Neg(Pos pos, Expr operand) implements Expr {}

    public enum BinOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
        /** Combines flag words: {@code no_cache_invalidate|no_cache_clean}. */
        OR("|");

        private final String symbol;

        BinOp(String symbol) { this.symbol = symbol; }

        public String symbol() { return symbol; }
    }

    /** {@code left op right}; the position is the operator's. */
    public record Binary(Pos pos, BinOp op, Expr left, Expr right) implements Expr {}

    /** Half-open {@code from..to}. */
    public record RangeExpr(Pos pos, Expr from, Expr to) implements Expr {}

    /** {@code [a, b, ...]}. */
    public record ListExpr(Pos pos, List<Expr> items) implements Expr {
        public ListExpr { items = List.copyOf(items); }
    }

    /** {@code target[index]}. */
    public record Index(Pos pos, Expr target, Expr index) implements Expr {}

    /**
     * A call: {@code name(args)} or {@code receiver.name(args)}. {@code op} is the catalogued
     * operation that the receiver's kind and the name select (null if there is none; the
     * checker then reports it, so a checked script has no null op).
     */
    public record Call(Pos pos, Ident receiver, Ident name, List<Arg> args, Operations.Op op) implements Expr {
        public Call { args = List.copyOf(args); }

        /** "wait", "gpu0.render". */
        public String shownName() { return receiver == null ? name.name() : receiver.name() + "." + name.name(); }
    }

    /** A positional ({@code keyword == null}) or keyword argument. */
    public record Arg(Pos pos, Ident keyword, Expr value) implements Node {}
}
