package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of broken scripts (byte flips, token deletions, duplications and swaps of valid
 * scripts, splices, truncations, deep nesting, random token soup): the front end must never
 * throw, every diagnostic must point into the source, and a script that passes must be fully
 * typed and bound (what the interpreter relies on).
 */
class FrontEndFuzzTest {
    static final ParamRegistry REG = TestRegistry.create();
    static final String FILE = "fuzz.dmasim";
    static final List<String> CORPUS = List.of(Examples.SLI, Examples.ALL_OPS,
            Examples.HEADER + Examples.THREAD.replace("buffer fb[3] 1920x1080 XRGB8888\n", ""),
            "buffer b 4KiB\nfence f\nthread a { wait(f); signal(f) }\nthread b on cpu1 { repeat 3 as i { compute(i * 1us) } }\n");
    static final String[] VOCAB = {"workload", "seed", "policy", "time_limit", "system", "buffer", "fence", "deadline", "thread",
            "on", "cpu0", "cpu9", "repeat", "as", "span", "align", "gpu0", "gpu1", "gpu7", "sli", "dma0", "dma9", "tg0", "cam0",
            "disp0", "render", "copy", "read", "write", "rw", "wait", "signal", "merge", "fence", "exp", "afr", "sfr", "in", "out",
            "x", "b", "f", "fb", "i", "bus.width", "dram.size", "=", "==", "(", ")", "[", "]", "{", "}", ",", ";", ".", "..", "|",
            "+", "-", "*", "/", "%", "\n", "\n", "\"s\"", "\"", "#c\n", "0", "3", "0x10", "1_000", "4KiB", "2us", "1.5GHz", "2GB/s",
            "8 cycles", "1920x1080", "1920x1080@60", "NV12", "XRGB8888", "99999999999999999999", "1.5", "0x", "5xs", "$", "é",
            "\u0000", "\uD83D\uDE00", "\t", "\r\n", "true", "false", "round-robin", "rows=", "after=", "timeout="};
    static final String JUNK = "abcxyz_019 \n\t{}()[],;.=+-*/%|\"#@$\\'`~!?:<>^&éß\u0000\uFFFF";

    record Outcome(int clean, int broken) {}

