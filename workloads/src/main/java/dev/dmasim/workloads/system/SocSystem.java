package dev.dmasim.workloads.system;

import dev.dmasim.caches.CacheStats;
import dev.dmasim.caches.cpu.CpuSpec;
import dev.dmasim.core.check.CheckerSpec;
import dev.dmasim.core.check.ClockSnapshot;
import dev.dmasim.core.check.CoherencyChecker;
import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.mem.Bus;
import dev.dmasim.core.mem.BusActivity;
import dev.dmasim.core.mem.BusSpec;
import dev.dmasim.core.mem.Dram;
import dev.dmasim.core.mem.DramSpec;
import dev.dmasim.core.mem.MemoryTarget;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamValues;
import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.core.result.WarningKind;
import dev.dmasim.caches.cpu.SnoopingPort;
import dev.dmasim.devices.cpu.Cpu;
import dev.dmasim.devices.dma.CopyEngine;
import dev.dmasim.devices.dma.CopyEngineSpec;
import dev.dmasim.devices.dmabuf.BlockedWait;
import dev.dmasim.devices.dmabuf.BufferUse;
import dev.dmasim.devices.dmabuf.CpuCacheMaintenance;
import dev.dmasim.devices.dmabuf.DeviceCache;
import dev.dmasim.devices.dmabuf.DeviceSpec;
import dev.dmasim.devices.dmabuf.DmaBuf;
import dev.dmasim.devices.dmabuf.DmaBufLayer;
import dev.dmasim.devices.dmabuf.DmaBufListener;
import dev.dmasim.devices.dmabuf.DmaBufPolicies;
import dev.dmasim.devices.dmabuf.DmaBufPolicy;
import dev.dmasim.devices.dmabuf.DmaBufSpec;
import dev.dmasim.devices.dmabuf.DmaDevice;
import dev.dmasim.devices.dmabuf.DmaFence;
import dev.dmasim.devices.dmabuf.DmaJob;
import dev.dmasim.devices.dmabuf.HappensBefore;
import dev.dmasim.devices.dmabuf.Party;
import dev.dmasim.devices.tg.TgSpec;
import dev.dmasim.devices.tg.TrafficGenerator;
import dev.dmasim.workloads.interp.Machine;
import dev.dmasim.workloads.interp.Values;
import dev.dmasim.workloads.lang.Ast;
import dev.dmasim.workloads.lang.CheckedScript;
import dev.dmasim.workloads.lang.Operations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The {@code soc} system of MODEL.md built from one checked script: engine, checker, bus and
 * DRAM, the CPU with its caches, the dma-buf layer under the run's policy, copy engines; and the
 * {@link Machine} through which the script's threads drive them. This is the one place that
 * knows both the models and the script.
 */
public final class SocSystem {
    final Engine engine = new Engine();
    final CheckedScript script;
    final ParamValues params;
    final String policyName;
    final long seed;
    int granularity;
    CoherencyChecker checker;
    Bus bus;
    private BusActivity busActivity;
    Dram dram;
    Cpu cpu;
    CpuSpec cpuSpec;
    DmaBufLayer layer;
    final List<CopyEngine> copyEngines = new ArrayList<>();
    final Map<String, TrafficJobs> generators = new LinkedHashMap<>();
    final Map<String, DmaDevice> devices = new LinkedHashMap<>();
    final Map<Integer, Integer> coreOfAgent = new HashMap<>();
    final Map<String, Object> globals = new LinkedHashMap<>();
    final Map<Values.Buffer, DmaBuf> dmaBufs = new HashMap<>();
    final List<Values.Buffer> buffers = new ArrayList<>();
    final Map<Integer, long[]> agentTimes = new LinkedHashMap<>();
    /** Buffer name -> the first coherent device that used it (a job, an attach or a map). */
    final Map<String, String> coherentUsers = new LinkedHashMap<>();
    final Map<String, Set<String>> unbracketed = new LinkedHashMap<>();
    /** Buffer -> thread -> {first write inside its open bracket, the end_cpu_access that closed it (MAX_VALUE: open)}. */
    private final Map<String, Map<String, long[]>> bracketWrites = new HashMap<>();
    /** Buffer -> thread -> the coherent device that read the buffer while that thread's write bracket was open. */
    private final Map<String, Map<String, String>> readBeforeEnd = new LinkedHashMap<>();

