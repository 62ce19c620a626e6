package dev.dmasim.workloads.interp;

import dev.dmasim.workloads.lang.Operations.Op;

import java.util.Map;

/**
 * What the interpreter asks of the simulated system: run one operation for one thread. The
 * interpreter binds and evaluates arguments; the machine owns every model and decides how long
 * the operation takes and what it returns. Keeping this one narrow door is what lets the
 * language know nothing about devices and the devices nothing about the language.
 */
public interface Machine {
    /** Current simulated time. */
    long now();

    /** A script thread becomes an agent pinned to {@code core}. */
    ThreadContext registerThread(String name, int core);

    /**
     * Run {@code op} for {@code thread}; {@code device} is the receiver's name or null; args map
     * parameter names to values (see {@link Values}); absent optional parameters are absent.
     * Must call {@code done} exactly once, at the simulated time the operation completes (it may
     * call it before returning for operations that take no time). A user error found at run time
     * (e.g. a range outside the buffer) is thrown as {@link ScriptRuntimeError}.
     */
    void invoke(ThreadContext thread, Op op, String device, Map<String, Object> args, Completion done);

    /** The thread has run its last statement. */
    void threadFinished(ThreadContext thread);

    /** Completion of an operation, with its result (null for operations without one). */
    @FunctionalInterface
    interface Completion {
        void complete(Object result);
    }

    /** The machine's handle for one script thread. */
    interface ThreadContext {
        String name();
    }
}
