package dev.dmasim.workloads.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser. Errors go to the diagnostics; after an error the parser skips to
 * the next statement (the end of the line, a {@code ;}, or past a braced block) and goes on,
 * so one run reports every syntax error. Nesting (blocks, parentheses, lists, calls, operator
 * chains) is bounded by {@link #MAX_DEPTH}: deeper input is an error, never a stack overflow.
 */
public final class Parser {
    /**
     * Deepest nesting accepted, of blocks and, separately, within one statement's expressions.
     * The contract asks for at least 256 levels; twice that leaves room for a thread's own block
     * and the expressions inside the innermost statement, and stays far below a stack overflow
     * in every later pass (checked by {@code DeepNestingRunTest}).
     */
    public static final int MAX_DEPTH = 512;

    static final Set<String> DECLARATIONS = Set.of("workload", "seed", "policy", "time_limit", "system", "buffer", "fence",
            "deadline", "thread");

    private final Lexer lx;
    private final Diagnostics diags;
    private final String file;
    private final List<Token> la = new ArrayList<>();
    /** Expression nesting within the current statement. */
    private int depth;
    /** Block nesting. */
    private int blocks;
    /** > 0 inside parentheses or brackets, where line ends do not end a statement. */
    private int group;

    /** Unwinds to the statement being parsed after a reported error; never escapes the parser. */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() { super(null, null, false, false); }
    }

    private static final Abort ABORT = new Abort();

    private Parser(String file, String src, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
        this.lx = new Lexer(src, diags);
    }

    /** Parses a whole script; errors are added to {@code diags}. Never throws on any input. */
    public static Ast.Script parse(String file, String src, Diagnostics diags) {
        return DeepStack.run(() -> new Parser(file, src, diags).script());
    }

    // ---- tokens ----

    private Token peek() { return peek(0); }

    private Token peek(int k) {
        int seen = 0;
        for (int idx = 0; ; idx++) {
            if (idx == la.size()) la.add(lx.next());
            Token t = la.get(idx);
            if (group > 0 && t.kind() == TokenKind.NEWLINE) continue;
            if (seen == k || t.kind() == TokenKind.EOF) return t;
            seen++;
        }
    }

    private Token advance() {
        while (true) {
            if (la.isEmpty()) la.add(lx.next());
            Token t = la.get(0);
            if (t.kind() == TokenKind.EOF) return t;
            la.remove(0);
            if (group > 0 && t.kind() == TokenKind.NEWLINE) continue;
            return t;
        }
    }

    private boolean at(TokenKind k) { return peek().kind() == k; }

    private boolean atWord(String w) { return at(TokenKind.NAME) && peek().text().equals(w); }

    private Token expect(TokenKind k, String what) {
        if (at(k)) return advance();
        throw error(peek().pos(), "expected " + what + ", found " + peek().shown());
    }

    private Ast.Ident ident(String what) {
        Token t = expect(TokenKind.NAME, what);
        return new Ast.Ident(t.pos(), t.text());
    }

    private Abort error(Pos pos, String message) {
        diags.error(pos, message);
        return ABORT;
    }

    private void enter(Pos pos) {
        depth++;
        if (depth > MAX_DEPTH) throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels");
    }

    private void leave() { depth--; }

    private void openGroup() {
        group++;
    }

    private void closeGroup() { group--; }

    private void skipSeparators() {
        while (at(TokenKind.NEWLINE) || at(TokenKind.SEMI)) advance();
    }

    /** Skips to the end of the broken statement: a line end or ';' outside braces, or before a '}'. */
    private void sync() {
        int braces = 0;
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case EOF: return;
                case NEWLINE: case SEMI:
                    advance();
                    if (braces == 0) return;
                    break;
                case LBRACE: braces++; advance(); break;
                case RBRACE:
                    if (braces == 0) return;
                    braces--;
                    advance();
                    break;
                default: advance();
            }
        }
    }

    /** A statement ends at a line end, ';', the '}' of its block, or the end of the file. */
    private void endOfStatement(boolean inBlock) {
        Token t = peek();
        if (t.kind() == TokenKind.NEWLINE || t.kind() == TokenKind.SEMI) { advance(); return; }
        if (t.kind() == TokenKind.EOF) return;
        if (t.kind() == TokenKind.RBRACE && inBlock) return;
        throw error(t.pos(), "expected end of statement, found " + t.shown());
    }

    // ---- declarations ----

    private Ast.Script script() {
        List<Ast.Decl> decls = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (at(TokenKind.EOF)) break;
            if (at(TokenKind.RBRACE)) {
                diags.error(peek().pos(), "unexpected '}' (no block is open)");
                advance();
                continue;
            }
            try {
                decls.add(declaration());
                endOfStatement(false);
            } catch (Abort a) {
                depth = 0;
                blocks = 0;
                group = 0;
                sync();
            }
        }
        return new Ast.Script(new Pos(1, 1), file, decls);
    }

    private Ast.Decl declaration() {
        Token t = peek();
        if (t.kind() != TokenKind.NAME) {
            throw error(t.pos(), "expected a declaration (" + String.join(", ", sortedDecls()) + "), found " + t.shown());
        }
        switch (t.text()) {
            case "workload": {
                advance();
                Token s = expect(TokenKind.STRING, "the workload's name in quotes");
                return new Ast.WorkloadDecl(t.pos(), s.text());
            }
            case "seed": advance(); return new Ast.SeedDecl(t.pos(), expr());
            case "policy": advance(); return new Ast.PolicyDecl(t.pos(), ident("a policy name"));
            case "time_limit": advance(); return new Ast.TimeLimitDecl(t.pos(), expr());
            case "deadline": advance(); return new Ast.DeadlineDecl(t.pos(), expr());
            case "fence": advance(); return new Ast.FenceDecl(t.pos(), ident("a fence name"));
            case "system": return system();
            case "buffer": return buffer();
            case "thread": return thread();
            default: {
                Token n = peek(1);
                if (n.kind() == TokenKind.LPAREN || n.kind() == TokenKind.ASSIGN || n.kind() == TokenKind.DOT) {
                    throw error(t.pos(), "statements belong inside a thread block: thread main { ... }");
                }
                throw error(t.pos(), "unknown declaration '" + t.text() + "'"
                        + Names.didYouMean(Names.nearest(t.text(), DECLARATIONS, 3)));
            }
        }
    }

    private static List<String> sortedDecls() {
        return List.of("workload", "seed", "policy", "time_limit", "system", "buffer", "fence", "deadline", "thread");
    }

    private Ast.SystemDecl system() {
        Token kw = advance();
        Ast.Ident preset = at(TokenKind.NAME) ? ident("a preset name") : null;
        Token open = expect(TokenKind.LBRACE, "'{' to open the system block");
        List<Ast.Setting> settings = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (at(TokenKind.RBRACE)) { advance(); break; }
            if (at(TokenKind.EOF)) {
                diags.error(peek().pos(), "missing '}' to close the system block opened at " + open.pos());
                break;
            }
            try {
                settings.add(setting());
                endOfStatement(true);
            } catch (Abort a) {
                group = 0;
                sync();
            }
        }
        return new Ast.SystemDecl(kw.pos(), preset, settings);
    }

    private Ast.Setting setting() {
        Token first = expect(TokenKind.NAME, "a parameter name");
        StringBuilder name = new StringBuilder(first.text());
        while (at(TokenKind.DOT)) {
            advance();
            name.append('.').append(expect(TokenKind.NAME, "a parameter name after '.'").text());
        }
        Token eq = expect(TokenKind.ASSIGN, "'=' after the parameter name " + name);
        la.clear();
        Lexer.RawValue raw = lx.rawValue(eq.end());
        lx.reset(raw.end());
        if (raw.text().isEmpty() && !raw.quoted()) throw error(raw.pos(), "missing value for " + name);
        return new Ast.Setting(first.pos(), name.toString(), raw.pos(), raw.text(), raw.quoted());
    }

    private Ast.BufferDecl buffer() {
        Token kw = advance();
        Ast.Ident name = ident("a buffer name");
        Ast.Expr count = null;
        if (at(TokenKind.LBRACKET)) {
            Token open = advance();
            openGroup();
            enter(open.pos());
            count = expr();
            expect(TokenKind.RBRACKET, "']' after the array size");
            leave();
            closeGroup();
        }
        Ast.Shape shape;
        Token t = peek();
        if (t.kind() == TokenKind.RESOLUTION) {
            advance();
            Ast.Ident format = ident("a pixel format (XRGB8888, ARGB8888, RGB565, NV12, YUYV)");
            shape = new Ast.ImageShape(t.pos(), t.width(), t.height(), format);
        } else if (t.kind() == TokenKind.MODE) {
            throw error(t.pos(), "a buffer takes a resolution WIDTHxHEIGHT, not a mode '" + t.text() + "'");
        } else if (t.kind() == TokenKind.NEWLINE || t.kind() == TokenKind.SEMI || t.kind() == TokenKind.EOF) {
            throw error(t.pos(), "expected the buffer's size (e.g. 4MiB) or resolution and format (e.g. 1920x1080 XRGB8888)");
        } else {
            shape = new Ast.SizeShape(t.pos(), expr());
        }
        Ast.Expr align = null;
        if (atWord("align")) {
            advance();
            expect(TokenKind.ASSIGN, "'=' after align");
            align = expr();
        }
        return new Ast.BufferDecl(kw.pos(), name, count, shape, align);
    }

    private Ast.ThreadDecl thread() {
        Token kw = advance();
        Ast.Ident name = ident("a thread name");
        Ast.Ident core = null;
        if (atWord("on")) {
            advance();
            core = ident("a CPU core (cpu0, cpu1, ...)");
        }
        return new Ast.ThreadDecl(kw.pos(), name, core, block());
    }

    // ---- statements ----

    private Ast.Block block() {
        if (!at(TokenKind.LBRACE)) expect(TokenKind.LBRACE, "'{'");
        // checked before the '{' is taken, so that recovery skips the whole block
        if (blocks + 1 > MAX_DEPTH) throw error(peek().pos(), "nesting deeper than " + MAX_DEPTH + " levels");
        Token open = advance();
        blocks++;
        int outerDepth = depth;
        depth = 0;
        List<Ast.Stmt> stmts = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (at(TokenKind.RBRACE)) { advance(); break; }
            if (at(TokenKind.EOF)) {
                diags.error(peek().pos(), "missing '}' to close the block opened at " + open.pos());
                break;
            }
            int b = blocks;
            try {
                stmts.add(statement());
                endOfStatement(true);
            } catch (Abort a) {
                blocks = b;
                depth = 0;
                group = 0;
                sync();
            }
        }
        blocks--;
        depth = outerDepth;
        return new Ast.Block(open.pos(), stmts);
    }

    private Ast.Stmt statement() {
        Token t = peek();
        if (t.kind() == TokenKind.NAME) {
            Token n = peek(1);
            if (n.kind() == TokenKind.ASSIGN) {
                advance();
                advance();
                return new Ast.Assign(t.pos(), new Ast.Ident(t.pos(), t.text()), expr());
            }
            if (t.text().equals("repeat")) {
                advance();
                Ast.Expr count = expr();
                Ast.Ident var = null;
                if (atWord("as")) {
                    advance();
                    var = ident("a loop variable name");
                }
                return new Ast.Repeat(t.pos(), count, var, block());
            }
            if (t.text().equals("span") && n.kind() == TokenKind.STRING) {
                advance();
                Token s = advance();
                return new Ast.Span(t.pos(), s.text(), block());
            }
            if (t.text().equals("span")) {
                advance();
                throw error(peek().pos(), "expected the span's name in quotes, found " + peek().shown());
            }
            if (DECLARATIONS.contains(t.text()) && n.kind() != TokenKind.LPAREN && n.kind() != TokenKind.DOT) {
                throw error(t.pos(), "'" + t.text() + "' declarations belong at top level, outside threads");
            }
        }
        return new Ast.ExprStmt(t.pos(), expr());
    }

    // ---- expressions ----

    private Ast.Expr expr() {
        Ast.Expr e = range();
        int chain = 0;
        while (at(TokenKind.PIPE)) {
            Token op = advance();
            enter(op.pos());
            chain++;
            e = new Ast.Binary(op.pos(), Ast.BinOp.OR, e, range());
        }
        depth -= chain;
        return e;
    }

    private Ast.Expr range() {
        Ast.Expr e = additive();
        if (at(TokenKind.DOTDOT)) {
            Token op = advance();
            enter(op.pos());
            e = new Ast.RangeExpr(op.pos(), e, additive());
            leave();
            if (at(TokenKind.DOTDOT)) throw error(peek().pos(), "a range has one '..'");
        }
        return e;
    }

    private Ast.Expr additive() {
        Ast.Expr e = multiplicative();
        int chain = 0;
        while (at(TokenKind.PLUS) || at(TokenKind.MINUS)) {
            Token op = advance();
            enter(op.pos());
            chain++;
            Ast.BinOp b = op.kind() == TokenKind.PLUS ? Ast.BinOp.ADD : Ast.BinOp.SUB;
            e = new Ast.Binary(op.pos(), b, e, multiplicative());
        }
        depth -= chain;
        return e;
    }

    private Ast.Expr multiplicative() {
        Ast.Expr e = unary();
        int chain = 0;
        while (at(TokenKind.STAR) || at(TokenKind.SLASH) || at(TokenKind.PERCENT)) {
            Token op = advance();
            enter(op.pos());
            chain++;
            Ast.BinOp b = op.kind() == TokenKind.STAR ? Ast.BinOp.MUL : op.kind() == TokenKind.SLASH ? Ast.BinOp.DIV : Ast.BinOp.MOD;
            e = new Ast.Binary(op.pos(), b, e, unary());
        }
        depth -= chain;
        return e;
    }

    private Ast.Expr unary() {
        if (at(TokenKind.MINUS)) {
            Token op = advance();
            enter(op.pos());
            Ast.Expr e = new Ast.Neg(op.pos(), unary());
            leave();
            return e;
        }
        return postfix();
    }

    private Ast.Expr postfix() {
        Ast.Expr e = primary();
        int chain = 0;
        while (true) {
            if (at(TokenKind.LBRACKET)) {
                Token open = advance();
                enter(open.pos());
                chain++;
                openGroup();
                Ast.Expr index = expr();
                expect(TokenKind.RBRACKET, "']'");
                closeGroup();
                e = new Ast.Index(open.pos(), e, index);
            } else if (at(TokenKind.DOT)) {
                Token dot = advance();
                if (!(e instanceof Ast.Name)) throw error(dot.pos(), "only a device (gpu0, sli, dma0, cam0, disp0, tg0) has operations");
                Ast.Name recv = (Ast.Name) e;
                Ast.Ident method = ident("an operation name after '.'");
                if (!at(TokenKind.LPAREN)) throw error(peek().pos(), "expected '(' after " + recv.name() + "." + method.name());
                Operations.Receiver kind = Operations.kindOf(recv.name());
                Operations.Op op = kind == null ? null : Operations.lookup(kind, method.name());
                Ast.Ident r = new Ast.Ident(recv.pos(), recv.name());
                e = new Ast.Call(recv.pos(), r, method, args(), op);
            } else if (at(TokenKind.LPAREN)) {
                Token open = peek();
                if (!(e instanceof Ast.Name)) throw error(open.pos(), "only operations can be called");
                Ast.Name n = (Ast.Name) e;
                Operations.Op op = Operations.lookup(Operations.Receiver.NONE, n.name());
                e = new Ast.Call(n.pos(), null, new Ast.Ident(n.pos(), n.name()), args(), op);
            } else {
                break;
            }
        }
        depth -= chain;
        return e;
    }

    private List<Ast.Arg> args() {
        Token open = expect(TokenKind.LPAREN, "'('");
        enter(open.pos());
        openGroup();
        List<Ast.Arg> args = new ArrayList<>();
        while (!at(TokenKind.RPAREN)) {
            Token t = peek();
            if (t.kind() == TokenKind.NAME && peek(1).kind() == TokenKind.ASSIGN) {
                advance();
                advance();
                args.add(new Ast.Arg(t.pos(), new Ast.Ident(t.pos(), t.text()), expr()));
            } else {
                args.add(new Ast.Arg(t.pos(), null, expr()));
            }
            if (at(TokenKind.COMMA)) { advance(); continue; }
            if (!at(TokenKind.RPAREN)) throw error(peek().pos(), "expected ',' or ')' in the argument list, found " + peek().shown());
        }
        advance();
        closeGroup();
        leave();
        return args;
    }

    private Ast.Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER:
                advance();
                return new Ast.Num(t.pos(), t.value(), t.dim(), t.text());
            case STRING:
                advance();
                return new Ast.Str(t.pos(), t.text());
            case NAME:
                advance();
                return new Ast.Name(t.pos(), t.text());
            case LPAREN: {
                advance();
                enter(t.pos());
                openGroup();
                Ast.Expr e = expr();
                expect(TokenKind.RPAREN, "')'");
                closeGroup();
                leave();
                return e;
            }
            case LBRACKET: {
                advance();
                enter(t.pos());
                openGroup();
                List<Ast.Expr> items = new ArrayList<>();
                while (!at(TokenKind.RBRACKET)) {
                    items.add(expr());
                    if (at(TokenKind.COMMA)) { advance(); continue; }
                    if (!at(TokenKind.RBRACKET)) throw error(peek().pos(), "expected ',' or ']' in the list, found " + peek().shown());
                }
                advance();
                closeGroup();
                leave();
                return new Ast.ListExpr(t.pos(), items);
            }
            case RESOLUTION: case MODE:
                throw error(t.pos(), "a resolution such as '" + t.text() + "' is only valid in a buffer declaration");
            default:
                throw error(t.pos(), "expected an expression, found " + t.shown());
        }
    }
}