    /** A thread wrote a buffer inside a begin_cpu_access it has not ended yet. */
    void bracketWrite(String buffer, String thread, long now) {
        long[] w = bracketWrites.computeIfAbsent(buffer, k -> new HashMap<>()).get(thread);
        if (w == null || w[1] != Long.MAX_VALUE) bracketWrites.get(buffer).put(thread, new long[]{now, Long.MAX_VALUE});
    }

    /** A thread called end_cpu_access on a buffer. */
    void bracketEnded(String buffer, String thread, long now) {
        Map<String, long[]> m = bracketWrites.get(buffer);
        long[] w = m == null ? null : m.get(thread);
        if (w != null && w[1] == Long.MAX_VALUE) w[1] = now;
    }

    /** Coherent {@code device} began reading {@code buffer} at {@code startPs}: which write brackets were still open? */
    void coherentRead(String buffer, String device, long startPs) {
        Map<String, long[]> m = bracketWrites.get(buffer);
        if (m == null) return;
        m.forEach((thread, w) -> {
            if (w[0] <= startPs && startPs < w[1]) readBeforeEnd.computeIfAbsent(buffer, k -> new LinkedHashMap<>()).putIfAbsent(thread, device);
        });
    }
    final SocMachine machine;

    private SocSystem(CheckedScript script, String policyName, long seed) {
        this.script = script;
        this.params = script.params();
        this.policyName = policyName;
        this.seed = seed;
        this.machine = new SocMachine(this);
    }

    /** Builds the system; cross-parameter errors go to {@code errors} (and the result is then unusable). */
    public static SocSystem build(CheckedScript script, String policy, long seed, List<ParamError> errors) {
        SocSystem s = new SocSystem(script, policy, seed);
        s.assemble(errors);
        return s;
    }

    /** Every model's Spec of one run, each validated by its own {@code from}. */
    private record Specs(CheckerSpec check, BusSpec bus, DramSpec dram, CpuSpec cpu, DmaBufSpec dmaBuf,
                         CopyEngineSpec copyEngines, TgSpec generators) {
        static Specs of(ParamValues params, List<ParamError> errors) {
            Specs s = new Specs(CheckerSpec.from(params, errors), BusSpec.from(params, errors), DramSpec.from(params, errors),
                    CpuSpec.from(params, errors), DmaBufSpec.from(params, errors), CopyEngineSpec.from(params, errors),
                    TgSpec.from(params, errors));
            if (errors.isEmpty()) s.checkCacheMemory(Runtime.getRuntime().maxMemory(), errors);
            return s;
        }

        /**
         * The CPU caches keep a tag, an LRU stamp, a state and a version per sector of every line:
         * caches far larger than real ones (64 cores with 1 GiB L1s) would not fit in the JVM's
         * heap. Refused here, with the numbers, rather than failing with OutOfMemoryError.
         */
        void checkCacheMemory(long heapBytes, List<ParamError> errors) {
            long line = cpu.lineBytes(), perLine = 17 + 8L * (line / check.granularity());
            double lines = (double) cpu.cores() * (cpu.l1().sizeBytes() / line) + cpu.l2().sizeBytes() / line;
            double need = lines * perLine;
            if (need > 0.6 * heapBytes) {
                errors.add(new ParamError(CpuSpec.L1_SIZE, String.format(java.util.Locale.ROOT,
                        "the CPU caches (cpu.cores x cpu.l1.size + cpu.l2.size, at check.granularity = %dB) need about %.1f GiB "
                                + "of simulator memory, more than the %.1f GiB this JVM may use: use smaller caches or a coarser "
                                + "check.granularity, or give the JVM more (DMASIM_JAVA_OPTS=-Xmx16g)",
                        check.granularity(), need / (1L << 30), heapBytes / (double) (1L << 30)),
                        List.of(CpuSpec.CORES, CpuSpec.L2_SIZE, CpuSpec.GRANULARITY)));
            }
        }
    }