    @Test
    void neverThrowsAndPositionsAreValid() {
        SplittableRandom rnd = new SplittableRandom(20240611L);
        int clean = 0, broken = 0;
        for (int n = 0; n < 3000; n++) {
            String src = generate(rnd);
            Map<String, String> cli = rnd.nextInt(8) == 0 ? randomCli(rnd) : Map.of();
            ScriptFrontEnd.Result r;
            try {
                r = ScriptFrontEnd.check(FILE, src, REG, cli);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + n + " threw on input:\n" + abbreviate(src), t);
            }
            validate(src, r, n);
            if (r.ok()) clean++;
            else broken++;
            if (n % 16 == 0) {
                ScriptFrontEnd.Result again = ScriptFrontEnd.check(FILE, src, REG, cli);
                assertEquals(r.errors(), again.errors(), "not deterministic");
            }
        }
        // the generator makes both kinds, so the invariants above were exercised on both
        assertTrue(clean > 75, "clean " + clean);
        assertTrue(broken > 1500, "broken " + broken);
    }

    @Test
    void deepNestingOfEveryKindIsOneBoundedError() {
        String[][] shapes = {{"(", ")"}, {"[", "]"}, {"-", ""}, {"f(", ")"}, {"x[", "]"}, {"repeat 1 {\n", "}\n"},
                {"span \"s\" {\n", "}\n"}, {"gpu0.render(", ")"}};
        for (String[] s : shapes) {
            for (int depth : new int[]{Parser.MAX_DEPTH + 44, 5000}) {
                boolean block = s[0].endsWith("{\n");
                String inner = block ? s[0].repeat(depth) + "compute(1us)\n" + s[1].repeat(depth)
                        : "x = " + s[0].repeat(depth) + "1" + s[1].repeat(depth) + "\n";
                String src = "thread t {\n" + inner + "}\nbuffer late 4KiB\n";
                ScriptFrontEnd.Result r = ScriptFrontEnd.check(FILE, src, REG, Map.of());
                validate(src, r, -1);
                long nesting = r.errors().stream().filter(d -> d.message().contains("nesting deeper than " + Parser.MAX_DEPTH + " levels")).count();
                assertEquals(1, nesting, () -> s[0] + " x" + depth + ": " + r.errors().subList(0, Math.min(4, r.errors().size())));
            }
        }
    }

    static String abbreviate(String s) { return s.length() > 2000 ? s.substring(0, 2000) + "..." : s; }

    static void validate(String src, ScriptFrontEnd.Result r, int n) {
        String[] lines = src.split("\n", -1);
        for (Diagnostic d : r.errors()) {
            assertTrue(d.message() != null && !d.message().isBlank(), "empty message");
            if (d.file().equals("--set")) {
                assertTrue(d.line() >= 1 && d.col() >= 1, d.toString());
                continue;
            }
            assertEquals(FILE, d.file());
            if (d.line() < 1 || d.line() > lines.length || d.col() < 1 || d.col() > lines[d.line() - 1].length() + 1) {
                fail("iteration " + n + ": diagnostic outside the source: " + d + "\n" + abbreviate(src));
            }
        }
        if (r.ok()) {
            assertNotNull(r.script());
            for (CheckedScript.ThreadInfo t : r.script().threads()) walk(r.script(), t.decl().body());
        } else {
            assertNull(r.script());
        }
    }

    /** Every expression of a checked script has a valid type and every call a catalogued, bound operation. */
    static void walk(CheckedScript s, Ast.Block b) {
        for (Ast.Stmt st : b.stmts()) {
            if (st instanceof Ast.Assign a) expr(s, a.value());
            else if (st instanceof Ast.ExprStmt e) expr(s, e.expr());
            else if (st instanceof Ast.Repeat r) {
                expr(s, r.count());
                walk(s, r.body());
            } else if (st instanceof Ast.Span sp) walk(s, sp.body());
        }
    }

    static void expr(CheckedScript s, Ast.Expr e) {
        Type t = s.typeOf(e);
        assertTrue(!t.isError(), () -> "error type in a checked script at " + e.pos());
        if (e instanceof Ast.Num n) assertNotNull(n.dim());
        else if (e instanceof Ast.Neg n) expr(s, n.operand());
        else if (e instanceof Ast.Binary bin && bin.op() != Ast.BinOp.OR) {
            expr(s, bin.left());
            expr(s, bin.right());
        } else if (e instanceof Ast.RangeExpr r) {
            expr(s, r.from());
            expr(s, r.to());
        } else if (e instanceof Ast.ListExpr l && !t.is(Type.Kind.WORD)) {
            for (Ast.Expr i : l.items()) expr(s, i);
        } else if (e instanceof Ast.Index ix) {
            expr(s, ix.target());
            expr(s, ix.index());
        } else if (e instanceof Ast.Call c) {
            CheckedScript.BoundCall bc = s.bound(c);
            assertNotNull(c.op());
            assertEquals(c.op(), bc.op());
            for (Ast.Expr a : bc.args().values()) expr(s, a);
            for (Ast.Expr a : bc.varargs()) expr(s, a);
        }
    }

    static Map<String, String> randomCli(SplittableRandom rnd) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] keys = {"bus.width", "dma.engines", "cpu.cores", "bus.widht", "cam0.mode", "cpu.coherent", "", "dram.size"};
        String[] values = {"32B", "3", "0", "5ns", "1920x1080@60", "true", "", "x", "\"q\"", "1GiB", "-1", "1_"};
        for (int i = rnd.nextInt(3); i >= 0; i--) m.put(keys[rnd.nextInt(keys.length)], values[rnd.nextInt(values.length)]);
        return m;
    }

    static String generate(SplittableRandom rnd) {
        int kind = rnd.nextInt(10);
        if (kind == 0) return soup(rnd);
        String s = CORPUS.get(rnd.nextInt(CORPUS.size()));
        int mutations = 1 + rnd.nextInt(kind <= 2 ? 1 : 4);
        for (int m = 0; m < mutations; m++) s = mutate(rnd, s);
        return s;
    }

    static String soup(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(200); i > 0; i--) {
            sb.append(VOCAB[rnd.nextInt(VOCAB.length)]);
            sb.append(rnd.nextInt(4) == 0 ? "" : " ");
        }
        return sb.toString();
    }

    /** Token start and end offsets of a script, as the lexer sees it. */
    static List<int[]> tokens(String s) {
        Lexer lx = new Lexer(s, new Diagnostics("x"));
        List<int[]> out = new ArrayList<>();
        for (int guard = 0; guard < 100_000; guard++) {
            Token t = lx.next();
            if (t.kind() == TokenKind.EOF) break;
            out.add(new int[]{t.start(), t.end()});
        }
        return out;
    }

    static String mutate(SplittableRandom rnd, String s) {
        if (s.isEmpty()) return soup(rnd);
        List<int[]> toks = tokens(s);
        switch (rnd.nextInt(8)) {
            case 0: { // flip characters
                StringBuilder sb = new StringBuilder(s);
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) sb.setCharAt(rnd.nextInt(sb.length()), JUNK.charAt(rnd.nextInt(JUNK.length())));
                return sb.toString();
            }
            case 1: { // delete a token
                if (toks.isEmpty()) return s;
                int[] t = toks.get(rnd.nextInt(toks.size()));
                return s.substring(0, t[0]) + s.substring(t[1]);
            }
            case 2: { // duplicate a run of tokens
                if (toks.isEmpty()) return s;
                int a = rnd.nextInt(toks.size()), b = Math.min(toks.size() - 1, a + rnd.nextInt(4));
                String run = s.substring(toks.get(a)[0], toks.get(b)[1]);
                return s.substring(0, toks.get(b)[1]) + " " + run + s.substring(toks.get(b)[1]);
            }
            case 3: { // swap two tokens
                if (toks.size() < 2) return s;
                int a = rnd.nextInt(toks.size()), b = rnd.nextInt(toks.size());
                if (a == b) return s;
                int[] x = toks.get(Math.min(a, b)), y = toks.get(Math.max(a, b));
                return s.substring(0, x[0]) + s.substring(y[0], y[1]) + s.substring(x[1], y[0]) + s.substring(x[0], x[1]) + s.substring(y[1]);
            }
            case 4: { // insert a vocabulary token
                int at = toks.isEmpty() ? 0 : toks.get(rnd.nextInt(toks.size()))[0];
                return s.substring(0, at) + VOCAB[rnd.nextInt(VOCAB.length)] + " " + s.substring(at);
            }
            case 5: { // splice a piece of another script
                String o = CORPUS.get(rnd.nextInt(CORPUS.size()));
                int a = rnd.nextInt(o.length()), b = Math.min(o.length(), a + rnd.nextInt(80));
                int at = rnd.nextInt(s.length() + 1);
                return s.substring(0, at) + o.substring(a, b) + s.substring(at);
            }
            case 6: // truncate
                return s.substring(0, rnd.nextInt(s.length() + 1));
            default: { // deep nesting
                String[] open = {"(", "[", "{", "repeat 1 {\n", "-", "f("};
                String o = open[rnd.nextInt(open.length)];
                int at = rnd.nextInt(s.length() + 1);
                return s.substring(0, at) + o.repeat(1 + rnd.nextInt(600)) + s.substring(at);
            }
        }
    }
}
