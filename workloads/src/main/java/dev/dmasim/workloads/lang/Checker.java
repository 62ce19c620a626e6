package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamFormat;
import dev.dmasim.core.param.ParamKind;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.time.Time;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static checks of a parsed script: parameters, declarations, buffer placement, names,
 * types and units. Reports every error it finds to the diagnostics and goes on; the result
 * is only meaningful when no error was reported. Recursion follows the AST, whose depth the
 * parser bounds.
 */
final class Checker {
    private static final long MAX_ARRAY = 4096;
    private static final long DEFAULT_DRAM = 4L << 30;

    private final Diagnostics diags;
    private final ParamRegistry registry;
    private final Map<String, Map<String, Object>> presets;
    private final IdentityHashMap<Ast.Expr, Type> types = new IdentityHashMap<>();
    private final IdentityHashMap<Ast.Call, CheckedScript.BoundCall> calls = new IdentityHashMap<>();

    private record Global(String what, Type type, Pos pos, int count) {}

    private final Map<String, Global> globals = new LinkedHashMap<>();
    private Devices devices = Devices.DEFAULT;

    // per thread
    private Map<String, Type> vars = new HashMap<>();
    private Map<String, Pos> varPos = new HashMap<>();
    private Set<String> loopVars = new HashSet<>();
    private Set<String> assignedSomewhere = new HashSet<>();

    Checker(Diagnostics diags, ParamRegistry registry, Map<String, Map<String, Object>> presets) {
        this.diags = diags;
        this.registry = registry;
        this.presets = presets;
    }

    private record Const(long value, Dim dim) {}

    /** Depth of {@code repeat 0} bodies being checked: code that never runs. */
    private int neverRuns;

    /** The parameters, if the script had no error up to them (whatever the threads have). */
    private ParamValues resolvedParams;
    private final Set<String> rejectedParams = new HashSet<>();

    /** After {@link #check}: the parameters if every setting was valid, else null (for the models' own checks). */
    ParamValues resolvedParams() { return resolvedParams; }

    /** Parameters whose setting in the system block was refused (their defaults stand in). */
    Set<String> rejectedParams() { return rejectedParams; }

    /** Placed buffers by declared name (an array's elements share one geometry), for checks of literal arguments. */
    private final Map<String, CheckedScript.BufferLayout> layoutByName = new HashMap<>();

    CheckedScript check(Ast.Script script, Map<String, Object> cliValues) {
        Map<String, Ast.Decl> singles = new HashMap<>();
        Ast.SystemDecl system = null;
        List<Ast.BufferDecl> bufferDecls = new ArrayList<>();
        List<Ast.ThreadDecl> threadDecls = new ArrayList<>();
        List<CheckedScript.FenceInfo> fences = new ArrayList<>();
        for (Ast.Decl d : script.decls()) {
            String single = singleName(d);
            if (single != null) {
                Ast.Decl first = singles.putIfAbsent(single, d);
                if (first != null) diags.error(d.pos(), "duplicate '" + single + "' (first at " + first.pos() + ")");
            }
            if (d instanceof Ast.SystemDecl s && system == null) system = s;
            if (d instanceof Ast.BufferDecl b) bufferDecls.add(b);
            if (d instanceof Ast.ThreadDecl t) threadDecls.add(t);
        }

        // parameters: preset, then the script, then --set
        Map<String, Object> overrides = new LinkedHashMap<>();
        String preset = CheckedScript.DEFAULT_PRESET;
        if (system != null && system.preset() != null) preset = system.preset().name();
        if (presets.containsKey(preset)) {
            overrides.putAll(presets.get(preset));
        } else {
            Pos where = system != null && system.preset() != null ? system.preset().pos() : new Pos(1, 1);
            diags.error(where, "unknown preset '" + preset + "' (valid: " + String.join(", ", presets.keySet()) + ")"
                    + Names.didYouMean(preset, presets.keySet()));
        }
        boolean errorsBeforeSettings = diags.hasErrors();
        if (system != null) settings(system, overrides);
        overrides.putAll(cliValues);
        List<ParamError> perrs = new ArrayList<>();
        ParamValues values = ParamValues.resolve(registry, overrides, perrs);
        for (ParamError e : perrs) {
            // values were checked one by one above; what is left comes from a preset
            diags.error(system != null ? system.pos() : new Pos(1, 1), "preset " + preset + ": " + e.message());
        }
        // Not after a syntax error or an unknown preset: a setting may have been lost without a
        // trace, and the models would judge the rest against a default. A setting refused by its
        // own check is known (rejectedParams): rules involving it are not judged.
        if (!errorsBeforeSettings && perrs.isEmpty()) resolvedParams = values;
        devices = Devices.from(values);

        long seed = CheckedScript.DEFAULT_SEED;
        String policy = CheckedScript.DEFAULT_POLICY;
        long timeLimit = CheckedScript.DEFAULT_TIME_LIMIT_PS;
        long deadline = Time.NEVER;
        String workload = baseName(script.file());
        for (Ast.Decl d : script.decls()) {
            if (d instanceof Ast.WorkloadDecl w) {
                if (w.name().isBlank()) diags.error(w.pos(), "the workload's name is empty");
                workload = w.name();
            } else if (d instanceof Ast.SeedDecl s) {
                Const c = constant(s.value(), "seed");
                if (c != null && c.dim() != Dim.COUNT) diags.error(s.value().pos(), "seed takes a plain integer, got " + c.dim().withArticle());
                else if (c != null && c.value() < 0) diags.error(s.value().pos(), "seed must be 0 or more, got " + c.value());
                else if (c != null) seed = c.value();
            } else if (d instanceof Ast.PolicyDecl p) {
                String name = p.policy().name();
                if (!CheckedScript.POLICIES.contains(name)) {
                    diags.error(p.policy().pos(), "unknown policy '" + name + "' (expected "
                            + String.join(" | ", CheckedScript.POLICIES) + ")" + Names.didYouMean(name, CheckedScript.POLICIES));
                } else {
                    policy = name;
                }
            } else if (d instanceof Ast.TimeLimitDecl t) {
                Long v = positiveTime(t.value(), "time_limit");
                if (v != null) timeLimit = v;
            } else if (d instanceof Ast.DeadlineDecl t) {
                Long v = positiveTime(t.value(), "deadline");
                if (v != null) deadline = v;
            } else if (d instanceof Ast.FenceDecl f) {
                if (declareGlobal(f.name(), "fence", Type.FENCE, 0)) fences.add(new CheckedScript.FenceInfo(f.name().name(), f.name().pos()));
            }
        }

        List<CheckedScript.BufferLayout> layout = placeBuffers(bufferDecls, values);
        for (CheckedScript.BufferLayout b : layout) layoutByName.putIfAbsent(b.name(), b);

        List<CheckedScript.ThreadInfo> threads = new ArrayList<>();
        Map<String, Pos> threadNames = new HashMap<>();
        for (Ast.ThreadDecl t : threadDecls) {
            Pos first = threadNames.putIfAbsent(t.name().name(), t.name().pos());
            if (first != null) diags.error(t.name().pos(), "duplicate thread '" + t.name().name() + "' (first at " + first + ")");
            int core = core(t.core());
            checkThread(t);
            threads.add(new CheckedScript.ThreadInfo(t.name().name(), core, t));
        }

        return new CheckedScript(script, workload, seed, policy, timeLimit, deadline, preset, overrides, values, devices,
                layout, fences, threads, types, calls);
    }