    /** The models' cross-parameter rules (each Spec's {@code from}), without building anything. */
    public static void validate(ParamValues params, List<ParamError> errors) {
        Specs.of(params, errors);
    }

    private void assemble(List<ParamError> errors) {
        Specs specs = Specs.of(params, errors);
        if (!errors.isEmpty()) return;
        CheckerSpec checkSpec = specs.check();
        BusSpec busSpec = specs.bus();
        DramSpec dramSpec = specs.dram();
        cpuSpec = specs.cpu();
        DmaBufSpec dmaSpec = specs.dmaBuf();
        CopyEngineSpec ceSpec = specs.copyEngines();
        TgSpec tgSpec = specs.generators();
        granularity = checkSpec.granularity();

        checker = checkSpec.newChecker(engine::now);
        dram = new Dram("dram", engine, dramSpec, granularity, CheckedScript.BUFFER_BASE);
        bus = new Bus(engine, busSpec, dram);
        busActivity = BusActivity.attach(bus);
        if (checker.enabled()) dram.acceptHook(Dram.memoryWriteFeed(checker, bus::masterName));

        int cpuMaster = bus.attachMaster("cpu");
        cpu = new Cpu(cpuSpec, granularity, engine, bus, cpuMaster, derive("cpu"), checker);
        for (int c = 0; c < cpu.cores(); c++) {
            checker.describeHolder(cpu.caches().l1Name(c), "begin_cpu_access(read)", "end_cpu_access(write)");
        }
        checker.describeHolder(cpu.caches().l2().name(), "begin_cpu_access(read)", "end_cpu_access(write)");

        DmaBufPolicy policy = DmaBufPolicies.standard().create(policyName, dmaSpec);
        if (policy == null) throw new IllegalStateException("invariant: policy " + policyName + " not registered");
        layer = new DmaBufLayer(engine, dmaSpec, policy, new CheckerClocks(checker), new CpuMaintenance(),
                new Listener(), checker::agentName);

        for (int i = 0; i < ceSpec.engines(); i++) {
            String name = "dma" + i;
            int agent = checker.registerAgent(name);
            DmaDevice dev = new DmaDevice(DeviceSpec.from(params, name, errors), agent, DeviceCache.NONE);
            devices.put(name, dev);
            int master = bus.attachMaster(name, busSpec.priorityOf(name), busSpec.maxOutstanding());
            MemoryTarget port = dev.coherent() ? new SnoopingPort(cpu.caches(), bus, engine) : bus;
            copyEngines.add(new CopyEngine(engine, ceSpec, dev, layer, port, master, checker, granularity));
        }

        for (int i = 0; i < tgSpec.generators(); i++) {
            String name = "tg" + i;
            int agent = checker.registerAgent(name);
            DmaDevice dev = new DmaDevice(DeviceSpec.from(params, name, errors), agent, DeviceCache.NONE);
            devices.put(name, dev);
            int master = bus.attachMaster(name);
            MemoryTarget port = dev.coherent() ? new SnoopingPort(cpu.caches(), bus, engine) : bus;
            TrafficGenerator tg = new TrafficGenerator(name, engine, port, master, bus.maxOutstanding(master), granularity,
                    TrafficGenerator.deriveSeed(seed, name), checker);
            generators.put(name, new TrafficJobs(tg, dev, layer, checker, cpu.caches().lineBytes(), this::traceJob));
        }

        long[] addrs = new long[script.buffers().size()], lens = new long[script.buffers().size()];
        Map<String, List<Values.Buffer>> arrays = new LinkedHashMap<>();
        int id = 0;
        for (CheckedScript.BufferLayout b : script.buffers()) {
            Values.Buffer v = new Values.Buffer(b.label(), id, b.address(), b.size(), (int) b.width(), (int) b.height(),
                    b.format() == null ? null : b.format().name(), b.stride());
            addrs[id] = b.address();
            lens[id] = b.size();
            id++;
            buffers.add(v);
            dmaBufs.put(v, layer.createBuffer(b.label(), b.address(), b.size(), "exporter"));
            checker.registerBuffer(b.label(), b.address(), b.size());
            if (b.isArray()) arrays.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(v);
            else globals.put(b.name(), v);
        }
        arrays.forEach((name, elems) -> globals.put(name, new Values.BufferArray(name, List.copyOf(elems))));
        cpu.caches().setSpeculativeRegions(addrs, lens);

        for (CheckedScript.ThreadInfo t : script.threads()) {
            int agent = checker.registerAgent("cpu" + t.core() + "/" + t.name());
            coreOfAgent.put(agent, t.core());
            machine.agentOfThread.put(t.name(), agent);
        }
        Map<String, List<String>> signallers = signallersOfDeclaredFences();
        Set<String> aliased = new HashSet<>();
        for (CheckedScript.ThreadInfo t : script.threads()) collectAliases(t.decl().body(), aliased);
        for (CheckedScript.FenceInfo f : script.fences()) {
            List<String> who = signallers.getOrDefault(f.name(), List.of());
            // A fence copied into a variable may be signalled through it: then any thread may signal it.
            DmaFence fence = aliased.contains(f.name()) || who.size() > 1 ? layer.fences().user(f.name())
                    : who.size() == 1 ? layer.fences().agent("user fence " + f.name(), layer.thread(machine.agentOfThread.get(who.get(0))))
                    : layer.fences().neverSignalled(f.name());
            globals.put(f.name(), new Values.Fence(fence));
        }
    }

