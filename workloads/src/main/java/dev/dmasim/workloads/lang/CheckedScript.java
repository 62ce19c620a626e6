package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A script that passed every check, with everything the interpreter needs resolved: the
 * parameters, the buffer layout, fences, threads and their cores, and for every expression
 * its static type and for every call its arguments bound to the operation's parameters.
 */
public final class CheckedScript {
    /** Where buffers start: DRAM is taken to be mapped at this 4 KiB-aligned address. */
    public static final long BUFFER_BASE = 0x1000_0000L;
    public static final long DEFAULT_ALIGN = 4096;
    public static final long DEFAULT_SEED = 1;
    public static final long DEFAULT_TIME_LIMIT_PS = 60_000_000_000_000L;
    public static final String DEFAULT_POLICY = "implicit";
    public static final String DEFAULT_PRESET = "soc";
    public static final List<String> POLICIES = List.of("nonblocking", "enforced", "exclusive", "implicit", "explicit");

    /**
     * One buffer (one element of a buffer array). Plain buffers have width, height and stride 0
     * and a null format.
     *
     * @param count  the array's length, or 0 for a buffer declared without {@code [N]}
     * @param stride bytes per row of the first plane (image buffers)
     */
    public record BufferLayout(String name, int index, int count, long address, long size, long align,
                               long width, long height, PixelFormat format, long stride, Pos pos) {
        public boolean isArray() { return count > 0; }

        public boolean isImage() { return format != null; }

        public long end() { return address + size; }

        /** {@code fb[2]} or {@code tex}. */
        public String label() { return isArray() ? name + "[" + index + "]" : name; }
    }

    public record FenceInfo(String name, Pos pos) {}

    /** A thread and the core it is pinned to. */
    public record ThreadInfo(String name, int core, Ast.ThreadDecl decl) {}

    /**
     * A call's arguments by parameter name (positional ones included under their parameter's
     * name); {@code varargs} holds every value of a variadic parameter ({@code merge}), in order.
     */
    public record BoundCall(Ast.Call call, Operations.Op op, Map<String, Ast.Expr> args, List<Ast.Expr> varargs) {
        public BoundCall {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
            varargs = List.copyOf(varargs);
        }

        public boolean has(String param) { return args.containsKey(param); }

        /** The argument given for {@code param}, or null. */
        public Ast.Expr arg(String param) { return args.get(param); }

        /**
         * The words of a word, boolean or flags argument ({@code read}, {@code true},
         * {@code no_cache_invalidate|no_cache_clean} or {@code [a, b]}); empty if not given.
         */
        public List<String> words(String param) {
            List<String> out = new ArrayList<>();
            Ast.Expr e = args.get(param);
            if (e != null) collectWords(e, out);
            return out;
        }

        private static void collectWords(Ast.Expr e, List<String> out) {
            if (e instanceof Ast.Name n) out.add(n.name());
            else if (e instanceof Ast.Binary b && b.op() == Ast.BinOp.OR) {
                collectWords(b.left(), out);
                collectWords(b.right(), out);
            } else if (e instanceof Ast.ListExpr l) {
                for (Ast.Expr i : l.items()) collectWords(i, out);
            }
        }
    }

    private final Ast.Script ast;
    private final String workload;
    private final long seed;
    private final String policy;
    private final long timeLimitPs;
    private final long deadlinePs;
    private final String preset;
    private final Map<String, Object> overrides;
    private final ParamValues params;
    private final Devices devices;
    private final List<BufferLayout> buffers;
    private final List<FenceInfo> fences;
    private final List<ThreadInfo> threads;
    private final IdentityHashMap<Ast.Expr, Type> types;
    private final IdentityHashMap<Ast.Call, BoundCall> calls;

    CheckedScript(Ast.Script ast, String workload, long seed, String policy, long timeLimitPs, long deadlinePs, String preset,
                  Map<String, Object> overrides, ParamValues params, Devices devices, List<BufferLayout> buffers,
                  List<FenceInfo> fences, List<ThreadInfo> threads, IdentityHashMap<Ast.Expr, Type> types,
                  IdentityHashMap<Ast.Call, BoundCall> calls) {
        this.ast = ast;
        this.workload = workload;
        this.seed = seed;
        this.policy = policy;
        this.timeLimitPs = timeLimitPs;
        this.deadlinePs = deadlinePs;
        this.preset = preset;
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        this.params = params;
        this.devices = devices;
        this.buffers = List.copyOf(buffers);
        this.fences = List.copyOf(fences);
        this.threads = List.copyOf(threads);
        this.types = types;
        this.calls = calls;
    }

    public Ast.Script ast() { return ast; }

    /** The {@code workload} name, or the file name without directory and extension. */
    public String workload() { return workload; }

    public long seed() { return seed; }

    /** The script's policy (default implicit); {@code --policy} is applied by the caller. */
    public String policy() { return policy; }

    public long timeLimitPs() { return timeLimitPs; }

    /** The per-frame deadline, or {@link dev.dmasim.core.time.Time#NEVER} when there is none. */
    public long deadlinePs() { return deadlinePs; }

    public boolean hasDeadline() { return deadlinePs != dev.dmasim.core.time.Time.NEVER; }

    public String preset() { return preset; }

    /** Preset values, then the script's {@code system} values, then {@code --set}: ready for {@link ParamValues#resolve}. */
    public Map<String, Object> overrides() { return overrides; }

    /** The overrides resolved against the registry. */
    public ParamValues params() { return params; }

    public Devices devices() { return devices; }

    /** Every buffer (array elements one by one) in address order. */
    public List<BufferLayout> buffers() { return buffers; }

    /** The elements of one declared buffer (one for a plain buffer), or an empty list. */
    public List<BufferLayout> buffer(String name) {
        List<BufferLayout> out = new ArrayList<>();
        for (BufferLayout b : buffers) if (b.name().equals(name)) out.add(b);
        return out;
    }

    public List<FenceInfo> fences() { return fences; }

    public List<ThreadInfo> threads() { return threads; }

    /** The static type of an expression of this script's AST. */
    public Type typeOf(Ast.Expr e) {
        Type t = types.get(e);
        if (t == null) throw new IllegalStateException("invariant: expression at " + e.pos() + " was not checked");
        return t;
    }

    /** The bound arguments of a call of this script's AST. */
    public BoundCall bound(Ast.Call call) {
        BoundCall b = calls.get(call);
        if (b == null) throw new IllegalStateException("invariant: call at " + call.pos() + " was not checked");
        return b;
    }
}
