package dev.dmasim.workloads.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalogue of every operation a script may call: receiver, parameters with their types,
 * and result. The checker type-checks calls against it; the interpreter dispatches on
 * {@link Op}. Positional parameters may also be given by keyword ({@code render(dst=fb)}).
 */
public final class Operations {
    private Operations() {}

    /** What a call is made on. */
    public enum Receiver {
        /** A plain call: {@code wait(f)} (CPU and dma-buf operations run on the calling thread). */
        NONE(""),
        /** CPU cores; only named by {@code thread ... on cpuN}, they have no methods. */
        CPU("cpu"),
        GPU("gpu"), SLI("sli"), DMA("dma"), CAM("cam"), DISP("disp"), TG("tg");

        private final String prefix;

        Receiver(String prefix) { this.prefix = prefix; }

        /** Device name prefix: gpu, dma, ...; "sli" is the whole name. */
        public String prefix() { return prefix; }
    }

    /** The type of one parameter, i.e. which argument values it accepts. */
    public enum ArgType {
        /** A buffer (a buffer name, an element of a buffer array, a variable holding one). */
        BUFFER("a buffer"),
        /** A buffer or a list of buffers. */
        BUFFERS("a buffer or a list of buffers"),
        /** A fence (a sync file is a fence). */
        FENCE("a fence"),
        /** A fence or a list of fences. */
        FENCES("a fence or a list of fences"),
        /** A device name: gpuN, dmaN, tgN, camN, dispN. */
        DEVICE("a device"),
        /** A plain integer. */
        COUNT("a number"),
        /** A time ({@code 16ms}). */
        TIME("a time"),
        /** A time or cycles ({@code 2us}, {@code 5000 cycles}). */
        TIME_OR_CYCLES("a time or cycles"),
        /** Cycles ({@code 8 cycles}) or a plain integer meaning cycles. */
        CYCLES("cycles"),
        /** A range of rows {@code a..b}. */
        ROWS("a range of rows"),
        /** A range of byte offsets {@code a..b} (plain or sizes), or a size meaning {@code 0..size}. */
        BYTES("a range of bytes or a size"),
        /** One of the words of the parameter. */
        WORD("a word"),
        /** Zero or more of the words of the parameter, combined with {@code |} or in a list. */
        FLAGS("flags"),
        /** {@code true} or {@code false}. */
        BOOL("true or false"),
        /** A rate ({@code 2GB/s}). */
        RATE("a rate"),
        /** A time between requests ({@code 10ns}) or {@code exp(MEAN)}: exponentially distributed. */
        INTERVAL("a time or exp(time)");

        private final String shown;

        ArgType(String shown) { this.shown = shown; }

        public String shown() { return shown; }
    }

    /** What a call returns. */
    public enum Result {
        NONE, NUMBER, FENCE, BUFFER,
        /** Only {@code exp(...)}: a value usable as {@code interval=} alone. */
        INTERVAL
    }

    /**
     * One parameter. {@code words} lists the valid words of WORD, FLAGS and BOOL parameters.
     * A positional parameter comes at its place in the argument list (or by keyword); a
     * keyword-only one only as {@code name=value}.
     */
    public record OpParam(String name, ArgType type, List<String> words, boolean optional, boolean positional) {
        public OpParam { words = List.copyOf(words); }

        /** "read|write|rw" or the type. */
        public String shownType() { return words.isEmpty() || type == ArgType.BOOL ? type.shown() : String.join("|", words); }
    }

    private static OpParam pos(String name, ArgType t, String... words) {
        return new OpParam(name, t, Arrays.asList(words), false, true);
    }

    private static OpParam optPos(String name, ArgType t, String... words) {
        return new OpParam(name, t, Arrays.asList(words), true, true);
    }

    private static OpParam kw(String name, ArgType t, String... words) {
        return new OpParam(name, t, Arrays.asList(words), true, false);
    }

    private static OpParam reqKw(String name, ArgType t, String... words) {
        return new OpParam(name, t, Arrays.asList(words), false, false);
    }

    private static final String[] DIR = {"read", "write", "rw"};
    private static final String[] RW = {"read", "write"};
    private static final String[] BOOL_WORDS = {"true", "false"};

    private static OpParam[] ps(OpParam... p) { return p; }

    private static String[][] ex(String[]... groups) { return groups; }