    /** Which threads contain {@code signal(F)} for each declared fence F: the parties that can release its waiters. */
    private Map<String, List<String>> signallersOfDeclaredFences() {
        Map<String, List<String>> out = new HashMap<>();
        for (CheckedScript.ThreadInfo t : script.threads()) {
            List<Ast.Call> calls = new ArrayList<>();
            collectCalls(t.decl().body(), calls);
            for (Ast.Call c : calls) {
                if (c.op() != Operations.Op.SIGNAL || c.args().isEmpty()) continue;
                Ast.Expr a = c.args().get(0).value();
                if (a instanceof Ast.Name) {
                    List<String> l = out.computeIfAbsent(((Ast.Name) a).name(), k -> new ArrayList<>());
                    if (!l.contains(t.name())) l.add(t.name());
                }
            }
        }
        return out;
    }

    private static void collectCalls(Ast.Block b, List<Ast.Call> out) {
        for (Ast.Stmt s : b.stmts()) {
            if (s instanceof Ast.Assign) collectCalls(((Ast.Assign) s).value(), out);
            else if (s instanceof Ast.ExprStmt) collectCalls(((Ast.ExprStmt) s).expr(), out);
            else if (s instanceof Ast.Repeat) collectCalls(((Ast.Repeat) s).body(), out);
            else if (s instanceof Ast.Span) collectCalls(((Ast.Span) s).body(), out);
        }
    }

    private static void collectCalls(Ast.Expr e, List<Ast.Call> out) {
        if (e instanceof Ast.Call) {
            out.add((Ast.Call) e);
            for (Ast.Arg a : ((Ast.Call) e).args()) collectCalls(a.value(), out);
        } else if (e instanceof Ast.Binary) {
            collectCalls(((Ast.Binary) e).left(), out);
            collectCalls(((Ast.Binary) e).right(), out);
        } else if (e instanceof Ast.ListExpr) {
            for (Ast.Expr x : ((Ast.ListExpr) e).items()) collectCalls(x, out);
        }
    }

