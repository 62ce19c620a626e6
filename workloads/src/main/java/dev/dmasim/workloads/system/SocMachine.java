package dev.dmasim.workloads.system;

import dev.dmasim.core.time.Time;
import dev.dmasim.devices.dma.CopyEngine;
import dev.dmasim.devices.dmabuf.DmaBuf;
import dev.dmasim.devices.dmabuf.DmaDevice;
import dev.dmasim.devices.dmabuf.DmaDir;
import dev.dmasim.devices.dmabuf.DmaFence;
import dev.dmasim.devices.dmabuf.DmaJob;
import dev.dmasim.devices.dmabuf.PollEvents;
import dev.dmasim.devices.tg.Interval;
import dev.dmasim.devices.tg.Pattern;
import dev.dmasim.workloads.interp.Machine;
import dev.dmasim.workloads.interp.ScriptRuntimeError;
import dev.dmasim.workloads.interp.Values;
import dev.dmasim.workloads.interp.Values.Buffer;
import dev.dmasim.workloads.interp.Values.Fence;
import dev.dmasim.workloads.interp.Values.Quantity;
import dev.dmasim.workloads.interp.Values.Range;
import dev.dmasim.workloads.interp.Values.Word;
import dev.dmasim.workloads.lang.ArgumentRules;
import dev.dmasim.workloads.lang.Dim;
import dev.dmasim.workloads.lang.Operations.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The script threads' door into the {@link SocSystem}: one operation at a time. */
final class SocMachine implements Machine {
    private final SocSystem sys;
    final Map<String, Integer> agentOfThread = new HashMap<>();
    private final Map<Integer, Integer> accessCount = new HashMap<>();

    SocMachine(SocSystem sys) { this.sys = sys; }

    /** A script thread: its checker agent and its core. */
    static final class Thread implements ThreadContext {
        final String name;
        final int agent;
        final int core;

        Thread(String name, int agent, int core) {
            this.name = name;
            this.agent = agent;
            this.core = core;
        }

        @Override public String name() { return name; }
    }

    @Override public long now() { return sys.engine.now(); }

    @Override
    public ThreadContext registerThread(String name, int core) {
        Integer agent = agentOfThread.get(name);
        if (agent == null) throw new IllegalStateException("invariant: thread " + name + " was not declared");
        return new Thread(sys.checker.agentName(agent), agent, core);
    }

    @Override
    public void threadFinished(ThreadContext thread) {}

