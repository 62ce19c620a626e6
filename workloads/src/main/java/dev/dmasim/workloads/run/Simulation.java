package dev.dmasim.workloads.run;

import dev.dmasim.core.time.Time;

import dev.dmasim.core.engine.RunOutcome;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.result.LatencyStats;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.ViolationKind;
import dev.dmasim.devices.dmabuf.BlockedWait;
import dev.dmasim.devices.dmabuf.WaitForGraph;
import dev.dmasim.workloads.interp.ScriptRuntimeError;
import dev.dmasim.workloads.interp.ScriptThread;
import dev.dmasim.workloads.lang.Ast;
import dev.dmasim.workloads.lang.CheckedScript;
import dev.dmasim.workloads.system.SocSystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a checked script: builds the system, starts the threads at time 0, runs the
 * engine to completion, deadlock or the time limit, and collects the result.
 */
final class Simulation {
    private final CheckedScript script;
    private final String policy;
    private final long seed;
    private final Map<String, long[]> spanSamples = new LinkedHashMap<>();
    private final Map<String, Integer> spanCounts = new LinkedHashMap<>();
    private final List<RunResult.TraceEvent> trace = new ArrayList<>();

    private final boolean runAhead;

    Simulation(CheckedScript script, String policy, long seed, boolean runAhead) {
        this.script = script;
        this.runAhead = runAhead;
        this.policy = policy;
        this.seed = seed;
    }

    RunResult run() throws UserErrors {
        long wallStart = System.nanoTime();
        List<ParamError> errors = new ArrayList<>();
        SocSystem sys = SocSystem.build(script, policy, seed, errors);
        if (!errors.isEmpty()) throw new UserErrors(WorkloadRunner.paramErrors(script, errors));
        sys.bus().setRunAhead(runAhead);

        List<ScriptThread> threads = new ArrayList<>();
        for (CheckedScript.ThreadInfo t : script.threads()) {
            threads.add(new ScriptThread(t.name(), t.core(), t.decl().body(), sys.globals(), sys.machine(), this::recordSpan,
                    script::bound));
        }
        // Speculation stops once nothing else can happen (work over, or every thread stuck): its
        // reads in flight would keep the run going, and hide a deadlock behind the time limit.
        sys.cpu().caches().stopSpeculationWhen(() -> onlySpeculationLeft(sys, threads));
        RunStatus[] status = {null};
        sys.engine().setQuiescenceListener(() -> {
            if (threadsDone(threads) && sys.devicesIdle()) {
                // Only free-running work (speculation, a streaming camera) is left: the run is over.
                status[0] = RunStatus.COMPLETED;
                sys.engine().stop();
                return;
            }
            if (firstError(threads) != null) {
                sys.engine().stop();
                return;
            }
            reportDeadlock(sys, threads);
            status[0] = RunStatus.DEADLOCK;
            sys.engine().stop();
        });
        for (ScriptThread t : threads) sys.engine().schedule(0, (type, payload, att) -> t.step(), 0, 0);
        // Events saturated at Time.LATEST (waits longer than any run) must never run, whatever time_limit says.
        RunOutcome outcome = sys.engine().runUntil(Math.min(script.timeLimitPs(), Time.LATEST - 1));
        ScriptRuntimeError err = firstError(threads);
        if (err != null) {
            Ast.Script ast = script.ast();
            String pos = err.pos() == null ? "1:1" : err.pos().line() + ":" + err.pos().col();
            throw new UserErrors(List.of(ast.file() + ":" + pos + ": " + err.getMessage()));
        }
        // The quiescence listener decided completed or deadlock; otherwise the time limit came first
        // (or there was nothing to run at all).
        if (status[0] == null) status[0] = outcome == RunOutcome.TIME_LIMIT ? RunStatus.TIME_LIMIT : RunStatus.COMPLETED;
        sys.finish();
        Map<String, LatencyStats> spans = new LinkedHashMap<>();
        spanSamples.forEach((name, s) -> spans.put(name, LatencyStats.ofPicos(s, spanCounts.get(name))));
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
        return sys.result(script.workload(), policy, seed, status[0], wallMs, spans, trace);
    }

    private void recordSpan(String thread, String name, long startPs, long endPs) {
        trace.add(new RunResult.TraceEvent(thread, name, "span", startPs, endPs - startPs));
        long durationPs = endPs - startPs;
        long[] s = spanSamples.computeIfAbsent(name, k -> new long[16]);
        int n = spanCounts.getOrDefault(name, 0);
        if (n == s.length) {
            s = java.util.Arrays.copyOf(s, n * 2);
            spanSamples.put(name, s);
        }
        s[n] = durationPs;
        spanCounts.put(name, n + 1);
    }

    /**
     * No thread can run again and no device or core has work: every thread has finished or waits
     * for another party only. Then nobody can see what speculation would still fill.
     */
    private static boolean onlySpeculationLeft(SocSystem sys, List<ScriptThread> threads) {
        if (!sys.devicesAndCoresIdle()) return false;
        for (ScriptThread t : threads) if (!t.finished() && !sys.waitsForOthersOnly(t.context())) return false;
        return true;
    }

    private static boolean threadsDone(List<ScriptThread> threads) {
        for (ScriptThread t : threads) if (!t.finished()) return false;
        return true;
    }

    private static ScriptRuntimeError firstError(List<ScriptThread> threads) {
        for (ScriptThread t : threads) if (t.error() != null) return t.error();
        return null;
    }

    /** Every unfinished thread and pending job waits on something only a blocked party, or nobody, can release. */
    private static void reportDeadlock(SocSystem sys, List<ScriptThread> threads) {
        List<BlockedWait> blocked = sys.blocked();
        List<BlockedWait> cycle = WaitForGraph.cycle(blocked);
        String what;
        List<String> agents = new ArrayList<>();
        if (!cycle.isEmpty()) {
            what = WaitForGraph.describe(cycle);
            for (BlockedWait w : cycle) agents.add(w.waiter().name());
        } else if (!blocked.isEmpty()) {
            // Start from a thread, so that the chain says who is stuck before what it waits for.
            BlockedWait start = blocked.get(0);
            for (BlockedWait w : blocked) {
                if (!w.waiter().isJob()) {
                    start = w;
                    break;
                }
            }
            List<BlockedWait> chain = WaitForGraph.chain(start, blocked);
            what = WaitForGraph.describe(chain);
            for (BlockedWait w : chain) agents.add(w.waiter().name());
        } else {
            List<String> names = new ArrayList<>();
            for (ScriptThread t : threads) if (!t.finished()) names.add(t.context().name());
            what = String.join(", ", names) + " cannot make progress and nothing can wake them";
            agents.addAll(names);
        }
        sys.checker().report(ViolationKind.DEADLOCK, null, 0, 0, agents, null, what);
    }

}