    /** The names a thread copies into a variable ({@code g = F}, {@code l = [F]}, {@code g = l[0]}). */
    private static void collectAliases(Ast.Block b, Set<String> out) {
        for (Ast.Stmt s : b.stmts()) {
            if (s instanceof Ast.Assign) namesOutsideCalls(((Ast.Assign) s).value(), out);
            else if (s instanceof Ast.Repeat) collectAliases(((Ast.Repeat) s).body(), out);
            else if (s instanceof Ast.Span) collectAliases(((Ast.Span) s).body(), out);
        }
    }

    /** Names whose value an expression passes on as is; a call's result (a merge, a job's fence) is a new value. */
    private static void namesOutsideCalls(Ast.Expr e, Set<String> out) {
        if (e instanceof Ast.Name) out.add(((Ast.Name) e).name());
        else if (e instanceof Ast.ListExpr) for (Ast.Expr x : ((Ast.ListExpr) e).items()) namesOutsideCalls(x, out);
        else if (e instanceof Ast.Index) namesOutsideCalls(((Ast.Index) e).target(), out);
    }

    /** A per-component seed: the run is a pure function of the script and its seed. */
    long derive(String component) {
        return new SplittableRandom(seed ^ (component.hashCode() * 0x9E3779B97F4A7C15L)).nextLong();
    }

    public Engine engine() { return engine; }

    /** The shared bus (it runs ahead by default: see {@code Bus#setRunAhead}). */
    public Bus bus() { return bus; }

    public Cpu cpu() { return cpu; }

    public CoherencyChecker checker() { return checker; }

    public Machine machine() { return machine; }

    public Map<String, Object> globals() { return globals; }

    /** No job running or queued on any device. */
    public boolean devicesIdle() {
        for (CopyEngine ce : copyEngines) if (!ce.idle()) return false;
        for (TrafficJobs g : generators.values()) if (!g.idle()) return false;
        return true;
    }

    /** True if no device has work and no core runs an operation. */
    public boolean devicesAndCoresIdle() {
        if (!devicesIdle()) return false;
        for (int c = 0; c < cpu.cores(); c++) if (!cpu.core(c).idle()) return false;
        return true;
    }

    /** True if the thread waits in the dma-buf layer for another party only (fences without a timeout, or a holding). */
    public boolean waitsForOthersOnly(dev.dmasim.workloads.interp.Machine.ThreadContext thread) {
        return layer.waitsForOthersOnly(layer.thread(((SocMachine.Thread) thread).agent));
    }

    /** Every party blocked inside the layer or behind a device's running job. */
    public List<BlockedWait> blocked() {
        List<BlockedWait> out = new ArrayList<>(layer.blocked());
        for (CopyEngine ce : copyEngines) ce.describeBlocked(out);
        for (TrafficJobs g : generators.values()) g.describeBlocked(out);
        return out;
    }

    /** End-of-run bookkeeping: warnings that need the whole run to decide. */
    public void finish() {
        // missing-bracket (MODEL.md: right data only because the platform is coherent): an access
        // outside begin/end_cpu_access to a buffer a coherent device used, or a write whose bracket
        // was still open when a coherent device read the buffer (end_cpu_access would have cleaned
        // it). With a non-coherent device the same accesses are violations, not this warning.
        Map<List<String>, String> warn = new LinkedHashMap<>(); // [buffer, thread] -> message, once each
        unbracketed.forEach((buffer, threads) -> {
            String device = coherentUsers.get(buffer);
            if (device != null) {
                for (String t : threads) warn.putIfAbsent(List.of(buffer, t), t + " accessed " + buffer + " outside begin/end_cpu_access"
                        + onlyBecause(device));
            }
        });
        readBeforeEnd.forEach((buffer, threads) -> threads.forEach((t, device) -> warn.putIfAbsent(List.of(buffer, t),
                t + " wrote " + buffer + " inside a begin_cpu_access it had not ended when " + device + " read it" + onlyBecause(device))));
        warn.values().forEach(m -> checker.warn(WarningKind.MISSING_BRACKET, m));
    }