    /** Every operation. */
    public enum Op {
        // CPU
        READ(Receiver.NONE, "read", Result.NONE, false, ps(pos("buf", ArgType.BUFFER), optPos("range", ArgType.BYTES),
                kw("bytes", ArgType.BYTES), kw("rows", ArgType.ROWS)), ex(new String[]{"range", "bytes", "rows"}),
                "loads every byte of the range (default: the whole buffer) through the core's caches"),
        WRITE(Receiver.NONE, "write", Result.NONE, false, ps(pos("buf", ArgType.BUFFER), optPos("range", ArgType.BYTES),
                kw("bytes", ArgType.BYTES), kw("rows", ArgType.ROWS)), ex(new String[]{"range", "bytes", "rows"}),
                "stores every byte of the range (default: the whole buffer) through the core's caches"),
        COMPUTE(Receiver.NONE, "compute", Result.NONE, false, ps(pos("duration", ArgType.TIME_OR_CYCLES)), ex(),
                "keeps the core busy for a time or a number of CPU cycles"),
        SLEEP(Receiver.NONE, "sleep", Result.NONE, false, ps(pos("duration", ArgType.TIME)), ex(),
                "blocks the thread for a time without using the core"),
        // dma-buf
        BEGIN_CPU_ACCESS(Receiver.NONE, "begin_cpu_access", Result.NONE, false,
                ps(pos("buf", ArgType.BUFFER), pos("dir", ArgType.WORD, DIR)), ex(), "DMA_BUF_IOCTL_SYNC with SYNC_START"),
        END_CPU_ACCESS(Receiver.NONE, "end_cpu_access", Result.NONE, false,
                ps(pos("buf", ArgType.BUFFER), pos("dir", ArgType.WORD, DIR)), ex(), "DMA_BUF_IOCTL_SYNC with SYNC_END"),
        ATTACH(Receiver.NONE, "attach", Result.NONE, false, ps(pos("dev", ArgType.DEVICE), pos("buf", ArgType.BUFFER)), ex(),
                "dma_buf_attach"),
        DETACH(Receiver.NONE, "detach", Result.NONE, false, ps(pos("dev", ArgType.DEVICE), pos("buf", ArgType.BUFFER)), ex(),
                "dma_buf_detach"),
        MAP(Receiver.NONE, "map", Result.NONE, false,
                ps(pos("dev", ArgType.DEVICE), pos("buf", ArgType.BUFFER), pos("dir", ArgType.WORD, DIR)), ex(),
                "dma_buf_map_attachment"),
        UNMAP(Receiver.NONE, "unmap", Result.NONE, false,
                ps(pos("dev", ArgType.DEVICE), pos("buf", ArgType.BUFFER), pos("dir", ArgType.WORD, DIR)), ex(),
                "dma_buf_unmap_attachment"),
        POLL(Receiver.NONE, "poll", Result.NONE, false,
                ps(pos("buf", ArgType.BUFFER), pos("events", ArgType.WORD, "in", "out"), kw("timeout", ArgType.TIME)), ex(),
                "poll() on the dma-buf fd: in = its WRITE fences, out = all of them"),
        EXPORT_SYNC_FILE(Receiver.NONE, "export_sync_file", Result.FENCE, false,
                ps(pos("buf", ArgType.BUFFER), pos("mode", ArgType.WORD, RW)), ex(), "DMA_BUF_IOCTL_EXPORT_SYNC_FILE"),
        IMPORT_SYNC_FILE(Receiver.NONE, "import_sync_file", Result.NONE, false,
                ps(pos("buf", ArgType.BUFFER), pos("fence", ArgType.FENCE), pos("mode", ArgType.WORD, RW)), ex(),
                "DMA_BUF_IOCTL_IMPORT_SYNC_FILE"),
        // fences
        FENCE(Receiver.NONE, "fence", Result.FENCE, false, ps(), ex(), "a new unsignalled user fence"),
        SIGNAL(Receiver.NONE, "signal", Result.NONE, false, ps(pos("fence", ArgType.FENCE)), ex(), "signals a user fence"),
        WAIT(Receiver.NONE, "wait", Result.NONE, false, ps(pos("fence", ArgType.FENCE), kw("timeout", ArgType.TIME)), ex(),
                "blocks until the fence signals (or the timeout expires: fence-timeout)"),
        MERGE(Receiver.NONE, "merge", Result.FENCE, true, ps(pos("fences", ArgType.FENCES)), ex(),
                "a fence that signals when all of its fences have (arguments: fences or lists of fences)"),
        SIGNALED(Receiver.NONE, "signaled", Result.NUMBER, false, ps(pos("fence", ArgType.FENCE)), ex(),
                "1 if the fence has signalled, else 0"),
        /** Not an operation of its own: only as {@code interval=exp(MEAN)} of {@code tgN.stream}. */
        EXP(Receiver.NONE, "exp", Result.INTERVAL, false, ps(pos("mean", ArgType.TIME)), ex(),
                "exponentially distributed intervals of the given mean (only as interval=)"),
        // GPUs
        GPU_RENDER(Receiver.GPU, "render", Result.FENCE, false, ps(pos("dst", ArgType.BUFFER), kw("rows", ArgType.ROWS),
                kw("reads", ArgType.BUFFERS), kw("cost", ArgType.CYCLES), kw("after", ArgType.FENCES),
                kw("hang", ArgType.BOOL, BOOL_WORDS)), ex(),
                "queues a job writing every pixel of dst in the rows; returns its completion fence"),
        GPU_COPY(Receiver.GPU, "copy", Result.FENCE, false, ps(pos("src", ArgType.BUFFER), pos("dst", ArgType.BUFFER),
                kw("after", ArgType.FENCES)), ex(), "queues a copy job; returns its completion fence"),
        GPU_READ(Receiver.GPU, "read", Result.FENCE, false, ps(pos("src", ArgType.BUFFER), kw("rows", ArgType.ROWS),
                kw("after", ArgType.FENCES)), ex(), "queues a job reading src; returns its completion fence"),
        GPU_CLEAR(Receiver.GPU, "clear", Result.FENCE, false, ps(pos("dst", ArgType.BUFFER), kw("rows", ArgType.ROWS),
                kw("after", ArgType.FENCES)), ex(), "queues a job clearing dst; returns its completion fence"),
        /** {@code sli(mode=afr|sfr)}. */
        SLI(Receiver.NONE, "sli", Result.NONE, false, ps(reqKw("mode", ArgType.WORD, "afr", "sfr")), ex(),
                "sets how sli.render splits work between gpu0 and gpu1"),
        SLI_RENDER(Receiver.SLI, "render", Result.FENCE, false, ps(pos("dst", ArgType.BUFFER),
                kw("reads", ArgType.BUFFERS), kw("cost", ArgType.CYCLES), kw("after", ArgType.FENCES),
                kw("hang", ArgType.BOOL, BOOL_WORDS)), ex(),
                "renders dst on both GPUs (AFR or SFR); the fence signals when every part is done"),
        // copy engines
        DMA_COPY(Receiver.DMA, "copy", Result.FENCE, false, ps(pos("src", ArgType.BUFFER), pos("dst", ArgType.BUFFER),
                kw("after", ArgType.FENCES)), ex(), "streams src to dst over the bus; returns its completion fence"),
        // camera
        CAM_START(Receiver.CAM, "start", Result.NONE, false, ps(), ex(), "VIDIOC_STREAMON"),
        CAM_STOP(Receiver.CAM, "stop", Result.NONE, false, ps(), ex(), "VIDIOC_STREAMOFF"),
        CAM_QBUF(Receiver.CAM, "qbuf", Result.NONE, false, ps(pos("buf", ArgType.BUFFER),
                kw("flags", ArgType.FLAGS, "no_cache_invalidate", "no_cache_clean")), ex(), "VIDIOC_QBUF"),
        CAM_DQBUF(Receiver.CAM, "dqbuf", Result.BUFFER, false, ps(kw("timeout", ArgType.TIME)), ex(),
                "VIDIOC_DQBUF: blocks until a filled buffer is available and returns it"),
        // display
        DISP_FLIP(Receiver.DISP, "flip", Result.FENCE, false, ps(pos("buf", ArgType.BUFFER), kw("after", ArgType.FENCES)), ex(),
                "shows buf from the next vblank at which it is ready; the fence signals on release"),
        DISP_WAIT_VBLANK(Receiver.DISP, "wait_vblank", Result.NONE, false, ps(), ex(), "blocks until the next vblank"),
        // traffic generators
        TG_STREAM(Receiver.TG, "stream", Result.FENCE, false, ps(pos("buf", ArgType.BUFFER), pos("dir", ArgType.WORD, RW),
                kw("bytes", ArgType.BYTES), kw("rate", ArgType.RATE), kw("interval", ArgType.INTERVAL),
                kw("pattern", ArgType.WORD, "sequential", "random")), ex(new String[]{"rate", "interval"}),
                "queues a stream of line-sized requests; returns its completion fence");