    @Override
    public void invoke(ThreadContext tc, Op op, String device, Map<String, Object> args, Completion done) {
        Thread t = (Thread) tc;
        switch (op) {
            case COMPUTE: {
                Quantity q = (Quantity) args.get("duration");
                require(ArgumentRules.duration("compute", q.value(), q.toString()));
                long ps = q.dim() == Dim.CYCLES ? cyclesPs(q.value()) : q.value();
                sys.timedOnCore(t.agent, t.core, () -> done.complete(null), d -> sys.cpu.core(t.core).compute(ps, d));
                return;
            }
            case SLEEP: {
                long ps = ((Quantity) args.get("duration")).value();
                require(ArgumentRules.duration("sleep", ps, Time.format(ps)));
                sys.engine.scheduleAfter(ps, (ty, p, a) -> done.complete(null), 0, 0);
                return;
            }
            case READ:
            case WRITE:
                cpuAccess(t, op == Op.WRITE, args, done);
                return;
            case FENCE:
                done.complete(new Fence(sys.layer.fences().agent("fence() of " + t.name, sys.layer.thread(t.agent))));
                return;
            case SIGNAL:
                sys.layer.signal(t.agent, fence(args.get("fence")), () -> done.complete(null));
                return;
            case WAIT:
                sys.layer.wait(t.agent, fence(args.get("fence")), timeout(args), r -> done.complete(null));
                return;
            case MERGE: {
                List<DmaFence> fs = fences(args.get("fences"));
                done.complete(new Fence(fs.size() == 1 ? fs.get(0) : sys.layer.fences().merge(fs)));
                return;
            }
            case SIGNALED:
                done.complete(new Quantity(fence(args.get("fence")).isSignalled() ? 1 : 0, Dim.COUNT));
                return;
            case BEGIN_CPU_ACCESS:
                sys.layer.beginCpuAccess(t.agent, buf(args.get("buf")), dir(args.get("dir")), () -> done.complete(null));
                return;
            case END_CPU_ACCESS:
                sys.bracketEnded(((Buffer) args.get("buf")).name(), t.name, sys.engine().now());
                sys.layer.endCpuAccess(t.agent, buf(args.get("buf")), dir(args.get("dir")), () -> done.complete(null));
                return;
            case ATTACH:
                sys.layer.attach(t.agent, dev(args.get("dev")), usedBy(dev(args.get("dev")), args.get("buf")), () -> done.complete(null));
                return;
            case DETACH:
                sys.layer.detach(t.agent, dev(args.get("dev")), buf(args.get("buf")), () -> done.complete(null));
                return;
            case MAP:
                sys.layer.map(t.agent, dev(args.get("dev")), usedBy(dev(args.get("dev")), args.get("buf")), dir(args.get("dir")),
                        () -> done.complete(null));
                return;
            case UNMAP:
                sys.layer.unmap(t.agent, dev(args.get("dev")), buf(args.get("buf")), dir(args.get("dir")), () -> done.complete(null));
                return;
            case POLL:
                sys.layer.poll(t.agent, buf(args.get("buf")), PollEvents.parse(word(args.get("events"))), timeout(args),
                        r -> done.complete(null));
                return;
            case EXPORT_SYNC_FILE:
                sys.layer.exportSyncFile(t.agent, buf(args.get("buf")), dir(args.get("mode")), f -> done.complete(new Fence(f)));
                return;
            case IMPORT_SYNC_FILE:
                sys.layer.importSyncFile(t.agent, buf(args.get("buf")), fence(args.get("fence")), dir(args.get("mode")),
                        () -> done.complete(null));
                return;
            case DMA_COPY: {
                CopyEngine ce = copyEngine(device);
                DmaBuf src = usedBy(ce.device(), args.get("src")), dst = usedBy(ce.device(), args.get("dst"));
                DmaJob[] job = new DmaJob[1];
                job[0] = ce.submitJob(t.agent, src, dst, after(args), () -> done.complete(new Fence(job[0].fence())));
                sys.traceJob(job[0]);
                return;
            }
            case TG_STREAM: {
                TrafficJobs g = sys.generators.get(device);
                if (g == null) throw new ScriptRuntimeError("no traffic generator " + device);
                Buffer b = (Buffer) args.get("buf");
                Range r = range(b, Map.of("bytes", args.getOrDefault("bytes", new Range(0, b.size()))));
                boolean write = "write".equals(word(args.get("dir")));
                DmaFence[] f = new DmaFence[1];
                f[0] = g.submit(t.agent, usedBy(g.device(), b), b.addr() + r.from(), r.to() - r.from(), write, interval(args),
                        pattern(args), () -> done.complete(new Fence(f[0])));
                return;
            }
            default:
                throw new ScriptRuntimeError(op.signature() + " is not yet supported");
        }
    }

    private void cpuAccess(Thread t, boolean write, Map<String, Object> args, Completion done) {
        Buffer b = (Buffer) args.get("buf");
        Range r = range(b, args);
        DmaBuf db = sys.dmaBufs.get(b);
        sys.layer.noteBufferUse(t.agent, db);
        if (!sys.layer.cpuAccessOpen(db, t.agent)) {
            sys.unbracketed.computeIfAbsent(b.name(), k -> new LinkedHashSet<>()).add(t.name);
        } else if (write) {
            sys.bracketWrite(b.name(), t.name, sys.engine().now());
        }
        int n = accessCount.merge(t.agent, 1, Integer::sum);
        boolean whole = r.from() == 0 && r.to() == b.size();
        int pass = sys.checker.beginPass(t.agent, t.name + (write ? " write #" : " read #") + n + " of " + b.name(),
                !write && whole, 0);
        long len = r.to() - r.from();
        if (len == 0) {
            sys.checker.endPass(pass);
            done.complete(null);
            return;
        }
        sys.timedOnCore(t.agent, t.core, () -> {
            sys.checker.endPass(pass);
            done.complete(null);
        }, d -> sys.cpu.core(t.core).access(write, b.addr() + r.from(), len, pass, d));
    }