    private static String onlyBecause(String device) {
        return "; the data were right only because " + device + " snoops the CPU caches (\"userspace cannot rely on coherent access\")";
    }

    /** Device jobs as they finish, for the timeline (and, for a coherent device, the write brackets open when it read). */
    final List<RunResult.TraceEvent> jobTrace = new ArrayList<>();

    void traceJob(DmaJob job) {
        job.fence().addCallback(f -> {
            jobTrace.add(new RunResult.TraceEvent(job.device().name(), job.name(), "job", job.startedPs(), job.finishedPs() - job.startedPs()));
            if (job.device().coherent()) {
                for (BufferUse u : job.uses()) if (u.dir().reads()) coherentRead(u.buf().name(), job.device().name(), job.startedPs());
            }
        });
    }

    public RunResult result(String workload, String policy, long seed, RunStatus status, long wallMs,
                            Map<String, LatencyStats> spans, List<RunResult.TraceEvent> threadTrace) {
        long now = engine.now();
        Map<String, RunResult.CacheCounters> caches = new LinkedHashMap<>();
        for (Map.Entry<String, CacheStats> e : cpu.caches().stats().entrySet()) {
            Map<String, Long> s = e.getValue().summary();
            caches.put(e.getKey(), new RunResult.CacheCounters(s.getOrDefault("hits", 0L), s.getOrDefault("misses", 0L),
                    s.getOrDefault("writebacks", 0L), s.getOrDefault("cleaned_lines", 0L), s.getOrDefault("invalidated_lines", 0L)));
        }
        Map<String, RunResult.AgentTimes> agents = new LinkedHashMap<>();
        for (int a = 0; a < checker.agentCount(); a++) {
            String name = checker.agentName(a);
            long busy;
            Integer core = coreOfAgent.get(a);
            long[] t = agentTimes.getOrDefault(a, new long[2]);
            if (core != null) busy = t[0];
            else busy = deviceBusy(name);
            agents.put(name, new RunResult.AgentTimes(busy, t[1]));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Object> busExtra = new LinkedHashMap<>(bus.stats(now));
        busExtra.remove("bytes");
        busExtra.remove("utilization");
        stats.put("bus", busExtra);
        stats.put("dram", dram.stats(now));
        Map<String, Object> cores = new LinkedHashMap<>();
        for (int c = 0; c < cpu.cores(); c++) cores.put(cpu.core(c).name(), Map.of("busy_ps", cpu.core(c).busyPs()));
        stats.put("cpu_cores", cores);
        Map<String, Object> copies = new LinkedHashMap<>();
        for (CopyEngine ce : copyEngines) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobs", ce.jobsDone());
            m.put("bytes", ce.bytesCopied());
            m.put("busy_ps", ce.busyPs());
            copies.put(ce.name(), m);
        }
        stats.put("copy_engines", copies);
        Map<String, Object> tgs = new LinkedHashMap<>();
        for (TrafficJobs g : generators.values()) tgs.put(g.name(), g.generator().statsMap());
        stats.put("traffic_generators", tgs);
        List<Violation> violations = checker.violations();
        Map<ViolationKind, Long> counts = checker.counts();
        List<RunResult.TraceEvent> trace = new ArrayList<>(threadTrace);
        trace.addAll(jobTrace);
        for (Violation v : violations) {
            String track = v.agents().isEmpty() ? "violations" : v.agents().get(0);
            trace.add(new RunResult.TraceEvent(track, v.kind().wire() + (v.buffer() == null ? "" : " " + v.buffer()),
                    "violation", v.timePs(), -1));
        }
        trace.sort(java.util.Comparator.comparingLong(RunResult.TraceEvent::startPs));
        return new RunResult(workload, policy, seed, status, now, engine.eventsProcessed(), wallMs, violations, counts,
                checker.warnings(), List.of(), LatencyStats.EMPTY, spans,
                new RunResult.BusTotals(bus.bytes(), bus.utilization(now)), caches, agents, stats, trace, busActivity.series(now));
    }