        private final Receiver receiver;
        private final String method;
        private final Result result;
        private final boolean variadic;
        private final List<OpParam> params;
        private final List<List<String>> exclusive;
        private final String doc;

        Op(Receiver receiver, String method, Result result, boolean variadic, OpParam[] params, String[][] exclusive, String doc) {
            this.receiver = receiver;
            this.method = method;
            this.result = result;
            this.variadic = variadic;
            this.params = List.of(params);
            List<List<String>> ex = new ArrayList<>();
            for (String[] g : exclusive) ex.add(List.of(g));
            this.exclusive = List.copyOf(ex);
            this.doc = doc;
        }

        public Receiver receiver() { return receiver; }

        /** The name after the receiver's dot, or the function name. */
        public String method() { return method; }

        public Result result() { return result; }

        /** The last positional parameter repeats (merge). */
        public boolean variadic() { return variadic; }

        /** Positional parameters first, in order, then keyword-only ones. */
        public List<OpParam> params() { return params; }

        /** Groups of parameters of which at most one may be given. */
        public List<List<String>> exclusive() { return exclusive; }

        public String doc() { return doc; }

        public OpParam param(String name) {
            for (OpParam p : params) if (p.name().equals(name)) return p;
            return null;
        }

        public List<OpParam> positional() {
            List<OpParam> out = new ArrayList<>();
            for (OpParam p : params) if (p.positional()) out.add(p);
            return out;
        }

