package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckerTest {
    static final ParamRegistry REG = TestRegistry.create();

    static ScriptFrontEnd.Result check(String src) { return ScriptFrontEnd.check("dir/c.dmasim", src, REG, Map.of()); }

    static CheckedScript clean(String src) {
        ScriptFrontEnd.Result r = check(src);
        assertEquals(List.of(), r.errors());
        assertTrue(r.ok());
        return r.script();
    }

    static Diagnostic error(String src, int line, int col, String fragment) {
        ScriptFrontEnd.Result r = check(src);
        assertNull(r.script());
        assertEquals(1, r.errors().size(), () -> "expected one error: " + r.errors());
        Diagnostic e = r.errors().get(0);
        assertEquals("dir/c.dmasim", e.file());
        assertEquals(line + ":" + col, e.line() + ":" + e.col(), e.toString());
        assertTrue(e.message().contains(fragment), () -> e + " lacks '" + fragment + "'");
        return e;
    }

    /** A script whose thread body starts on line 5. */
    static String thread(String body) {
        return "buffer b 4KiB\nbuffer fb[3] 64x64 XRGB8888\nfence ready\nthread t {\n" + body + "\n}\n";
    }

    static Diagnostic bodyError(String body, int col, String fragment) { return error(thread(body), 5, col, fragment); }

    // ---- the spec's examples ----

    @Test
    void specExamplesCheckClean() {
        clean(Examples.SLI);
        clean(Examples.HEADER + Examples.THREAD.replace("buffer fb[3] 1920x1080 XRGB8888\n", ""));
        clean(Examples.ALL_OPS);
    }

    @Test
    void headerExampleResolvesEverything() {
        CheckedScript s = clean(Examples.HEADER + Examples.THREAD.replace("buffer fb[3] 1920x1080 XRGB8888\n", ""));
        assertEquals("camera-to-display", s.workload());
        assertEquals(42, s.seed());
        assertEquals("implicit", s.policy());
        assertEquals(2 * Time.S, s.timeLimitPs());
        assertEquals(50 * Time.MS, s.deadlinePs());
        assertTrue(s.hasDeadline());
        assertEquals("soc", s.preset());
        assertEquals(Map.of("bus.width", 32L, "cpu.coherent", false, "gpu0.l2.size", 2L << 20), s.overrides());
        assertEquals(2L << 20, s.params().getLong("gpu0.l2.size"));
        assertEquals(List.of("ready"), s.fences().stream().map(CheckedScript.FenceInfo::name).toList());
        assertEquals(1, s.threads().size());
        assertEquals(0, s.threads().get(0).core());
        // placement: from 0x1000_0000 in declaration order, each at its next aligned address
        List<CheckedScript.BufferLayout> b = s.buffers();
        assertEquals(List.of("fb[0]", "fb[1]", "fb[2]", "tex", "odd"), b.stream().map(CheckedScript.BufferLayout::label).toList());
        long frame = 1920L * 1080 * 4; // 8294400 = 2025 pages exactly
        assertEquals(0x1000_0000L, b.get(0).address());
        assertEquals(0x1000_0000L + frame, b.get(1).address());
        assertEquals(0x1000_0000L + 2 * frame, b.get(2).address());
        assertEquals(0x1000_0000L + 3 * frame, b.get(3).address());
        assertEquals(0x1000_0000L + 3 * frame + (4L << 20), b.get(4).address());
        assertEquals(frame, b.get(0).size());
        assertEquals(7680, b.get(0).stride());
        assertEquals(PixelFormat.XRGB8888, b.get(0).format());
        assertEquals(3, b.get(0).count());
        assertEquals(0, b.get(3).count());
        assertEquals(100, b.get(4).size());
        assertEquals(4, b.get(4).align());
    }

    @Test
    void allOpsExampleBindsArguments() {
        CheckedScript s = clean(Examples.ALL_OPS);
        assertEquals(3, s.devices().dmas());
        assertEquals("fixed-priority", s.overrides().get("bus.arbitration"));
        assertEquals("demosaic:1,denoise:2,csc:1", s.overrides().get("cam0.isp"));
        assertEquals("1280x720@60", s.overrides().get("cam0.mode"));
        assertEquals(1_500_000_000L, s.overrides().get("bus.freq"));
        assertEquals(1, s.threads().get(0).core());
        // NV12 1280x720: 1.5 bytes per pixel, luma stride = width
        CheckedScript.BufferLayout cam = s.buffer("cam").get(0);
        assertEquals(1280L * 720 * 3 / 2, cam.size());
        assertEquals(1280, cam.stride());
        CheckedScript.BufferLayout tex = s.buffer("tex").get(0);
        assertEquals(0, tex.address() % (64 * 1024));
    }

    @Test
    void typesAndBoundCallsForTheInterpreter() {
        CheckedScript s = clean(Examples.SLI);
        Ast.ThreadDecl t = s.threads().get(0).decl();
        Ast.Repeat r = (Ast.Repeat) t.body().stmts().get(1);
        Ast.Call render = (Ast.Call) ((Ast.Assign) r.body().stmts().get(0)).value();
        CheckedScript.BoundCall bc = s.bound(render);
        assertEquals(Operations.Op.SLI_RENDER, bc.op());
        assertEquals(List.of("dst", "cost"), List.copyOf(bc.args().keySet()));
        assertEquals(Type.BUFFER, s.typeOf(bc.arg("dst")));
        assertEquals(Type.number(Dim.CYCLES), s.typeOf(bc.arg("cost")));
        assertEquals(Type.FENCE, s.typeOf(render));
        Ast.Call sli = (Ast.Call) ((Ast.ExprStmt) t.body().stmts().get(0)).expr();
        assertEquals(Type.WORD, s.typeOf(s.bound(sli).arg("mode")));
    }

    static Ast.Call findCall(CheckedScript s, Operations.Op op) {
        for (CheckedScript.ThreadInfo ti : s.threads()) {
            for (Ast.Stmt st : ti.decl().body().stmts()) {
                Ast.Expr e = st instanceof Ast.Assign a ? a.value() : st instanceof Ast.ExprStmt x ? x.expr() : null;
                if (e instanceof Ast.Call c && c.op() == op) return c;
            }
        }
        return null;
    }

    @Test
    void mergeCollectsItsVariadicArguments() {
        CheckedScript s = clean(thread(" f = merge(ready, [ready], ready)"));
        CheckedScript.BoundCall bc = s.bound(findCall(s, Operations.Op.MERGE));
        assertEquals(3, bc.varargs().size());
        assertEquals(Type.list(Type.FENCE), s.typeOf(bc.varargs().get(1)));
    }

    @Test
    void wordArgumentsForTheInterpreter() {
        CheckedScript s = clean(thread(" cam0.qbuf(b, flags=no_cache_invalidate|no_cache_clean)\n begin_cpu_access(b, rw)"));
        CheckedScript.BoundCall q = s.bound(findCall(s, Operations.Op.CAM_QBUF));
        assertEquals(List.of("no_cache_invalidate", "no_cache_clean"), q.words("flags"));
        assertEquals(List.of("rw"), s.bound(findCall(s, Operations.Op.BEGIN_CPU_ACCESS)).words("dir"));
        assertEquals(List.of(), q.words("nothing"));
    }

    @Test
    void byteOrderMarkIsSkipped() {
        clean("\uFEFFseed 3");
    }

    @Test
    void defaults() {
        CheckedScript s = clean("thread t { compute(1us) }");
        assertEquals("c", s.workload()); // file name without directory and extension
        assertEquals(1, s.seed());
        assertEquals("implicit", s.policy());
        assertEquals(60 * Time.S, s.timeLimitPs());
        assertEquals(Time.NEVER, s.deadlinePs());
        assertFalse(s.hasDeadline());
        assertEquals("soc", s.preset());
        assertEquals(Map.of(), s.overrides());
        assertEquals(List.of(), s.buffers());
    }

    // ---- name errors with suggestions ----

    @Test
    void unknownNames() {
        bodyError(" wait(redy)", 7, "unknown name 'redy'; did you mean ready?");
        bodyError(" read(fbb[0])", 7, "unknown name 'fbb'; did you mean fb?");
        bodyError(" signal(raedy)", 9, "did you mean ready?");
        error(thread(" x = fence()\n wait(xx)"), 6, 7, "unknown name 'xx'");
        error(thread(" x = fence()\n wait(xy)"), 6, 7, "unknown name 'xy'; did you mean x?");
        bodyError(" wait(f)\n f = fence()", 7, "'f' is used before it is assigned");
        error(thread(" repeat 2 as i { compute(1us) }\n x = i"), 6, 6, "unknown name 'i'");
    }

    @Test
    void unknownDevices() {
        bodyError(" gpu2.render(b)", 2, "unknown device 'gpu2' (there is gpu0..gpu1); did you mean gpu0, gpu1?");
        bodyError(" f = dma5.copy(b, b)", 6, "unknown device 'dma5' (dma.engines = 2: dma0..dma1)");
        bodyError(" attach(gpu3, b)", 9, "unknown device 'gpu3'");
        bodyError(" attach(sli, b)", 9, "takes a device that maps buffers");
        bodyError(" gpuu0.render(b)", 2, "unknown device 'gpuu0'; did you mean gpu0");
        error("thread t on cpu4 { compute(1us) }", 1, 13, "unknown core 'cpu4' (cpu.cores = 2: cpu0..cpu1)");
        error("thread t on cpux { compute(1us) }", 1, 13, "unknown core 'cpux'; did you mean cpu0, cpu1?");
        clean("system { dma.engines = 3 }\nbuffer b 4KiB\nthread t { f = dma2.copy(b, b) }");
        error("system { tg.generators = 0 }\nbuffer b 4KiB\nthread t { f = tg0.stream(b, read) }", 3, 16,
                "unknown device 'tg0' (tg.generators = 0: none)");
        clean("system { cpu.cores = 4 }\nthread t on cpu3 { compute(1us) }");
    }

    @Test
    void unknownOperationsAndArguments() {
        bodyError(" wiat(ready)", 2, "unknown operation 'wiat'; did you mean wait?");
        bodyError(" render(b)", 2, "unknown operation 'render'; did you mean gpu0.render?");
        bodyError(" gpu0.rendr(b)", 7, "'gpu0' has no operation 'rendr'; did you mean render");
        bodyError(" f = gpu0.render(b, row=0..10)", 21, "unknown argument 'row' for gpu0.render; did you mean rows?");
        bodyError(" cpu0.compute(1us)", 2, "a CPU core has no operations");
    }

    /** A datasheet's spelling finds the parameter: names are matched without regard to case. */
    @Test
    void parameterNamesIgnoreCase() {
        CheckedScript s = clean("system {\n Bus.Width = 64B\n}");
        assertEquals(64L, s.params().getLong("bus.width"));
        assertEquals(64L, s.overrides().get("bus.width"));
        error("system {\n bus.width = 64B\n BUS.WIDTH = 16B\n}", 3, 2, "bus.width is set twice (first at 2:2)");
        ScriptFrontEnd.Result r = ScriptFrontEnd.check("dir/c.dmasim", "thread t { compute(1us) }", REG, Map.of("BUS.width", "128B"));
        assertEquals(List.of(), r.errors());
        assertEquals(128L, r.script().params().getLong("bus.width"));
        Map<String, String> twice = new java.util.LinkedHashMap<>();
        twice.put("bus.width", "16B");
        twice.put("BUS.WIDTH", "64B");
        ScriptFrontEnd.Result t = ScriptFrontEnd.check("dir/c.dmasim", "thread t { compute(1us) }", REG, twice);
        assertEquals(List.of("--set:2:1: bus.width is set twice"), t.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void unknownParameters() {
        error("system {\n bus.widht = 32B\n}", 2, 2, "unknown parameter 'bus.widht'; did you mean bus.width?");
        error("system socc { }", 1, 8, "unknown preset 'socc' (valid: soc); did you mean soc?");
        error("policy implicitt", 1, 8, "unknown policy 'implicitt' (expected nonblocking | enforced | exclusive | implicit | explicit); did you mean implicit");
    }

    // ---- types and units ----

    @Test
    void typeErrors() {
        bodyError(" wait(3)", 7, "'fence' of wait takes a fence, got a plain number");
        bodyError(" wait(b)", 7, "takes a fence, got a buffer");
        bodyError(" read(ready)", 7, "'buf' of read takes a buffer, got a fence");
        error(thread(" x = fence()\n x = 3"), 6, 2, "'x' holds a fence (since 5:2); it cannot hold a plain number");
        bodyError(" x = wait(ready)", 6, "wait(...) returns nothing");
        bodyError(" b = fence()", 2, "'b' is the buffer declared at 1:8");
        bodyError(" gpu0 = fence()", 2, "'gpu0' is a device name");
        bodyError(" x = fb[ready]", 9, "an index is a plain number, got a fence");
        bodyError(" x = ready[0]", 11, "cannot index a fence");
        bodyError(" x = fb[3]", 9, "index 3 is out of range for fb[3]");
        bodyError(" x = [b, ready]", 10, "a list cannot mix a buffer and a fence");
        bodyError(" x = b + 1", 8, "'+' needs numbers, got a buffer and a plain number");
        bodyError(" repeat ready { compute(1us) }", 9, "repeat takes a plain number, got a fence");
        bodyError(" 3 + 4", 2, "this expression does nothing");
        bodyError(" wait(gpu0)", 7, "takes a fence, got a device");
        bodyError(" f = tg0.stream(b, read, rate=2GB/s, interval=1ns)", 38, "takes only one of rate, interval");
        bodyError(" read(b, 0..10, bytes=0..4)", 17, "takes only one of range, bytes, rows");
        bodyError(" begin_cpu_access(b)", 2, "begin_cpu_access is missing its argument 'dir' (read|write|rw)");
        bodyError(" signal(ready, ready)", 16, "signal takes one positional argument");
        bodyError(" wait(timeout=1ms, ready)", 20, "a positional argument cannot follow keyword arguments");
        bodyError(" wait(ready, fence=ready)", 14, "argument 'fence' of wait is given twice");
        bodyError(" sli()", 2, "sli is missing its argument 'mode'");
        bodyError(" wait(fenc=ready)", 7, "unknown argument 'fenc' for wait; did you mean fence?");
        bodyError(" x = exp(1ns)", 6, "a variable holds a number, range, buffer, fence or list, not exp(...)");
        bodyError(" exp(1ns)", 2, "exp(...) is only valid as interval=");
        bodyError(" x = 1 | 2", 8, "'|' only combines flag words");
    }

    @Test
    void wordsAndFlags() {
        bodyError(" begin_cpu_access(b, wirte)", 22, "unknown word 'wirte' for 'dir' of begin_cpu_access (expected read | write | rw); did you mean write?");
        bodyError(" cam0.qbuf(b, flags=no_cache)", 21, "unknown word 'no_cache'");
        bodyError(" sli(mode=3)", 11, "'mode' of sli takes afr | sfr, got a plain number");
        bodyError(" f = gpu0.render(b, hang=yes)", 26, "expected true | false");
        clean("buffer out 4KiB\nbuffer read 4KiB\nthread t { poll(out, out); begin_cpu_access(read, read) }");
        clean(thread(" cam0.qbuf(b, flags=no_cache_invalidate|no_cache_clean); cam0.qbuf(b, flags=[no_cache_clean])"));
    }

    @Test
    void unitErrors() {
        bodyError(" sleep(5)", 8, "'duration' of sleep takes a time (ps, ns, us, ms, s), got a plain number");
        bodyError(" compute(5)", 10, "takes a time or cycles (e.g. 2us or 5000 cycles)");
        bodyError(" sleep(5000 cycles)", 8, "takes a time (ps, ns, us, ms, s), got cycles");
        bodyError(" wait(ready, timeout=5)", 22, "'timeout' of wait takes a time");
        bodyError(" sleep(5xs)", 9, "unknown unit 'xs'");
        bodyError(" x = 1us + 1B", 10, "cannot add a time and a size");
        bodyError(" f = gpu0.render(b, rows=0B..10B)", 28, "takes a range of rows (e.g. 0..540), got a range of sizes");
        bodyError(" f = tg0.stream(b, read, rate=5ns)", 31, "takes a rate (B/s, kB/s, MB/s, GB/s)");
        bodyError(" f = tg0.stream(b, read, interval=5B)", 35, "takes a time (ps, ns, us, ms, s) or exp(time), got a size");
        error("system {\n bus.width = 5ns\n}", 2, 14, "bus.width takes a size (B, KiB, MiB, GiB), got a time '5ns'");
        error("system {\n bus.width = 32\n}", 2, 14, "'32' needs a unit, e.g. 32B");
        error("system {\n bus.width = 32KB\n}", 2, 16, "unknown unit 'KB'; did you mean KiB?");
        error("system {\n cpu.l1.ways = 8KiB\n}", 2, 16, "cpu.l1.ways takes a plain integer, got a size");
        error("time_limit 2", 1, 12, "time_limit takes a time (ps, ns, us, ms, s), got a plain number: write a unit, e.g. 2s");
        error("deadline 0ms", 1, 10, "deadline must be more than 0");
        clean(thread(" compute(2us); compute(5000 cycles); sleep(1.5ms); x = 2us * 3 + 1ns; sleep(x / 2)"));
    }

    @Test
    void parameterValues() {
        error("system { cpu.cores = 100 }", 1, 22, "cpu.cores = 100 is out of range (valid: 1 .. 64)");
        error("system {\n cpu.coherent = yes\n}", 2, 17, "cpu.coherent takes true or false, got 'yes'");
        error("system {\n bus.arbitration = round-robbin\n}", 2, 20, "must be one of round-robin, fixed-priority, got 'round-robbin'; did you mean round-robin?");
        error("system {\n disp0.mode = 1920x1080\n}", 2, 15, "disp0.mode takes a mode WIDTHxHEIGHT@HZ");
        error("system {\n bus.width = 32B\n bus.width = 64B\n}", 3, 2, "bus.width is set twice (first at 2:2)");
        CheckedScript s = clean("system {\n cam0.isp = \"demosaic:2\"\n gpu1.coherent = true; bus.freq = 800MHz\n}");
        assertEquals("demosaic:2", s.overrides().get("cam0.isp"));
        assertEquals(true, s.params().getBool("gpu1.coherent"));
        assertEquals(800_000_000L, s.params().getLong("bus.freq"));
    }

    @Test
    void commandLineOverridesComeLastAndReportTheirOwnPositions() {
        Map<String, String> cli = new LinkedHashMap<>();
        cli.put("bus.width", "64B");
        cli.put("dma.engines", "4");
        ScriptFrontEnd.Result r = ScriptFrontEnd.check("c.dmasim", "system { bus.width = 16B }\nbuffer b 4KiB\nthread t { f = dma3.copy(b, b) }",
                REG, cli);
        assertEquals(List.of(), r.errors());
        assertEquals(64L, r.script().params().getLong("bus.width"));
        assertEquals(4L, r.script().overrides().get("dma.engines"));

        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("bus.width", "64B");
        bad.put("bus.widht", "1B");
        bad.put("bus.freq", "5ns");
        r = ScriptFrontEnd.check("c.dmasim", "seed 3", REG, bad);
        assertEquals(List.of("--set:2:1: unknown parameter 'bus.widht'; did you mean bus.width?",
                "--set:3:10: bus.freq takes a frequency (Hz, kHz, MHz, GHz), got a time '5ns'"),
                r.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void singleValueParser() {
        ParamValueParser.Parsed p = ParamValueParser.parse(REG.find("dram.size"), "2GiB");
        assertTrue(p.ok());
        assertEquals(2L << 30, p.value());
        p = ParamValueParser.parse(REG.find("dram.size"), "  2 GiB");
        assertEquals(2L << 30, p.value());
        p = ParamValueParser.parse(REG.find("dram.size"), "2GB");
        assertFalse(p.ok());
        assertEquals(1, p.offset());
        assertEquals(0, ParamValueParser.parse(REG.find("cpu.line"), "1B").offset());
        assertTrue(ParamValueParser.parse(REG.find("cpu.line"), "1B").error().contains("out of range"));
        assertEquals(2L, ParamValueParser.parse(REG.find("bus.overhead"), "2 cycles").value());
    }

    // ---- buffer placement ----

    @Test
    void bufferPlacementErrors() {
        error("buffer big 5GiB", 1, 1, "buffer 'big' does not fit in memory: it would end at 0x150000000, but dram.size = 4GiB from 0x10000000");
        error("buffer a 4KiB align=3B", 1, 21, "align must be a power of two, got 3B");
        error("buffer a 4KiB align=0B", 1, 21, "align must be a power of two");
        error("buffer z[0] 4KiB", 1, 10, "a buffer array needs at least 1 element, got 0");
        error("buffer z 4096", 1, 10, "a buffer's size takes a size (B, KiB, MiB, GiB), got a plain number: write a unit, e.g. 4096B");
        error("buffer z 4KiB align=64", 1, 21, "align takes a size");
        error("buffer z 0B", 1, 10, "a buffer needs at least 1 byte");
        error("buffer y 99x10 NV12", 1, 10, "NV12 needs an even width and height");
        error("buffer y 64x64 RGB888", 1, 16, "unknown pixel format 'RGB888'");
        error("buffer y 4KiB\nbuffer y 4KiB", 2, 8, "'y' is already declared as a buffer at 1:8");
        error("fence y\nbuffer y 4KiB", 2, 8, "'y' is already declared as a fence at 1:7");
        error("buffer dma0 4KiB", 1, 8, "'dma0' is a device name");
        error("buffer h 8EiB", 1, 11, "unknown unit 'EiB'");
        // fits exactly, then one byte more does not (the second element of the array)
        clean("system { dram.size = 16MiB }\nbuffer a 16MiB");
        error("system { dram.size = 16MiB }\nbuffer a[2] 8MiB\nbuffer b 1B", 3, 1, "buffer 'b' does not fit");
        error("system { dram.size = 16MiB }\nbuffer a[3] 8MiB", 2, 1, "buffer 'a[2]' does not fit");
    }

    @Test
    void placementFollowsAlignment() {
        CheckedScript s = clean("buffer a 100B align=4B\nbuffer b 100B align=4B\nbuffer c 1B\nbuffer d 10B align=64B");
        assertEquals(List.of(0x1000_0000L, 0x1000_0064L, 0x1000_1000L, 0x1000_1040L),
                s.buffers().stream().map(CheckedScript.BufferLayout::address).toList());
    }

    // ---- declarations ----

    @Test
    void declarationErrors() {
        error("seed 1\nseed 2", 2, 1, "duplicate 'seed' (first at 1:1)");
        error("seed -1", 1, 6, "seed must be 0 or more");
        error("seed 1s", 1, 6, "seed takes a plain integer");
        error("seed x", 1, 6, "seed must be a constant");
        error("thread a { compute(1us) }\nthread a { compute(1us) }", 2, 8, "duplicate thread 'a' (first at 1:8)");
        error("workload \"\"", 1, 1, "the workload's name is empty");
        clean("seed 0x10\nworkload \"w\"\ntime_limit 1s + 500ms");
    }

    @Test
    void loopVariables() {
        clean(thread(" repeat 3 as i { x = fb[i] }\n repeat 2 as i { compute(1us) }"));
        bodyError(" repeat 3 as i { i = 2 }", 18, "cannot assign to the loop variable 'i'");
        bodyError(" repeat 3 as i { repeat 2 as i { compute(1us) } }", 30, "already used by an enclosing repeat");
        error(thread(" i = fence()\n repeat 3 as i { compute(1us) }"), 6, 14, "'i' holds a fence (since 5:2); a loop variable is a number");
        bodyError(" repeat 3 as b { compute(1us) }", 14, "'b' is the buffer declared at 1:8; a loop variable needs another name");
    }

    // ---- all errors together ----

    @Test
    void everyErrorIsReportedInSourceOrder() {
        String src = String.join("\n",
                "system { bus.widht = 32B; bus.width = 5ns }",   // 1
                "buffer z[0] 4KiB",                              // 2
                "policy strict",                                 // 3
                "thread main on cpu9 {",                         // 4
                "  wait(3)",                                      // 5
                "  x = $ 1",                                      // 6
                "  gpu0.rendr(fb)",                               // 7
                "  sleep(5)",                                     // 8
                "}");
        ScriptFrontEnd.Result r = check(src);
        assertEquals(List.of("1:10", "1:39", "2:10", "3:8", "4:16", "5:8", "6:7", "7:8", "8:9"),
                r.errors().stream().map(d -> d.line() + ":" + d.col()).toList(), r.errors().toString());
    }

    @Test
    void tooDeepNestingIsAnErrorOfTheCheck() {
        String deep = "thread t {\n x = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "\n}\n";
        ScriptFrontEnd.Result r = check(deep);
        assertEquals(1, r.errors().size());
        assertEquals("dir/c.dmasim:2:" + (6 + Parser.MAX_DEPTH) + ": nesting deeper than " + Parser.MAX_DEPTH + " levels", r.errors().get(0).toString());
    }

    /** dmasim check reports what the run would stop at when the arguments are literals. */
    @Test
    void literalArgumentsTheRunWouldRejectAreErrorsOfTheCheck() {
        String head = "buffer A 4KiB\nbuffer fb[2] 64x4 XRGB8888\nthread main {\n  ";
        error(head + "write(A, bytes=0..8KiB)\n}", 4, 18, "write: bytes 0..8192 are outside A (0..4096)");
        error(head + "read(A, 8KiB)\n}", 4, 11, "read: bytes 0..8192 are outside A (0..4096)");
        error(head + "write(A, 2KiB..1KiB)\n}", 4, 16, "empty range 2048..1024 (the end is before the start)");
        error(head + "write(A, rows=0..2)\n}", 4, 17, "write: rows= on A, which is not an image");
        error(head + "read(fb[1], rows=2..5)\n}", 4, 20, "read: rows 2..5 outside fb[1] (0..4)");
        error(head + "f = tg0.stream(A, write, rate=0GB/s)\n}", 4, 33, "tg0.stream: rate must be positive, got 0");
        error(head + "f = tg0.stream(A, write, interval=exp(0ns))\n}", 4, 41, "exp: mean interval must be positive, got 0");
        error(head + "f = tg0.stream(A, write, interval=1us - 2us)\n}", 4, 37, "interval must not be negative, got -1");
        error(head + "compute(1us - 2us)\n}", 4, 11, "compute takes a time of 0 or more, got -1");
        // Within bounds (the run's floor modulo), in a body that never runs, or not made of literals:
        // nothing here (the run checks the rest).
        clean(head + "write(A, bytes=(0B - 100B) % 4KiB .. 4KiB)\n  repeat 0 { read(A, 8KiB) }\n}");
        clean(head + "write(A, bytes=1KiB..4KiB)\n  read(fb[0], rows=0..4)\n  n = 8KiB\n  b = A\n  write(b, 0..1KiB)\n"
                + "  f = tg0.stream(A, read, rate=1GB/s)\n  compute(0ns)\n}");
    }
}
