package dev.dmasim.workloads.lang;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserTest {
    static Ast.Script parseClean(String src) {
        Diagnostics d = new Diagnostics("t.dmasim");
        Ast.Script s = Parser.parse("t.dmasim", src, d);
        assertEquals(List.of(), d.sorted(), "unexpected errors");
        return s;
    }

    static List<Diagnostic> errors(String src) {
        Diagnostics d = new Diagnostics("t.dmasim");
        Parser.parse("t.dmasim", src, d);
        return d.sorted();
    }

    static void error(String src, int line, int col, String fragment) {
        List<Diagnostic> es = errors(src);
        assertEquals(1, es.size(), () -> "expected one error: " + es.subList(0, Math.min(3, es.size())));
        Diagnostic e = es.get(0);
        assertEquals(line + ":" + col, e.line() + ":" + e.col(), e.toString());
        assertTrue(e.message().contains(fragment), () -> e + " lacks '" + fragment + "'");
    }

    static Ast.Stmt onlyStmt(String body) {
        Ast.ThreadDecl t = (Ast.ThreadDecl) parseClean("thread t {\n" + body + "\n}").decls().get(0);
        assertEquals(1, t.body().stmts().size());
        return t.body().stmts().get(0);
    }

    static Ast.Expr expr(String e) { return ((Ast.Assign) onlyStmt("x = " + e)).value(); }

    @Test
    void sliExampleParses() {
        Ast.Script s = parseClean(Examples.SLI);
        assertEquals(4, s.decls().size());
        Ast.ThreadDecl t = (Ast.ThreadDecl) s.decls().get(3);
        assertEquals("main", t.name().name());
        assertNull(t.core());
        assertEquals(2, t.body().stmts().size());
        Ast.Repeat r = (Ast.Repeat) t.body().stmts().get(1);
        assertEquals("i", r.var().name());
        Ast.Assign a = (Ast.Assign) r.body().stmts().get(0);
        Ast.Call c = (Ast.Call) a.value();
        assertEquals(Operations.Op.SLI_RENDER, c.op());
        assertEquals(new Pos(7, 5), a.pos());
        Ast.Num cost = (Ast.Num) c.args().get(1).value();
        assertEquals(8, cost.value());
        assertEquals(Dim.CYCLES, cost.dim());
    }

    @Test
    void headerExampleParses() {
        Ast.Script s = parseClean(Examples.HEADER);
        assertEquals(10, s.decls().size());
        assertEquals("camera-to-display", ((Ast.WorkloadDecl) s.decls().get(0)).name());
        assertEquals(42, ((Ast.Num) ((Ast.SeedDecl) s.decls().get(1)).value()).value());
        assertEquals("implicit", ((Ast.PolicyDecl) s.decls().get(2)).policy().name());
        assertEquals(2_000_000_000_000L, ((Ast.Num) ((Ast.TimeLimitDecl) s.decls().get(3)).value()).value());
        Ast.SystemDecl sys = (Ast.SystemDecl) s.decls().get(4);
        assertEquals("soc", sys.preset().name());
        assertEquals(3, sys.settings().size());
        assertEquals("gpu0.l2.size", sys.settings().get(2).name());
        assertEquals("2MiB", sys.settings().get(2).value());
        assertEquals(new Pos(10, 18), sys.settings().get(2).valuePos());
        Ast.BufferDecl fb = (Ast.BufferDecl) s.decls().get(5);
        assertEquals(3, ((Ast.Num) fb.count()).value());
        Ast.ImageShape img = (Ast.ImageShape) fb.shape();
        assertEquals(1920, img.width());
        assertEquals("XRGB8888", img.format().name());
        Ast.BufferDecl odd = (Ast.BufferDecl) s.decls().get(7);
        assertEquals(100, ((Ast.Num) ((Ast.SizeShape) odd.shape()).size()).value());
        assertEquals(4, ((Ast.Num) odd.align()).value());
        assertEquals("ready", ((Ast.FenceDecl) s.decls().get(8)).name().name());
        assertInstanceOf(Ast.DeadlineDecl.class, s.decls().get(9));
    }

    @Test
    void threadExampleParses() {
        Ast.Script s = parseClean(Examples.THREAD);
        Ast.ThreadDecl t = (Ast.ThreadDecl) s.decls().get(s.decls().size() - 1);
        assertEquals("cpu0", t.core().name());
        Ast.Repeat r = (Ast.Repeat) t.body().stmts().get(0);
        Ast.Span span = (Ast.Span) r.body().stmts().get(1);
        assertEquals("render", span.name());
        assertEquals(2, span.body().stmts().size());
        assertInstanceOf(Ast.ExprStmt.class, r.body().stmts().get(2));
    }

    @Test
    void allOperationsExampleParses() {
        Ast.Script s = parseClean(Examples.ALL_OPS);
        Ast.SystemDecl sys = (Ast.SystemDecl) s.decls().get(5);
        assertEquals(List.of("bus.width", "bus.freq", "bus.arbitration", "cam0.isp", "cam0.mode", "gpu0.l2.size", "dma.engines"),
                sys.settings().stream().map(Ast.Setting::name).toList());
        assertEquals("fixed-priority", sys.settings().get(2).value());
        assertEquals("demosaic:1,denoise:2,csc:1", sys.settings().get(3).value());
        assertEquals("1.5GHz", sys.settings().get(1).value());
    }

    @Test
    void statementsEndAtSemicolonsAndClosingBraces() {
        Ast.ThreadDecl t = (Ast.ThreadDecl) parseClean("thread a { wait(x); signal(y) }").decls().get(0);
        assertEquals(2, t.body().stmts().size());
        Ast.Repeat r = (Ast.Repeat) onlyStmt("repeat 3 { compute(1us) }");
        assertNull(r.var());
        assertEquals(1, r.body().stmts().size());
    }

    @Test
    void argumentsMaySpanLines() {
        Ast.Call c = (Ast.Call) ((Ast.ExprStmt) onlyStmt("gpu0.render(fb,\n   rows=0..540,\n   after=[a,\n b]\n)")).expr();
        assertEquals(3, c.args().size());
        assertEquals("rows", c.args().get(1).keyword().name());
        assertEquals(new Pos(3, 4), c.args().get(1).pos());
    }

    @Test
    void expressions() {
        Ast.Binary add = (Ast.Binary) expr("1 + 2 * 3");
        assertEquals(Ast.BinOp.ADD, add.op());
        assertEquals(Ast.BinOp.MUL, ((Ast.Binary) add.right()).op());
        Ast.Binary mul = (Ast.Binary) expr("(1 + 2) * 3");
        assertEquals(Ast.BinOp.MUL, mul.op());
        Ast.Binary sub = (Ast.Binary) expr("8 - 2 - 1");
        assertEquals(Ast.BinOp.SUB, ((Ast.Binary) sub.left()).op()); // left-associative
        assertInstanceOf(Ast.Neg.class, expr("-x"));
        Ast.RangeExpr r = (Ast.RangeExpr) expr("i * 10..i * 10 + 10");
        assertInstanceOf(Ast.Binary.class, r.to());
        Ast.Index ix = (Ast.Index) expr("fb[i % 3]");
        assertEquals(Ast.BinOp.MOD, ((Ast.Binary) ix.index()).op());
        Ast.ListExpr l = (Ast.ListExpr) expr("[a, b, ]");
        assertEquals(2, l.items().size());
        assertEquals(0, ((Ast.ListExpr) expr("[]")).items().size());
        Ast.Call m = (Ast.Call) expr("merge(f0, f1)");
        assertEquals(Operations.Op.MERGE, m.op());
        Ast.Call dq = (Ast.Call) expr("cam0.dqbuf(timeout=16ms)");
        assertEquals(Operations.Op.CAM_DQBUF, dq.op());
        assertEquals("cam0", dq.receiver().name());
        Ast.Call q = (Ast.Call) ((Ast.ExprStmt) onlyStmt("cam0.qbuf(b, flags=no_cache_invalidate|no_cache_clean)")).expr();
        assertEquals(Ast.BinOp.OR, ((Ast.Binary) q.args().get(1).value()).op());
        Ast.Call s = (Ast.Call) expr("tg0.stream(b, read, interval=exp(100ns))");
        assertEquals(Operations.Op.EXP, ((Ast.Call) s.args().get(2).value()).op());
        assertNull(((Ast.Call) expr("gpu9.paint(x)")).op());
        assertEquals(Operations.Op.GPU_RENDER, ((Ast.Call) expr("gpu9.render(x)")).op());
    }

    @Test
    void wordsAreContextual() {
        Ast.Script s = parseClean("buffer out 4KiB\nbuffer repeat 4KiB\nthread span {\n poll(out, out)\n repeat = 3\n}");
        assertEquals("repeat", ((Ast.BufferDecl) s.decls().get(1)).name().name());
        Ast.ThreadDecl t = (Ast.ThreadDecl) s.decls().get(2);
        assertInstanceOf(Ast.Assign.class, t.body().stmts().get(1));
    }

    @Test
    void systemWithoutPreset() {
        Ast.SystemDecl s = (Ast.SystemDecl) parseClean("system { cam0.isp = \"a:1 # not a comment\"; bus.width = 16B }").decls().get(0);
        assertNull(s.preset());
        assertEquals("a:1 # not a comment", s.settings().get(0).value());
        assertTrue(s.settings().get(0).quoted());
        assertEquals("16B", s.settings().get(1).value());
    }

    // ---- syntax errors ----

    @Test
    void syntaxErrorsHavePositions() {
        error("thread a { wait(x y) }", 1, 19, "expected ',' or ')'");
        error("thread a {\n  x = \n}", 2, 7, "expected an expression");
        error("buffer b\n", 1, 9, "expected the buffer's size");
        error("buffer b 4KiB align 4B", 1, 21, "expected '='");
        error("threa main {\n}", 1, 1, "unknown declaration 'threa'; did you mean thread?");
        error("wait(x)", 1, 1, "statements belong inside a thread");
        error("thread a {\n wait(x)", 2, 9, "missing '}'");
        error("thread a {\n span render { }\n}", 2, 7, "expected the span's name in quotes");
        error("thread a on { }", 1, 13, "expected a CPU core");
        error("thread a {\n  gpu0.render(x) y\n}", 2, 18, "expected end of statement");
        error("thread a {\n  x = (1 + 2\n}", 3, 1, "expected ')'");
        error("system {\n bus.width 32B\n}", 2, 12, "expected '='");
        error("system {\n bus.width =\n}", 2, 13, "missing value for bus.width");
        error("}", 1, 1, "unexpected '}'");
        error("thread a {\n x = 1920x1080\n}", 2, 6, "only valid in a buffer declaration");
        error("thread a {\n x = f(1).g(2)\n}", 2, 10, "only a device");
        error("thread a {\n seed 3\n}", 2, 2, "belong at top level");
        error("buffer b 1920x1080@60 NV12", 1, 10, "not a mode");
    }

    @Test
    void recoversAndReportsEveryError() {
        String src = String.join("\n",
                "seed )",                                   // 1
                "thread a {",                              // 2
                "  wait(x y)",                            // 3
                "  repeat 3 z { compute(1us) }",          // 4
                "  signal(f)",                             // 5
                "  x = )",                                 // 6
                "}",                                       // 7
                "thred b { }",                             // 8
                "buffer c 4KiB");                          // 9
        List<Diagnostic> es = errors(src);
        assertEquals(List.of("1:6", "3:10", "4:12", "6:7", "8:1"),
                es.stream().map(d -> d.line() + ":" + d.col()).toList(), es.toString());
        Diagnostics d = new Diagnostics("t.dmasim");
        Ast.Script s = Parser.parse("t.dmasim", src, d);
        // the statements and declarations around the broken ones survive
        Ast.ThreadDecl t = (Ast.ThreadDecl) s.decls().get(0);
        assertEquals(1, t.body().stmts().size());
        assertInstanceOf(Ast.BufferDecl.class, s.decls().get(1));
    }

    // ---- nesting depth ----

    static String nestedRepeats(int n) {
        StringBuilder sb = new StringBuilder("thread t {\n");
        for (int i = 0; i < n; i++) sb.append("repeat 1 {\n");
        sb.append("compute(1us)\n");
        for (int i = 0; i < n; i++) sb.append("}\n");
        return sb.append("}\nbuffer after 4KiB\n").toString();
    }

    @Test
    void deepBlocksUpToTheLimitParse() {
        Ast.Script s = parseClean(nestedRepeats(Parser.MAX_DEPTH - 1)); // the thread's block is one level
        assertEquals(2, s.decls().size());
    }

    @Test
    void deeperBlocksAreOneError() {
        List<Diagnostic> es = errors(nestedRepeats(20_000));
        assertEquals(1, es.size(), () -> es.size() + " errors, first " + es.get(0));
        assertEquals(Parser.MAX_DEPTH + 1, es.get(0).line()); // the thread's '{' is on line 1
        assertEquals(10, es.get(0).col());
        assertTrue(es.get(0).message().contains("nesting deeper than " + Parser.MAX_DEPTH + " levels"));
    }

    @Test
    void deepExpressionsAreOneErrorNotAStackOverflow() {
        for (String e : List.of("(".repeat(20_000) + "1" + ")".repeat(20_000), "-".repeat(20_000) + "1",
                "1" + "+1".repeat(20_000), "x" + "[0]".repeat(20_000), "[".repeat(20_000),
                "f(".repeat(20_000), "a" + "|b".repeat(20_000))) {
            List<Diagnostic> es = errors("thread t {\n x = " + e + "\n y = 1\n}\nbuffer z 4KiB\n");
            assertEquals(1, es.size(), () -> e.substring(0, 10) + ": " + es.size() + " errors, first " + es.get(0));
            assertTrue(es.get(0).message().contains("nesting deeper than"), es.get(0).message());
            assertEquals(2, es.get(0).line());
        }
    }

    @Test
    void moderatelyDeepExpressionsParse() {
        parseClean("thread t {\n x = " + "(".repeat(200) + "1" + ")".repeat(200) + "\n y = 1" + "+1".repeat(200) + "\n}");
    }
}
