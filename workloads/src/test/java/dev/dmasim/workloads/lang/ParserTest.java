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

    @Test
    void slicExampleParses() {
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
        Ast.SystemDecl sys = (Ast.SystemDecl) s.decls().get(4);
        assertEquals("soc", sys.preset().name());
        assertEquals(3, sys.settings().size());
        assertEquals("gpu0.l2.size", sys.settings().get(2).name());
        assertEquals("2MiB", sys.settings().get(2).value());
        assertInstanceOf(Ast.ImageShape.class, ((Ast.BufferDecl) s.decls().get(5)).shape());
    }

    @Test
    void threadExampleParses() {
        Ast.Script s = parseClean(Examples.THREAD);
        Ast.ThreadDecl t = (Ast.ThreadDecl) s.decls().get(s.decls().size() - 1);
        assertEquals("cpu0", t.core().name());
        Ast.Repeat r = (Ast.Repeat) t.body().stmts().get(0);
        Ast.Span span = (Ast.Span) r.body().stmts().get(1);
        assertEquals("render", span.name());
        assertTrue(r.body().stmts().get(2) instanceof Ast.ExprStmt);
    }
}