    /** The byte range of a read/write: a positional range or size, bytes=, rows=, or the whole buffer. */
    private static Range range(Buffer b, Map<String, Object> args) {
        Object spec = args.containsKey("range") ? args.get("range") : args.get("bytes");
        Range r;
        if (args.containsKey("rows")) {
            Range rows = (Range) args.get("rows");
            r = b.rows(rows.from(), rows.to());
        } else if (spec instanceof Range) {
            r = (Range) spec;
        } else if (spec instanceof Quantity) {
            r = new Range(0, ((Quantity) spec).value());
        } else {
            r = new Range(0, b.size());
        }
        require(ArgumentRules.bytes(b.name(), b.size(), r.from(), r.to()));
        return r;
    }

    private static Interval interval(Map<String, Object> args) {
        Object rate = args.get("rate");
        if (rate != null) {
            long bytesPerSecond = ((Quantity) rate).value();
            require(ArgumentRules.rate(bytesPerSecond));
            return Interval.rate(bytesPerSecond);
        }
        Object iv = args.get("interval");
        if (iv instanceof Values.ExpInterval) {
            long mean = ((Values.ExpInterval) iv).meanPs();
            require(ArgumentRules.expMean(mean));
            return Interval.exponential(mean);
        }
        if (iv instanceof Quantity) {
            long ps = ((Quantity) iv).value();
            require(ArgumentRules.interval(ps));
            return Interval.fixed(ps);
        }
        return Interval.ASAP;
    }

    /** CPU cycles as ps; more than a long holds is later than any run's end. */
    private long cyclesPs(long n) {
        try {
            return sys.cpu.caches().clock().cycles(n);
        } catch (ArithmeticException tooLong) {
            return Time.LATEST;
        }
    }

    /** Stops the run at the current statement if an argument rule gave an error. */
    private static void require(String error) {
        if (error != null) throw new ScriptRuntimeError(error);
    }

    private static Pattern pattern(Map<String, Object> args) {
        return args.containsKey("pattern") ? Pattern.of(word(args.get("pattern"))) : Pattern.SEQUENTIAL;
    }

    private DmaBuf buf(Object v) { return sys.dmaBufs.get((Buffer) v); }

    /** A buffer handed to a device: remembered, if the device is coherent, for the missing-bracket warning. */
    private DmaBuf usedBy(DmaDevice d, Object v) {
        if (d.coherent()) sys.coherentUsers.putIfAbsent(((Buffer) v).name(), d.name());
        return buf(v);
    }

    private DmaDevice dev(Object v) {
        String name = v instanceof Values.Device ? ((Values.Device) v).name() : String.valueOf(v);
        DmaDevice d = sys.devices.get(name);
        if (d == null) throw new ScriptRuntimeError(name + " is not yet supported as a dma-buf device (copy engines dma0.. are)");
        return d;
    }

    private CopyEngine copyEngine(String device) {
        for (CopyEngine ce : sys.copyEngines) if (ce.name().equals(device)) return ce;
        throw new ScriptRuntimeError("no copy engine " + device);
    }

    private static DmaFence fence(Object v) { return (DmaFence) ((Fence) v).handle(); }

    private static List<DmaFence> fences(Object v) {
        List<DmaFence> out = new ArrayList<>();
        if (v instanceof Fence) out.add(fence(v));
        else if (v instanceof List) for (Object o : (List<?>) v) out.addAll(fences(o));
        return out;
    }

    private static List<DmaFence> after(Map<String, Object> args) {
        return args.containsKey("after") ? fences(args.get("after")) : List.of();
    }

    /** The script's timeout, or NEVER (none); the largest time a script can write is a timeout too, not "none". */
    private static long timeout(Map<String, Object> args) {
        return args.containsKey("timeout") ? Math.min(((Quantity) args.get("timeout")).value(), Time.LATEST) : Time.NEVER;
    }

    private static String word(Object v) { return ((Word) v).word(); }

    private static DmaDir dir(Object v) { return DmaDir.parse(word(v)); }
}