    private static String singleName(Ast.Decl d) {
        if (d instanceof Ast.WorkloadDecl) return "workload";
        if (d instanceof Ast.SeedDecl) return "seed";
        if (d instanceof Ast.PolicyDecl) return "policy";
        if (d instanceof Ast.TimeLimitDecl) return "time_limit";
        if (d instanceof Ast.DeadlineDecl) return "deadline";
        if (d instanceof Ast.SystemDecl) return "system";
        return null;
    }

    static String baseName(String file) {
        String f = file.replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    // ---- parameters ----

    private void settings(Ast.SystemDecl system, Map<String, Object> overrides) {
        Map<String, Pos> seen = new HashMap<>();
        for (Ast.Setting s : system.settings()) {
            ParamDecl d = registry.find(s.name());
            if (d == null) {
                diags.error(s.pos(), "unknown parameter '" + s.name() + "'" + Names.didYouMean(registry.nearest(s.name(), 3)));
                continue;
            }
            Pos first = seen.putIfAbsent(d.name(), s.pos());
            if (first != null) {
                diags.error(s.pos(), d.name() + " is set twice (first at " + first + ")");
                continue;
            }
            ParamValueParser.Parsed p = ParamValueParser.parse(d, s.quoted() ? "\"" + s.value() + "\"" : s.value());
            if (!p.ok()) {
                diags.error(s.valuePos().line(), s.valuePos().col() + (s.quoted() ? 0 : p.offset()), p.error());
                rejectedParams.add(d.name());
                continue;
            }
            overrides.put(d.name(), p.value());
        }
    }

    private long dramSize(ParamValues values) {
        if (registry.find("dram.size") == null) return DEFAULT_DRAM;
        Object v = values.get("dram.size");
        return v instanceof Long ? (Long) v : DEFAULT_DRAM;
    }

    // ---- constants ----

    private Const constant(Ast.Expr e, String what) {
        Const c = constant0(e, what);
        types.put(e, c == null ? Type.ERROR : Type.number(c.dim()));
        return c;
    }

    /**
     * The value of a constant expression. {@code what} names it in errors; null evaluates quietly
     * (no errors, no types recorded) and gives null for anything but literals. Same arithmetic as
     * the run ({@code ScriptThread}): truncating division, floor modulo.
     */
    private Const constant0(Ast.Expr e, String what) {
        if (e instanceof Ast.Num n) return n.dim() == null ? null : new Const(n.value(), n.dim()); // null: reported by the lexer
        if (e instanceof Ast.Neg n) {
            Const c = operand(n.operand(), what);
            if (c == null) return null;
            if (c.value() == Long.MIN_VALUE) return fail(e, what, "number too large");
            return new Const(-c.value(), c.dim());
        }
        if (e instanceof Ast.Binary b && b.op() != Ast.BinOp.OR) {
            Const l = operand(b.left(), what), r = operand(b.right(), what);
            if (l == null || r == null) return null;
            Dim d = arith(b.op(), l.dim(), r.dim());
            if (d == null) return fail(b, what, arithError(b.op(), Type.number(l.dim()), Type.number(r.dim())));
            try {
                switch (b.op()) {
                    case ADD: return new Const(Math.addExact(l.value(), r.value()), d);
                    case SUB: return new Const(Math.subtractExact(l.value(), r.value()), d);
                    case MUL: return new Const(Math.multiplyExact(l.value(), r.value()), d);
                    default:
                        if (r.value() == 0) return fail(b, what, b.op() == Ast.BinOp.DIV ? "division by zero" : "modulo by zero");
                        return new Const(b.op() == Ast.BinOp.DIV ? l.value() / r.value() : Math.floorMod(l.value(), r.value()), d);
                }
            } catch (ArithmeticException ex) {
                return fail(b, what, "number too large");
            }
        }
        return fail(e, what, what + " must be a constant: numbers (with units) and arithmetic on them, no names or calls");
    }

    private Const operand(Ast.Expr e, String what) { return what == null ? constant0(e, null) : constant(e, what); }

    private Const fail(Ast.Expr e, String what, String message) {
        if (what != null) diags.error(e.pos(), message);
        return null;
    }

    /** The value of an expression made of literals only, or null (reports nothing: the type checks do). */
    private Const literal(Ast.Expr e) { return constant0(e, null); }

    private Long positiveTime(Ast.Expr e, String what) {
        Const c = constant(e, what);
        if (c == null) return null;
        if (c.dim() != Dim.TIME) {
            diags.error(e.pos(), what + " takes a time (" + Units.listOf(Dim.TIME) + "), got "
                    + (c.dim() == Dim.COUNT ? "a plain number: write a unit, e.g. " + c.value() + "s" : c.dim().withArticle()));
            return null;
        }
        if (c.value() <= 0) {
            diags.error(e.pos(), what + " must be more than 0");
            return null;
        }
        return c.value();
    }

    /** The dimension of {@code l op r}, or null if they do not combine. */
    static Dim arith(Ast.BinOp op, Dim l, Dim r) {
        switch (op) {
            case ADD: case SUB: return l == r ? l : null;
            case MUL: return l == Dim.COUNT ? r : r == Dim.COUNT ? l : null;
            case DIV: return r == Dim.COUNT ? l : l == r ? Dim.COUNT : null;
            case MOD: return r == Dim.COUNT || l == r ? l : null;
            default: return null;
        }
    }

    private static String arithError(Ast.BinOp op, Type l, Type r) {
        switch (op) {
            case ADD: return "cannot add " + l.shown() + " and " + r.shown();
            case SUB: return "cannot subtract " + r.shown() + " from " + l.shown();
            case MUL: return "cannot multiply " + l.shown() + " by " + r.shown();
            case DIV: return "cannot divide " + l.shown() + " by " + r.shown();
            default: return "cannot take " + l.shown() + " modulo " + r.shown();
        }
    }

    // ---- declarations ----

    private boolean declareGlobal(Ast.Ident name, String what, Type type, int count) {
        String n = name.name();
        Global g = globals.get(n);
        if (g != null) {
            diags.error(name.pos(), "'" + n + "' is already declared as a " + g.what() + " at " + g.pos());
            return false;
        }
        if (Operations.kindOf(n) != null) {
            diags.error(name.pos(), "'" + n + "' is a device name; choose another name for the " + what);
            return false;
        }
        globals.put(n, new Global(what, type, name.pos(), count));
        return true;
    }

    private List<CheckedScript.BufferLayout> placeBuffers(List<Ast.BufferDecl> decls, ParamValues values) {
        long dram = dramSize(values);
        long cursor = CheckedScript.BUFFER_BASE;
        List<CheckedScript.BufferLayout> out = new ArrayList<>();
        for (Ast.BufferDecl b : decls) {
            boolean ok = true;
            int count = 0;
            if (b.count() != null) {
                Const c = constant(b.count(), "the array size");
                if (c == null) {
                    ok = false;
                } else if (c.dim() != Dim.COUNT) {
                    diags.error(b.count().pos(), "the array size is a plain number, got " + c.dim().withArticle());
                    ok = false;
                } else if (c.value() < 1) {
                    diags.error(b.count().pos(), "a buffer array needs at least 1 element, got " + c.value());
                    ok = false;
                } else if (c.value() > MAX_ARRAY) {
                    diags.error(b.count().pos(), "a buffer array has at most " + MAX_ARRAY + " elements, got " + c.value());
                    ok = false;
                } else {
                    count = (int) c.value();
                }
            }
            long size = 0, width = 0, height = 0, stride = 0;
            PixelFormat format = null;
            if (b.shape() instanceof Ast.ImageShape img) {
                format = PixelFormat.find(img.format().name());
                width = img.width();
                height = img.height();
                if (format == null) {
                    diags.error(img.format().pos(), "unknown pixel format '" + img.format().name() + "' (expected "
                            + String.join(", ", PixelFormat.names()) + ")" + Names.didYouMean(img.format().name(), PixelFormat.names()));
                    ok = false;
                } else if (format == PixelFormat.NV12 && (width % 2 != 0 || height % 2 != 0)) {
                    diags.error(img.pos(), "NV12 needs an even width and height, got " + width + "x" + height);
                    ok = false;
                } else if (format == PixelFormat.YUYV && width % 2 != 0) {
                    diags.error(img.pos(), "YUYV needs an even width, got " + width);
                    ok = false;
                } else {
                    size = format.bytes(width, height);
                    stride = format.stride(width);
                }
            } else {
                Ast.SizeShape s = (Ast.SizeShape) b.shape();
                Const c = constant(s.size(), "a buffer's size");
                if (c == null) {
                    ok = false;
                } else if (c.dim() != Dim.SIZE) {
                    diags.error(s.size().pos(), "a buffer's size takes a size (" + Units.listOf(Dim.SIZE) + "), got "
                            + (c.dim() == Dim.COUNT ? "a plain number: write a unit, e.g. " + c.value() + "B" : c.dim().withArticle()));
                    ok = false;
                } else if (c.value() < 1) {
                    diags.error(s.size().pos(), "a buffer needs at least 1 byte");
                    ok = false;
                } else {
                    size = c.value();
                }
            }
            long align = CheckedScript.DEFAULT_ALIGN;
            if (b.align() != null) {
                Const c = constant(b.align(), "align");
                if (c == null) {
                    ok = false;
                } else if (c.dim() != Dim.SIZE) {
                    diags.error(b.align().pos(), "align takes a size (" + Units.listOf(Dim.SIZE) + "), got "
                            + (c.dim() == Dim.COUNT ? "a plain number: write a unit, e.g. " + c.value() + "B" : c.dim().withArticle()));
                    ok = false;
                } else if (c.value() < 1 || (c.value() & (c.value() - 1)) != 0) {
                    diags.error(b.align().pos(), "align must be a power of two, got " + ParamFormat.format(ParamKind.SIZE, c.value()));
                    ok = false;
                } else {
                    align = c.value();
                }
            }
            declareGlobal(b.name(), "buffer", count > 0 || b.count() != null ? Type.list(Type.BUFFER) : Type.BUFFER, count);
            if (!ok) continue;
            int n = Math.max(count, 1);
            for (int k = 0; k < n; k++) {
                long addr, end;
                try {
                    addr = Math.addExact(cursor, align - 1) & -align;
                    end = Math.addExact(addr, size);
                } catch (ArithmeticException ex) {
                    addr = Long.MAX_VALUE;
                    end = Long.MAX_VALUE;
                }
                if (end - CheckedScript.BUFFER_BASE > dram) {
                    diags.error(b.pos(), "buffer '" + (count > 0 ? b.name().name() + "[" + k + "]" : b.name().name())
                            + "' does not fit in memory: " + (addr == Long.MAX_VALUE ? "it is too large" : "it would end at 0x"
                            + Long.toHexString(end)) + ", but dram.size = " + ParamFormat.format(ParamKind.SIZE, dram)
                            + " from 0x" + Long.toHexString(CheckedScript.BUFFER_BASE));
                    break;
                }
                out.add(new CheckedScript.BufferLayout(b.name().name(), k, count, addr, size, align, width, height, format, stride,
                        b.name().pos()));
                cursor = end;
            }
        }
        return out;
    }

    private int core(Ast.Ident core) {
        if (core == null) return 0;
        String n = core.name();
        if (Operations.kindOf(n) == Operations.Receiver.CPU && devices.exists(n)) return Operations.indexOf(n);
        List<String> cpus = devices.names(Operations.Receiver.CPU);
        String why = Operations.kindOf(n) == Operations.Receiver.CPU ? " " + devices.describe(Operations.Receiver.CPU) : "";
        diags.error(core.pos(), "unknown core '" + n + "'" + why + Names.didYouMean(n, cpus));
        return 0;
    }

    // ---- threads ----

    private void checkThread(Ast.ThreadDecl t) {
        vars = new HashMap<>();
        varPos = new HashMap<>();
        loopVars = new HashSet<>();
        assignedSomewhere = new HashSet<>();
        Deque<Ast.Block> todo = new ArrayDeque<>();
        todo.push(t.body());
        while (!todo.isEmpty()) {
            for (Ast.Stmt s : todo.pop().stmts()) {
                if (s instanceof Ast.Assign a) assignedSomewhere.add(a.target().name());
                else if (s instanceof Ast.Repeat r) todo.push(r.body());
                else if (s instanceof Ast.Span sp) todo.push(sp.body());
            }
        }
        block(t.body());
    }

    private void block(Ast.Block b) {
        for (Ast.Stmt s : b.stmts()) statement(s);
    }

    private void statement(Ast.Stmt s) {
        if (s instanceof Ast.Assign a) {
            assign(a);
        } else if (s instanceof Ast.ExprStmt e) {
            if (e.expr() instanceof Ast.Call c) {
                if (c.op() == Operations.Op.EXP && c.receiver() == null) {
                    diags.error(c.pos(), "exp(...) is only valid as interval=exp(...) of tgN.stream");
                    types.put(c, Type.ERROR);
                } else {
                    typeOf(c);
                }
            } else {
                Type t = typeOf(e.expr());
                if (!t.isError()) diags.error(e.pos(), "this expression does nothing; expected a call or an assignment");
            }
        } else if (s instanceof Ast.Repeat r) {
            // The literal argument checks skip a body that never runs (repeat 0 to switch code off).
            Const k = literal(r.count());
            boolean never = k != null && k.value() == 0;
            if (never) neverRuns++;
            try {
                repeat(r);
            } finally {
                if (never) neverRuns--;
            }
        } else if (s instanceof Ast.Span sp) {
            if (sp.name().isBlank()) diags.error(sp.pos(), "a span needs a name");
            block(sp.body());
        }
    }

    private void repeat(Ast.Repeat r) {
        Type t = typeOf(r.count());
        if (!t.isError() && !t.isNumber(Dim.COUNT)) diags.error(r.count().pos(), "repeat takes a plain number, got " + t.shown());
        if (r.count() instanceof Ast.Neg) diags.error(r.count().pos(), "repeat takes a number of 0 or more");
        if (r.var() == null) {
            block(r.body());
            return;
        }
        String n = r.var().name();
        boolean usable = checkLocalName(r.var(), "a loop variable");
        if (usable && loopVars.contains(n)) {
            diags.error(r.var().pos(), "loop variable '" + n + "' is already used by an enclosing repeat");
            usable = false;
        }
        if (usable && vars.containsKey(n) && !vars.get(n).isNumber(Dim.COUNT) && !vars.get(n).isError()) {
            diags.error(r.var().pos(), "'" + n + "' holds " + vars.get(n).shown() + " (since " + varPos.get(n) + "); a loop variable is a number");
            usable = false;
        }
        boolean wasVar = vars.containsKey(n);
        if (usable) {
            vars.put(n, Type.COUNT);
            varPos.putIfAbsent(n, r.var().pos());
            loopVars.add(n);
        }
        block(r.body());
        if (usable) {
            loopVars.remove(n);
            if (!wasVar) {
                vars.remove(n);
                varPos.remove(n);
            }
        }
    }

    /** False (and reported) if {@code id} may not name a local: a global or a device. */
    private boolean checkLocalName(Ast.Ident id, String what) {
        String n = id.name();
        Global g = globals.get(n);
        if (g != null) {
            diags.error(id.pos(), "'" + n + "' is the " + g.what() + " declared at " + g.pos() + "; " + what + " needs another name");
            return false;
        }
        if (Operations.kindOf(n) != null) {
            diags.error(id.pos(), "'" + n + "' is a device name; " + what + " needs another name");
            return false;
        }
        return true;
    }

    private void assign(Ast.Assign a) {
        Type v = typeOf(a.value());
        String n = a.target().name();
        if (!checkLocalName(a.target(), "a variable")) return;
        if (loopVars.contains(n)) {
            diags.error(a.target().pos(), "cannot assign to the loop variable '" + n + "'");
            return;
        }
        if (!v.isError()) {
            String bad = null;
            switch (v.kind()) {
                case NONE:
                    bad = (a.value() instanceof Ast.Call c ? c.shownName() + "(...)" : "this") + " returns nothing";
                    break;
                case WORD: case STRING: case DEVICE: case INTERVAL:
                    bad = "a variable holds a number, range, buffer, fence or list, not " + v.shown();
                    break;
                default:
            }
            if (bad != null) {
                diags.error(a.value().pos(), bad);
                v = Type.ERROR;
            }
        }
        Type old = vars.get(n);
        if (old == null) {
            vars.put(n, v);
            varPos.put(n, a.target().pos());
        } else if (!compatible(old, v)) {
            diags.error(a.target().pos(), "'" + n + "' holds " + old.shown() + " (since " + varPos.get(n) + "); it cannot hold "
                    + v.shown() + " as well");
        } else if (old.isError() && !v.isError()) {
            vars.put(n, v);
        }
    }

    private static boolean compatible(Type a, Type b) {
        if (a.isError() || b.isError()) {
            if (a.is(Type.Kind.LIST) && b.is(Type.Kind.LIST)) return true;
            return a.is(Type.Kind.ERROR) || b.is(Type.Kind.ERROR);
        }
        return a.equals(b);
    }

    // ---- expressions ----

    Type typeOf(Ast.Expr e) {
        Type t = compute(e);
        types.put(e, t);
        return t;
    }

    private Type compute(Ast.Expr e) {
        if (e instanceof Ast.Num n) return n.dim() == null ? Type.ERROR : Type.number(n.dim());
        if (e instanceof Ast.Str) return Type.STRING;
        if (e instanceof Ast.Name n) return name(n);
        if (e instanceof Ast.Neg n) {
            Type t = typeOf(n.operand());
            if (t.isError() || t.is(Type.Kind.NUMBER)) return t;
            diags.error(n.pos(), "cannot negate " + t.shown());
            return Type.ERROR;
        }
        if (e instanceof Ast.Binary b) {
            if (b.op() == Ast.BinOp.OR) {
                diags.error(b.pos(), "'|' only combines flag words, as in flags=no_cache_invalidate|no_cache_clean");
                return Type.ERROR;
            }
            Type l = typeOf(b.left()), r = typeOf(b.right());
            if (l.isError() || r.isError()) return Type.ERROR;
            if (!l.is(Type.Kind.NUMBER) || !r.is(Type.Kind.NUMBER)) {
                diags.error(b.pos(), "'" + b.op().symbol() + "' needs numbers, got " + l.shown() + " and " + r.shown());
                return Type.ERROR;
            }
            Dim d = arith(b.op(), l.dim(), r.dim());
            if (d == null) {
                diags.error(b.pos(), arithError(b.op(), l, r));
                return Type.ERROR;
            }
            if ((b.op() == Ast.BinOp.DIV || b.op() == Ast.BinOp.MOD) && b.right() instanceof Ast.Num z && z.value() == 0) {
                diags.error(b.pos(), "division by zero");
                return Type.ERROR;
            }
            return Type.number(d);
        }
        if (e instanceof Ast.RangeExpr r) {
            Type l = typeOf(r.from()), h = typeOf(r.to());
            if (l.isError() || h.isError()) return Type.ERROR;
            if (!l.is(Type.Kind.NUMBER) || !h.is(Type.Kind.NUMBER)) {
                diags.error(r.pos(), "a range needs numbers, got " + l.shown() + " and " + h.shown());
                return Type.ERROR;
            }
            if (l.dim() == h.dim() || h.dim() == Dim.COUNT) return Type.range(l.dim());
            if (l.dim() == Dim.COUNT) return Type.range(h.dim());
            diags.error(r.pos(), "a range from " + l.shown() + " to " + h.shown());
            return Type.ERROR;
        }
        if (e instanceof Ast.ListExpr l) {
            Type elem = null;
            boolean broken = false;
            for (Ast.Expr item : l.items()) {
                Type t = typeOf(item);
                if (t.isError()) { broken = true; continue; }
                if (!(t.is(Type.Kind.NUMBER) || t.is(Type.Kind.BUFFER) || t.is(Type.Kind.FENCE))) {
                    diags.error(item.pos(), "a list holds buffers, fences or numbers, not " + t.shown());
                    broken = true;
                } else if (elem == null) {
                    elem = t;
                } else if (!elem.equals(t)) {
                    diags.error(item.pos(), "a list cannot mix " + elem.shown() + " and " + t.shown());
                    broken = true;
                }
            }
            if (broken && elem == null) return Type.ERROR;
            return Type.list(elem == null ? Type.ERROR : elem);
        }
        if (e instanceof Ast.Index ix) {
            Type t = typeOf(ix.target());
            Type i = typeOf(ix.index());
            if (!i.isError() && !i.isNumber(Dim.COUNT)) {
                diags.error(ix.index().pos(), "an index is a plain number, got " + i.shown());
                return Type.ERROR;
            }
            if (t.is(Type.Kind.ERROR)) return Type.ERROR;
            if (!t.is(Type.Kind.LIST)) {
                diags.error(ix.pos(), "cannot index " + t.shown());
                return Type.ERROR;
            }
            if (ix.target() instanceof Ast.Name n && !vars.containsKey(n.name()) && globals.get(n.name()) != null
                    && ix.index() instanceof Ast.Num k) {
                int count = globals.get(n.name()).count();
                if (count > 0 && k.value() >= count) {
                    diags.error(ix.index().pos(), "index " + k.value() + " is out of range for " + n.name() + "[" + count + "]");
                    return Type.ERROR;
                }
            }
            return t.elem();
        }
        return call((Ast.Call) e);
    }

    private Type name(Ast.Name n) {
        String name = n.name();
        Type v = vars.get(name);
        if (v != null) return v;
        Global g = globals.get(name);
        if (g != null) return g.type();
        Operations.Receiver kind = Operations.kindOf(name);
        if (kind == Operations.Receiver.CPU) {
            diags.error(n.pos(), "'" + name + "' is a CPU core; cores are named only in 'thread NAME on " + name + "'");
            return Type.ERROR;
        }
        if (kind != null) {
            if (devices.exists(name)) return Type.DEVICE;
            diags.error(n.pos(), unknownDevice(name, kind));
            return Type.ERROR;
        }
        if (assignedSomewhere.contains(name)) {
            diags.error(n.pos(), "'" + name + "' is used before it is assigned");
            return Type.ERROR;
        }
        List<String> candidates = new ArrayList<>(vars.keySet());
        candidates.addAll(globals.keySet());
        candidates.addAll(devices.all());
        diags.error(n.pos(), "unknown name '" + name + "'" + Names.didYouMean(name, candidates));
        return Type.ERROR;
    }

    private String unknownDevice(String name, Operations.Receiver kind) {
        return "unknown device '" + name + "' " + devices.describe(kind) + Names.didYouMean(name, devices.all());
    }

    private static Type resultType(Operations.Result r) {
        switch (r) {
            case NUMBER: return Type.COUNT;
            case FENCE: return Type.FENCE;
            case BUFFER: return Type.BUFFER;
            case INTERVAL: return Type.INTERVAL;
            default: return Type.NONE;
        }
    }

    private Type call(Ast.Call c) {
        Operations.Op op = c.op();
        if (c.receiver() != null) {
            String r = c.receiver().name();
            Operations.Receiver kind = Operations.kindOf(r);
            if (kind == null) {
                diags.error(c.receiver().pos(), "unknown device '" + r + "'" + Names.didYouMean(r, devices.all()));
                return Type.ERROR;
            }
            if (kind == Operations.Receiver.CPU) {
                diags.error(c.receiver().pos(), "a CPU core has no operations: CPU work is written as plain calls such as compute(2us) or read(buf)");
                return Type.ERROR;
            }
            if (!devices.exists(r)) {
                diags.error(c.receiver().pos(), unknownDevice(r, kind));
                return Type.ERROR;
            }
            if (op == null) {
                diags.error(c.name().pos(), "'" + r + "' has no operation '" + c.name().name() + "'"
                        + Names.didYouMean(c.name().name(), Operations.methodsOf(kind))
                        + " (it has " + String.join(", ", Operations.methodsOf(kind)) + ")");
                return Type.ERROR;
            }
        } else if (op == null) {
            String n = c.name().name();
            List<String> near = Names.nearest(n, Operations.methodsOf(Operations.Receiver.NONE), 3);
            String hint = Names.didYouMean(near);
            if (near.isEmpty()) {
                for (Operations.Op o : Operations.Op.values()) {
                    if (o.method().equals(n) && o.receiver() != Operations.Receiver.NONE) {
                        String dev = devices.names(o.receiver()).isEmpty() ? o.receiver().prefix() + "0" : devices.names(o.receiver()).get(0);
                        hint = "; did you mean " + dev + "." + n + "?";
                        break;
                    }
                }
            }
            diags.error(c.name().pos(), "unknown operation '" + n + "'" + hint);
            return Type.ERROR;
        }
        return bind(c, op);
    }

    private Type bind(Ast.Call c, Operations.Op op) {
        List<Operations.OpParam> positional = op.positional();
        Operations.OpParam variadic = op.variadic() ? positional.get(positional.size() - 1) : null;
        Map<String, Ast.Expr> named = new LinkedHashMap<>();
        Map<String, Pos> givenAt = new HashMap<>();
        List<Ast.Expr> varargs = new ArrayList<>();
        boolean seenKeyword = false;
        boolean broken = false; // a binding error: a missing argument would only repeat it
        int k = 0;
        for (Ast.Arg a : c.args()) {
            Operations.OpParam p;
            if (a.keyword() == null) {
                if (seenKeyword) {
                    diags.error(a.pos(), "a positional argument cannot follow keyword arguments");
                    broken = true;
                    continue;
                }
                if (k < positional.size()) p = positional.get(k);
                else if (variadic != null) p = variadic;
                else {
                    diags.error(a.pos(), c.shownName() + " takes " + countWords(positional.size()) + " positional argument"
                            + (positional.size() == 1 ? "" : "s") + ": " + op.signature());
                    broken = true;
                    continue;
                }
                k++;
            } else {
                seenKeyword = true;
                p = op.param(a.keyword().name());
                if (p == null) {
                    List<String> names = new ArrayList<>();
                    for (Operations.OpParam q : op.params()) names.add(q.name());
                    diags.error(a.keyword().pos(), "unknown argument '" + a.keyword().name() + "' for " + c.shownName()
                            + Names.didYouMean(a.keyword().name(), names) + " (" + op.signature() + ")");
                    broken = true;
                    continue;
                }
            }
            if (p == variadic) {
                varargs.add(a.value());
            } else if (named.containsKey(p.name())) {
                diags.error(a.pos(), "argument '" + p.name() + "' of " + c.shownName() + " is given twice");
                continue;
            } else {
                named.put(p.name(), a.value());
                givenAt.put(p.name(), a.pos());
            }
            argument(c, p, a.value());
        }
        for (Operations.OpParam p : op.params()) {
            if (p.optional() || broken) continue;
            if (p == variadic ? varargs.isEmpty() : !named.containsKey(p.name())) {
                diags.error(c.name().pos(), c.shownName() + " is missing its argument '" + p.name() + "' (" + p.shownType()
                        + "): " + op.signature());
            }
        }
        for (List<String> group : op.exclusive()) {
            String first = null;
            for (String g : group) {
                if (!named.containsKey(g)) continue;
                if (first == null) first = g;
                else diags.error(givenAt.get(g), c.shownName() + " takes only one of " + String.join(", ", group)
                        + " ('" + first + "' is given already)");
            }
        }
        if (!broken) literalArguments(c, op, named);
        calls.put(c, new CheckedScript.BoundCall(c, op, named, varargs));
        return resultType(op.result());
    }

    /**
     * Errors the run would stop at, found here when the arguments are literals: a byte or row
     * range outside its buffer, rows of a buffer that is not an image, a rate or a mean interval
     * that is not positive, a negative duration or interval. Same wording as the run's errors.
     */
    private void literalArguments(Ast.Call c, Operations.Op op, Map<String, Ast.Expr> named) {
        if (neverRuns > 0) return;
        // Ranges of the operations whose run-time rules are the CPU's and the generators' (a GPU's rows are its own).
        boolean ranges = op == Operations.Op.READ || op == Operations.Op.WRITE || op == Operations.Op.TG_STREAM;
        CheckedScript.BufferLayout buf = ranges && named.containsKey("buf") ? layoutOf(named.get("buf")) : null;
        String bufName = buf == null ? null : named.get("buf") instanceof Ast.Index ix && literal(ix.index()) != null
                ? buf.name() + "[" + literal(ix.index()).value() + "]" : buf.name();
        for (Map.Entry<String, Ast.Expr> a : named.entrySet()) {
            Ast.Expr e = a.getValue();
            String error = null;
            switch (op.param(a.getKey()).type()) {
                case BYTES -> {
                    long[] r = literalRange(e);
                    if (buf != null && r != null) error = ArgumentRules.bytes(bufName, buf.size(), r[0], r[1]);
                }
                case ROWS -> {
                    if (buf == null) break;
                    long[] r = buf.isImage() ? literalRange(e) : new long[]{0, 0};   // on a plain buffer, any rows are wrong
                    if (r != null) error = ArgumentRules.rows(bufName, buf.isImage() ? buf.height() : 0, r[0], r[1]);
                }
                case RATE -> {
                    Const v = literal(e);
                    if (v != null) error = ArgumentRules.rate(v.value());
                }
                case TIME, TIME_OR_CYCLES -> {
                    Const v = literal(e);
                    if (v == null) break;
                    if (op == Operations.Op.EXP) error = ArgumentRules.expMean(v.value());
                    else if (op == Operations.Op.COMPUTE || op == Operations.Op.SLEEP) {
                        error = ArgumentRules.duration(c.shownName(), v.value(), v.dim() == Dim.TIME ? Time.format(v.value()) : v.value() + " cycles");
                    }
                }
                case INTERVAL -> {
                    Const v = literal(e);
                    if (v != null) error = ArgumentRules.interval(v.value());
                }
                default -> { }
            }
            if (error != null) diags.error(start(e), c.shownName() + ": " + error);
        }
    }

    /** Where an expression's text begins (an operator node's own position is its operator's). */
    private static Pos start(Ast.Expr e) {
        while (true) {
            if (e instanceof Ast.RangeExpr r) e = r.from();
            else if (e instanceof Ast.Binary b) e = b.left();
            else return e.pos();
        }
    }

    /** The buffer a buffer argument names, when that is known here: a buffer's name, or an element of an array. */
    private CheckedScript.BufferLayout layoutOf(Ast.Expr e) {
        if (e instanceof Ast.Index ix) e = ix.target();
        if (!(e instanceof Ast.Name n) || vars.containsKey(n.name())) return null;
        return layoutByName.get(n.name());
    }

    /** {@code [from, to)} of a literal range {@code a..b} or size {@code n}; null if not made of literals. */
    private long[] literalRange(Ast.Expr e) {
        if (e instanceof Ast.RangeExpr r) {
            Const a = literal(r.from()), b = literal(r.to());
            if (a == null || b == null) return null;
            if (b.value() < a.value()) {
                diags.error(r.pos(), "empty range " + a.value() + ".." + b.value() + " (the end is before the start)");
                return null;
            }
            return new long[]{a.value(), b.value()};
        }
        Const n = literal(e);
        return n == null ? null : new long[]{0, n.value()};
    }


    private static String countWords(int n) {
        switch (n) {
            case 0: return "no";
            case 1: return "one";
            case 2: return "two";
            case 3: return "three";
            default: return Integer.toString(n);
        }
    }

    private void argument(Ast.Call c, Operations.OpParam p, Ast.Expr e) {
        String where = "'" + p.name() + "' of " + c.shownName();
        switch (p.type()) {
            case WORD: case BOOL:
                word(c, p, e, where);
                return;
            case FLAGS:
                flags(c, p, e, where);
                return;
            case DEVICE: {
                if (e instanceof Ast.Name n && !vars.containsKey(n.name()) && !globals.containsKey(n.name())) {
                    Operations.Receiver kind = Operations.kindOf(n.name());
                    if (kind == Operations.Receiver.SLI || kind == Operations.Receiver.CPU) {
                        diags.error(e.pos(), where + " takes a device that maps buffers (gpuN, dmaN, tgN, cam0, disp0), got '"
                                + n.name() + "'");
                        types.put(e, Type.ERROR);
                        return;
                    }
                }
                Type t = typeOf(e);
                if (!t.isError() && !t.is(Type.Kind.DEVICE)) {
                    diags.error(e.pos(), where + " takes a device (gpu0, dma0, tg0, cam0, disp0), got " + t.shown());
                }
                return;
            }
            case INTERVAL: {
                Type t = typeOf(e);
                if (!t.isError() && !t.is(Type.Kind.INTERVAL) && !t.isNumber(Dim.TIME)) {
                    diags.error(e.pos(), where + " takes a time (" + Units.listOf(Dim.TIME) + ") or exp(time), got " + t.shown());
                }
                return;
            }
            default: {
                Type t = typeOf(e);
                if (t.isError() || accepts(p.type(), t)) return;
                diags.error(e.pos(), where + " takes " + expected(p.type()) + ", got " + t.shown());
            }
        }
    }

    private static String expected(Operations.ArgType t) {
        switch (t) {
            case TIME: return "a time (" + Units.listOf(Dim.TIME) + ")";
            case TIME_OR_CYCLES: return "a time or cycles (e.g. 2us or 5000 cycles)";
            case CYCLES: return "cycles (e.g. 8 cycles)";
            case RATE: return "a rate (" + Units.listOf(Dim.RATE) + ")";
            case ROWS: return "a range of rows (e.g. 0..540)";
            case BYTES: return "a range of bytes (e.g. 0..4KiB) or a size";
            default: return t.shown();
        }
    }

    static boolean accepts(Operations.ArgType p, Type t) {
        switch (p) {
            case BUFFER: return t.is(Type.Kind.BUFFER);
            case BUFFERS: return t.is(Type.Kind.BUFFER) || (t.is(Type.Kind.LIST) && (t.elem().is(Type.Kind.BUFFER) || t.elem().isError()));
            case FENCE: return t.is(Type.Kind.FENCE);
            case FENCES: return t.is(Type.Kind.FENCE) || (t.is(Type.Kind.LIST) && (t.elem().is(Type.Kind.FENCE) || t.elem().isError()));
            case COUNT: return t.isNumber(Dim.COUNT);
            case TIME: return t.isNumber(Dim.TIME);
            case TIME_OR_CYCLES: return t.isNumber(Dim.TIME) || t.isNumber(Dim.CYCLES);
            case CYCLES: return t.isNumber(Dim.CYCLES) || t.isNumber(Dim.COUNT);
            case ROWS: return t.is(Type.Kind.RANGE) && t.dim() == Dim.COUNT;
            case BYTES: return (t.is(Type.Kind.RANGE) && (t.dim() == Dim.COUNT || t.dim() == Dim.SIZE)) || t.isNumber(Dim.SIZE);
            case RATE: return t.isNumber(Dim.RATE);
            case DEVICE: return t.is(Type.Kind.DEVICE);
            case INTERVAL: return t.is(Type.Kind.INTERVAL) || t.isNumber(Dim.TIME);
            default: return false;
        }
    }

    private void word(Ast.Call c, Operations.OpParam p, Ast.Expr e, String where) {
        if (e instanceof Ast.Name n) {
            if (p.words().contains(n.name())) {
                types.put(e, Type.WORD);
            } else {
                diags.error(e.pos(), "unknown word '" + n.name() + "' for " + where + " (expected " + String.join(" | ", p.words())
                        + ")" + Names.didYouMean(n.name(), p.words()));
                types.put(e, Type.ERROR);
            }
            return;
        }
        Type t = typeOf(e);
        if (!t.isError()) diags.error(e.pos(), where + " takes " + String.join(" | ", p.words()) + ", got " + t.shown());
    }

    private void flags(Ast.Call c, Operations.OpParam p, Ast.Expr e, String where) {
        if (e instanceof Ast.Binary b && b.op() == Ast.BinOp.OR) {
            flags(c, p, b.left(), where);
            flags(c, p, b.right(), where);
            types.put(e, Type.WORD);
        } else if (e instanceof Ast.ListExpr l) {
            for (Ast.Expr item : l.items()) flags(c, p, item, where);
            types.put(e, Type.WORD);
        } else {
            word(c, p, e, where);
        }
    }
}
