package dev.dmasim.workloads.interp;

import dev.dmasim.core.engine.Engine;
import dev.dmasim.core.time.Time;
import dev.dmasim.workloads.interp.Values.Fence;
import dev.dmasim.workloads.interp.Values.Quantity;
import dev.dmasim.workloads.lang.Ast;
import dev.dmasim.workloads.lang.Operations.Op;
import dev.dmasim.workloads.lang.ScriptFrontEnd;
import dev.dmasim.workloads.run.WorkloadRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ScriptThreadTest {
    /** A machine with just time, compute, sleep and user fences: enough to test the interpreter alone. */
    static final class FakeMachine implements Machine {
        final Engine engine = new Engine();
        final List<String> log = new ArrayList<>();

        static final class F {
            boolean signaled;
            final List<Runnable> waiters = new ArrayList<>();
        }

        @Override public long now() { return engine.now(); }

        @Override public ThreadContext registerThread(String name, int core) { return () -> name; }

        @Override
        public void invoke(ThreadContext t, Op op, String device, Map<String, Object> args, Completion done) {
            log.add(t.name() + ":" + op.method() + "@" + engine.now());
            switch (op) {
                case COMPUTE:
                case SLEEP:
                    engine.scheduleAfter(((Quantity) args.get("duration")).value(), (ty, p, a) -> done.complete(null), 0, 0);
                    return;
                case FENCE:
                    done.complete(new Fence(new F()));
                    return;
                case SIGNAL: {
                    F f = (F) ((Fence) args.get("fence")).handle();
                    f.signaled = true;
                    List<Runnable> w = new ArrayList<>(f.waiters);
                    f.waiters.clear();
                    w.forEach(Runnable::run);
                    engine.scheduleAfter(Time.US, (ty, p, a) -> done.complete(null), 0, 0);
                    return;
                }
                case WAIT: {
                    F f = (F) ((Fence) args.get("fence")).handle();
                    if (f.signaled) done.complete(null);
                    else f.waiters.add(() -> engine.scheduleAfter(0, (ty, p, a) -> done.complete(null), 0, 0));
                    return;
                }
                case MERGE: {
                    @SuppressWarnings("unchecked") List<Object> fs = (List<Object>) args.get("fences");
                    F m = new F();
                    int[] left = {fs.size()};
                    for (Object o : fs) {
                        F f = (F) ((Fence) o).handle();
                        Runnable r = () -> {
                            if (--left[0] == 0) {
                                m.signaled = true;
                                m.waiters.forEach(Runnable::run);
                                m.waiters.clear();
                            }
                        };
                        if (f.signaled) r.run();
                        else f.waiters.add(r);
                    }
                    done.complete(new Fence(m));
                    return;
                }
                case SIGNALED:
                    done.complete(new Quantity(((F) ((Fence) args.get("fence")).handle()).signaled ? 1 : 0,
                            dev.dmasim.workloads.lang.Dim.COUNT));
                    return;
                default:
                    throw new IllegalStateException("fake machine cannot " + op);
            }
        }

        @Override public void threadFinished(ThreadContext t) { log.add(t.name() + ":end@" + engine.now()); }
    }

    private static List<ScriptThread> threads(String src, FakeMachine m, Map<String, List<Long>> spans) {
        ScriptFrontEnd.Result checked = ScriptFrontEnd.check("t.dmasim", src, WorkloadRunner.registry(), Map.of());
        assertTrue(checked.ok(), checked.errors().toString());
        Ast.Script s = checked.script().ast();
        Map<String, Object> globals = new HashMap<>();
        List<ScriptThread> out = new ArrayList<>();
        for (Ast.Decl decl : s.decls()) {
            if (decl instanceof Ast.FenceDecl) globals.put(((Ast.FenceDecl) decl).name().name(), new Fence(new FakeMachine.F()));
        }
        for (Ast.Decl decl : s.decls()) {
            if (decl instanceof Ast.ThreadDecl) {
                Ast.ThreadDecl td = (Ast.ThreadDecl) decl;
                out.add(new ScriptThread(td.name().name(), 0, td.body(), globals, m,
                        (thread, name, start, end) -> spans.computeIfAbsent(name, k -> new ArrayList<>()).add(end - start),
                        checked.script()::bound));
            }
        }
        return out;
    }

    @Test
    void repeatSpansAndComputeTakeSimulatedTime() {
        FakeMachine m = new FakeMachine();
        Map<String, List<Long>> spans = new HashMap<>();
        List<ScriptThread> ts = threads("thread main { repeat 3 as i { span \"work\" { compute(2us * (i + 1)) } } }", m, spans);
        ts.forEach(ScriptThread::step);
        m.engine.run();
        assertTrue(ts.get(0).finished());
        assertEquals(List.of(2 * Time.US, 4 * Time.US, 6 * Time.US), spans.get("work"));
        assertEquals(12 * Time.US, m.engine.now());
        assertEquals(new Quantity(2, dev.dmasim.workloads.lang.Dim.COUNT), ts.get(0).local("i"));
    }

    /** A loop that takes no simulated time would never reach time_limit: after the budget it is an error at its statement. */
    @Test
    void aLoopThatTakesNoSimulatedTimeIsStoppedWithAnError() {
        FakeMachine m = new FakeMachine();
        List<ScriptThread> ts = threads("thread main {\n  compute(1us)\n  repeat 1000 as i {\n    x = i\n  }\n  repeat 3 { compute(1us) }\n}", m,
                new HashMap<>());
        ts.get(0).zeroTimeStatements(500);
        ts.get(0).step();
        m.engine.run();
        ScriptRuntimeError e = ts.get(0).error();
        assertNotNull(e, "stopped");
        assertTrue(e.getMessage().contains("main ran 500 statements without simulated time passing"), e.getMessage());
        assertEquals(4, e.pos().line(), "at the loop's statement");
        // Nor an empty loop, nor one whose waits take no time.
        for (String body : new String[]{"repeat 100000 { }", "repeat 100000 { sleep(0ns) }"}) {
            FakeMachine mz = new FakeMachine();
            List<ScriptThread> z = threads("thread main { " + body + " }", mz, new HashMap<>());
            z.get(0).zeroTimeStatements(500);
            z.get(0).step();
            mz.engine.run();
            assertNotNull(z.get(0).error(), body);
        }
        // Time passing refills the budget: many short waits are fine.
        FakeMachine m2 = new FakeMachine();
        List<ScriptThread> ok = threads("thread main { repeat 2000 { compute(1ns); x = 1 } }", m2, new HashMap<>());
        ok.get(0).zeroTimeStatements(500);
        ok.get(0).step();
        m2.engine.run();
        assertNull(ok.get(0).error());
        assertTrue(ok.get(0).finished());
    }

    @Test
    void waitBlocksUntilAnotherThreadSignalsAndNestedCallsRunOnce() {
        FakeMachine m = new FakeMachine();
        List<ScriptThread> ts = threads("fence a\nfence b\n"
                + "thread t1 { wait(merge(a, b)); compute(1us) }\n"
                + "thread t2 { sleep(5us); signal(a); sleep(5us); signal(b) }", m, new HashMap<>());
        ts.forEach(ScriptThread::step);
        m.engine.run();
        assertTrue(ts.get(0).finished() && ts.get(1).finished());
        long merges = m.log.stream().filter(s -> s.startsWith("t1:merge")).count();
        long waits = m.log.stream().filter(s -> s.startsWith("t1:wait")).count();
        assertEquals(1, merges, "a replayed statement must not repeat its calls: " + m.log);
        assertEquals(1, waits, m.log.toString());
        assertTrue(m.log.contains("t1:end@" + 12 * Time.US), m.log.toString()); // b is signalled at 5+1+5 us
    }

    @Test
    void indexOutOfRangeIsAUserErrorWithItsPosition() {
        FakeMachine m = new FakeMachine();
        List<ScriptThread> ts = threads("thread main {\n  x = [1, 2]\n  y = x[5]\n}", m, new HashMap<>());
        ts.get(0).step();
        assertNotNull(ts.get(0).error());
        assertEquals(3, ts.get(0).error().pos().line());
        assertTrue(ts.get(0).error().getMessage().contains("index 5"), ts.get(0).error().getMessage());
    }
}