    private long deviceBusy(String name) {
        for (CopyEngine ce : copyEngines) if (ce.name().equals(name)) return ce.busyPs();
        TrafficJobs g = generators.get(name);
        return g == null ? 0 : g.busyPs();
    }

    void addBusy(int agent, long ps) { agentTimes.computeIfAbsent(agent, k -> new long[2])[0] += ps; }

    void addStall(int agent, long ps) { agentTimes.computeIfAbsent(agent, k -> new long[2])[1] += ps; }

    /** The dma-buf layer's happens-before and pass tracking, bound to the checker. */
    private static final class CheckerClocks implements HappensBefore {
        private final CoherencyChecker checker;

        CheckerClocks(CoherencyChecker checker) { this.checker = checker; }

        @Override public Object release(int agent) { return checker.release(agent); }

        @Override public void acquire(int agent, Object snapshot) { checker.acquire(agent, (ClockSnapshot) snapshot); }

        @Override public Object join(Object a, Object b) { return checker.merge((ClockSnapshot) a, (ClockSnapshot) b); }

        @Override public int beginPass(int agent, String label, boolean frameRead, long generation) {
            return checker.beginPass(agent, label, frameRead, generation);
        }

        @Override public void endPass(int pass) { checker.endPass(pass); }
    }

    /**
     * CPU cache maintenance for the layer. Done on behalf of a thread, it runs on that thread's
     * core (the kernel executes it in the ioctl); on behalf of a device, directly on the caches.
     */
    private final class CpuMaintenance implements CpuCacheMaintenance {
        @Override public void clean(int agent, long addr, long len, Runnable done) {
            Integer core = coreOfAgent.get(agent);
            if (core != null) timedOnCore(agent, core, done, d -> cpu.core(core).clean(addr, len, d));
            else cpu.caches().clean(addr, len, r -> done.run());
        }

        @Override public void invalidate(int agent, long addr, long len, Runnable done) {
            Integer core = coreOfAgent.get(agent);
            if (core != null) timedOnCore(agent, core, done, d -> cpu.core(core).invalidate(addr, len, d));
            else cpu.caches().invalidate(addr, len, r -> done.run());
        }

        @Override public void cleanInvalidate(int agent, long addr, long len, Runnable done) {
            Integer core = coreOfAgent.get(agent);
            if (core != null) timedOnCore(agent, core, done, d -> cpu.core(core).cleanInvalidate(addr, len, d));
            else cpu.caches().cleanInvalidate(addr, len, r -> done.run());
        }
    }

    /** Runs a core operation for a thread, counting its time (waiting for the core included) as the thread's busy time. */
    void timedOnCore(int agent, int core, Runnable done, java.util.function.Consumer<Runnable> op) {
        long start = engine.now();
        op.accept(() -> {
            addBusy(agent, engine.now() - start);
            done.run();
        });
    }

    /** Violations, warnings and stalls the layer reports. */
    private final class Listener implements DmaBufListener {
        @Override public void violation(Violation v) {
            checker.report(v.kind(), v.buffer(), v.offset(), v.length(), v.agents(), v.cause(), v.message());
        }

        @Override public void warning(WarningKind kind, long timePs, String buffer, String message) {
            checker.warn(kind, message);
        }

        @Override public void stalled(Party who, long fromPs, long toPs, String operation) {
            addStall(who.agent(), toPs - fromPs);
        }
    }
}
