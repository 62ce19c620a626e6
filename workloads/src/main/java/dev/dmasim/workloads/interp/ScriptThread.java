package dev.dmasim.workloads.interp;

import dev.dmasim.workloads.interp.Values.BufferArray;
import dev.dmasim.workloads.interp.Values.Device;
import dev.dmasim.workloads.interp.Values.ExpInterval;
import dev.dmasim.workloads.interp.Values.Quantity;
import dev.dmasim.workloads.interp.Values.Range;
import dev.dmasim.workloads.interp.Values.Word;
import dev.dmasim.workloads.lang.Ast;
import dev.dmasim.workloads.lang.CheckedScript;
import dev.dmasim.workloads.lang.Dim;
import dev.dmasim.workloads.lang.Operations;
import dev.dmasim.workloads.lang.Operations.ArgType;
import dev.dmasim.workloads.lang.Operations.Op;
import dev.dmasim.workloads.lang.Operations.OpParam;
import dev.dmasim.workloads.lang.Pos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One script thread as a simulated agent. It runs statements until an operation has to wait
 * for simulated time, and resumes when the machine completes it.
 *
 * <p>Operations may sit anywhere inside an expression ({@code wait(gpu0.render(b))}). Rather
 * than compile to continuation-passing form, a waiting statement is re-evaluated from the start
 * when it resumes, with the results of the calls already made taken from a per-statement memo
 * keyed by call node: expressions have no side effects besides calls, so the replay computes
 * the same values and never repeats an operation.
 */
public final class ScriptThread {
    /** Unwinds an evaluation that has to wait; carries no stack trace. */
    private static final class Suspend extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Suspend INSTANCE = new Suspend();