        /** A one-line signature, e.g. {@code gpuN.copy(src, dst [, after=...]) -> fence}. */
        public String signature() {
            StringBuilder sb = new StringBuilder();
            if (receiver != Receiver.NONE) sb.append(receiver == Receiver.SLI ? "sli" : receiver.prefix() + "N").append('.');
            sb.append(method).append('(');
            boolean first = true;
            for (OpParam p : params) {
                if (!first) sb.append(", ");
                first = false;
                String s = p.positional() ? p.name() : p.name() + "=" + (p.words().isEmpty() ? "..." : String.join("|", p.words()));
                if (p.positional() && !p.words().isEmpty()) s = String.join("|", p.words());
                sb.append(p.optional() ? "[" + s + "]" : s);
                if (variadic && p.positional()) sb.append(", ...");
            }
            sb.append(')');
            if (result != Result.NONE) sb.append(" -> ").append(result.name().toLowerCase());
            return sb.toString();
        }
    }

    /** The operation {@code method} of a receiver kind, or null. */
    public static Op lookup(Receiver receiver, String method) {
        for (Op op : Op.values()) if (op.receiver == receiver && op.method.equals(method)) return op;
        return null;
    }

    /** Names of the operations of a receiver kind (for "did you mean"). */
    public static List<String> methodsOf(Receiver receiver) {
        List<String> out = new ArrayList<>();
        for (Op op : Op.values()) if (op.receiver == receiver) out.add(op.method);
        return out;
    }

    /**
     * The kind of a device by its name's shape: {@code gpu0} is a GPU, {@code sli} the SLI
     * pair, {@code cpu1} a core; null for anything else. Whether it exists depends on the
     * parameters (see {@link Devices}).
     */
    public static Receiver kindOf(String device) {
        if (device.equals("sli")) return Receiver.SLI;
        for (Receiver r : Receiver.values()) {
            if (r == Receiver.NONE || r == Receiver.SLI) continue;
            String p = r.prefix();
            if (device.length() > p.length() && device.startsWith(p) && digitsOnly(device, p.length())) return r;
        }
        return null;
    }

    /** The index of a device ({@code dma1} is 1), or -1 for {@code sli} and non-devices. */
    public static int indexOf(String device) {
        Receiver r = kindOf(device);
        if (r == null || r == Receiver.SLI) return -1;
        String d = device.substring(r.prefix().length());
        if (d.length() > 6 || (d.length() > 1 && d.charAt(0) == '0')) return -1;
        return Integer.parseInt(d);
    }

    private static boolean digitsOnly(String s, int from) {
        for (int k = from; k < s.length(); k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return false;
        return true;
    }
}