        private Suspend() { super(null, null, false, false); }
    }

    /** Collects span durations. */
    public interface SpanRecorder {
        void record(String thread, String span, long startPs, long endPs);
    }

    private abstract static class Frame {
        final List<Ast.Stmt> stmts;
        int next;

        Frame(List<Ast.Stmt> stmts) { this.stmts = stmts; }
    }

    private static final class BlockFrame extends Frame {
        BlockFrame(List<Ast.Stmt> stmts) { super(stmts); }
    }

    private static final class RepeatFrame extends Frame {
        final String var;
        final long count;
        long iteration;

        RepeatFrame(List<Ast.Stmt> stmts, String var, long count) {
            super(stmts);
            this.var = var;
            this.count = count;
        }
    }

    private static final class SpanFrame extends Frame {
        final String name;
        final long start;

        SpanFrame(List<Ast.Stmt> stmts, String name, long start) {
            super(stmts);
            this.name = name;
            this.start = start;
        }
    }

    private final String name;
    private final Machine machine;
    private final Machine.ThreadContext context;
    private final Map<String, Object> globals;
    private final SpanRecorder spans;
    private final Function<Ast.Call, CheckedScript.BoundCall> binding;
    private final Map<String, Object> locals = new HashMap<>();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final Map<Ast.Call, Object> memo = new IdentityHashMap<>();
    private static final Object NO_VALUE = new Object();

    private Ast.Call pendingCall;
    private boolean issuing;
    private boolean completedWhileIssuing;
    private boolean running;
    private boolean finished;
    private ScriptRuntimeError error;

    /**
     * @param binding the checker's binding of each call's arguments to its operation's parameters
     *                ({@link CheckedScript#bound})
     */
    public ScriptThread(String name, int core, Ast.Block body, Map<String, Object> globals, Machine machine, SpanRecorder spans,
                        Function<Ast.Call, CheckedScript.BoundCall> binding) {
        this.name = name;
        this.binding = binding;
        this.machine = machine;
        this.globals = globals;
        this.spans = spans;
        this.context = machine.registerThread(name, core);
        frames.push(new BlockFrame(body.stmts()));
    }

    public String name() { return name; }

    public Machine.ThreadContext context() { return context; }

    public boolean finished() { return finished; }

    /** The first user error this thread hit, if any (the run stops there). */
    public ScriptRuntimeError error() { return error; }

    /** Start (or resume) running statements. */
    public void step() {
        if (running || finished || error != null) return;
        running = true;
        try {
            run();
        } catch (ScriptRuntimeError e) {
            error = e;
        } finally {
            running = false;
        }
    }

    /**
     * Steps (statements, loop iterations) a thread may take without simulated time passing: a loop that takes no
     * simulated time never reaches {@code time_limit}, so it is reported instead of running for
     * hours of wall time (at some 30 M statements per second, this is a few seconds).
     */
    static final long ZERO_TIME_STATEMENTS = 100_000_000L;
    private long zeroTimeStatements = ZERO_TIME_STATEMENTS;

    /** For tests: a smaller budget than {@link #ZERO_TIME_STATEMENTS}. */
    void zeroTimeStatements(long n) { zeroTimeStatements = n; }

    // The simulated time the budget was last refilled at, and what is left of it: waits that take
    // no time (sleep(0)) do not refill it, only time passing does.
    private long budgetAt = -1;
    private long budget;

    private void run() {
        if (machine.now() != budgetAt) {
            budgetAt = machine.now();
            budget = zeroTimeStatements;
        }
        while (true) {
            Frame f = frames.peek();
            if (f == null) {
                finished = true;
                machine.threadFinished(context);
                return;
            }
            if (--budget < 0) {
                // At the statement the loop is on (an empty loop body has none).
                Pos at = f.stmts.isEmpty() ? null : f.stmts.get(Math.min(f.next, f.stmts.size() - 1)).pos();
                throw new ScriptRuntimeError(at, name + " ran " + zeroTimeStatements
                        + " statements without simulated time passing: a loop that takes no simulated time never reaches time_limit");
            }
            if (f.next == f.stmts.size()) {
                if (!leave(f)) frames.pop();
                continue;
            }
            Ast.Stmt s = f.stmts.get(f.next);
            boolean advance;
            try {
                advance = execute(s);
            } catch (Suspend suspend) {
                if (completedWhileIssuing) {
                    completedWhileIssuing = false;
                    continue; // the operation finished at once: replay the statement now
                }
                return;
            }
            memo.clear();
            if (advance) f.next++;
        }
    }

    /** Handles the end of a frame's statements; returns true if the frame goes on (next iteration). */
    private boolean leave(Frame f) {
        if (f instanceof RepeatFrame) {
            RepeatFrame r = (RepeatFrame) f;
            r.iteration++;
            if (r.iteration < r.count) {
                r.next = 0;
                if (r.var != null) locals.put(r.var, new Quantity(r.iteration, Dim.COUNT));
                return true;
            }
        } else if (f instanceof SpanFrame) {
            SpanFrame sp = (SpanFrame) f;
            spans.record(context.name(), sp.name, sp.start, machine.now());
        }
        return false;
    }

    /** Runs one statement; false if it pushed a frame (and advanced its own index). */
    private boolean execute(Ast.Stmt s) {
        if (s instanceof Ast.Assign) {
            Ast.Assign a = (Ast.Assign) s;
            Object v = eval(a.value(), null);
            locals.put(a.target().name(), v);
            return true;
        } else if (s instanceof Ast.ExprStmt) {
            eval(((Ast.ExprStmt) s).expr(), null);
            return true;
        } else if (s instanceof Ast.Repeat) {
            Ast.Repeat r = (Ast.Repeat) s;
            long n = number(eval(r.count(), null), r.count().pos());
            if (n < 0) throw new ScriptRuntimeError(r.count().pos(), "repeat count is negative (" + n + ")");
            // The frame is pushed after the statement counts as done (its index advanced by the caller).
            frames.peek().next++;
            if (n > 0) {
                String var = r.var() == null ? null : r.var().name();
                if (var != null) locals.put(var, new Quantity(0, Dim.COUNT));
                frames.push(new RepeatFrame(r.body().stmts(), var, n));
            }
            return false;
        } else if (s instanceof Ast.Span) {
            Ast.Span sp = (Ast.Span) s;
            frames.peek().next++;
            frames.push(new SpanFrame(sp.body().stmts(), sp.name(), machine.now()));
            return false;
        } else {
            throw new IllegalStateException("invariant: unknown statement " + s);
        }
    }

    // ---- expressions ----

    private Object eval(Ast.Expr e, OpParam param) {
        if (e instanceof Ast.Num) {
            Ast.Num n = (Ast.Num) e;
            return new Quantity(n.value(), n.dim());
        }
        if (e instanceof Ast.Str) return ((Ast.Str) e).value();
        if (e instanceof Ast.Name) return name((Ast.Name) e, param);
        if (e instanceof Ast.Neg) {
            Quantity q = quantity(eval(((Ast.Neg) e).operand(), null), e.pos());
            return new Quantity(Math.negateExact(q.value()), q.dim());
        }
        if (e instanceof Ast.Binary) return binary((Ast.Binary) e, param);
        if (e instanceof Ast.RangeExpr) {
            Ast.RangeExpr r = (Ast.RangeExpr) e;
            long from = number(eval(r.from(), null), r.from().pos());
            long to = number(eval(r.to(), null), r.to().pos());
            if (to < from) throw new ScriptRuntimeError(r.pos(), "empty range " + from + ".." + to + " (the end is before the start)");
            return new Range(from, to);
        }
        if (e instanceof Ast.ListExpr) {
            List<Object> out = new ArrayList<>();
            for (Ast.Expr item : ((Ast.ListExpr) e).items()) out.add(eval(item, param));
            return out;
        }
        if (e instanceof Ast.Index) return index((Ast.Index) e);
        if (e instanceof Ast.Call) return call((Ast.Call) e);
        throw new IllegalStateException("invariant: unknown expression " + e);
    }

    private Object name(Ast.Name n, OpParam param) {
        if (param != null && (param.type() == ArgType.WORD || param.type() == ArgType.FLAGS || param.type() == ArgType.BOOL)) {
            return new Word(n.name());
        }
        Object v = locals.get(n.name());
        if (v == null) v = globals.get(n.name());
        if (v == null && Operations.kindOf(n.name()) != null) v = new Device(n.name());
        if (v == null) throw new ScriptRuntimeError(n.pos(), "'" + n.name() + "' has no value here");
        return v;
    }

    private Object binary(Ast.Binary b, OpParam param) {
        if (b.op() == Ast.BinOp.OR) {
            Set<String> words = new LinkedHashSet<>();
            flags(eval(b.left(), param), words);
            flags(eval(b.right(), param), words);
            return new ArrayList<>(words);
        }
        Quantity l = quantity(eval(b.left(), null), b.left().pos());
        Quantity r = quantity(eval(b.right(), null), b.right().pos());
        Dim dim = l.dim() == Dim.COUNT ? r.dim() : l.dim();
        try {
            switch (b.op()) {
                case ADD: return new Quantity(Math.addExact(l.value(), r.value()), dim);
                case SUB: return new Quantity(Math.subtractExact(l.value(), r.value()), dim);
                case MUL: return new Quantity(Math.multiplyExact(l.value(), r.value()), dim);
                case DIV:
                    if (r.value() == 0) throw new ScriptRuntimeError(b.pos(), "division by zero");
                    return new Quantity(l.value() / r.value(), r.dim() == l.dim() ? Dim.COUNT : l.dim());
                case MOD:
                    if (r.value() == 0) throw new ScriptRuntimeError(b.pos(), "modulo by zero");
                    return new Quantity(Math.floorMod(l.value(), r.value()), l.dim());
                default: throw new IllegalStateException("invariant: operator " + b.op());
            }
        } catch (ArithmeticException overflow) {
            throw new ScriptRuntimeError(b.pos(), "arithmetic overflow");
        }
    }

    private static void flags(Object v, Set<String> out) {
        if (v instanceof Word) out.add(((Word) v).word());
        else if (v instanceof List) for (Object o : (List<?>) v) flags(o, out);
    }

    private Object index(Ast.Index ix) {
        Object target = eval(ix.target(), null);
        long i = number(eval(ix.index(), null), ix.index().pos());
        List<?> items;
        String what;
        if (target instanceof BufferArray) {
            items = ((BufferArray) target).elements();
            what = "buffer array " + ((BufferArray) target).name();
        } else if (target instanceof List) {
            items = (List<?>) target;
            what = "list";
        } else {
            throw new ScriptRuntimeError(ix.pos(), "only buffer arrays and lists can be indexed");
        }
        if (i < 0 || i >= items.size()) {
            throw new ScriptRuntimeError(ix.index().pos(), "index " + i + " is outside the " + what + " (0.." + (items.size() - 1) + ")");
        }
        return items.get((int) i);
    }

    private Object call(Ast.Call c) {
        Object memoised = memo.get(c);
        if (memoised != null) return memoised == NO_VALUE ? null : memoised;
        Op op = c.op();
        if (op == null) throw new IllegalStateException("invariant: unchecked call " + c.shownName());
        Map<String, Object> args = bind(c, op);
        if (op == Op.EXP) {
            long mean = ((Quantity) args.get("mean")).value();
            Object v = new ExpInterval(mean);
            memo.put(c, v);
            return v;
        }
        String device = c.receiver() == null ? null : c.receiver().name();
        pendingCall = c;
        issuing = true;
        boolean[] done = {false};
        try {
            machine.invoke(context, op, device, args, result -> {
                if (done[0]) throw new IllegalStateException("invariant: " + c.shownName() + " completed twice");
                done[0] = true;
                memo.put(c, result == null ? NO_VALUE : result);
                if (issuing) {
                    completedWhileIssuing = true;
                } else {
                    step();
                }
            });
        } catch (ScriptRuntimeError e) {
            throw e.pos() != null ? e : new ScriptRuntimeError(c.pos(), c.shownName() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ScriptRuntimeError(c.pos(), c.shownName() + ": " + e.getMessage());
        } finally {
            issuing = false;
        }
        throw Suspend.INSTANCE;
    }

    /** Evaluates the arguments the checker bound to the operation's parameters (one place decides binding). */
    private Map<String, Object> bind(Ast.Call c, Op op) {
        CheckedScript.BoundCall bound = binding.apply(c);
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, Ast.Expr> a : bound.args().entrySet()) {
            args.put(a.getKey(), eval(a.getValue(), op.param(a.getKey())));
        }
        if (op.variadic()) {
            OpParam variadic = op.positional().get(op.positional().size() - 1);
            List<Object> rest = new ArrayList<>();
            for (Ast.Expr e : bound.varargs()) {
                Object v = eval(e, variadic);
                if (v instanceof List) rest.addAll((List<?>) v);
                else rest.add(v);
            }
            args.put(variadic.name(), rest);
        }
        return args;
    }

    // ---- conversions ----

    static long number(Object v, Pos pos) { return quantity(v, pos).value(); }

    static Quantity quantity(Object v, Pos pos) {
        if (v instanceof Quantity) return (Quantity) v;
        throw new ScriptRuntimeError(pos, "a number was expected");
    }

    /** For tests and diagnostics: the value of a thread variable. */
    public Object local(String var) { return locals.get(var); }
}
