package dev.dmasim.workloads.lang;

/**
 * Runs work whose recursion follows a script's nesting (the parser, the checker, the interpreter)
 * on a thread with a stack large enough for {@link Parser#MAX_DEPTH} levels in every pass, even
 * before the JIT has compiled them (interpreted frames are several times larger). So the nesting
 * limit, not the caller's stack size, decides what a script may do. Nested calls run inline.
 */
public final class DeepStack {
    /** Reserved, not committed: the pages are touched only as deep as a script really nests. */
    static final long STACK_BYTES = 256L << 20;

    private static final ThreadLocal<Boolean> ON_DEEP_STACK = ThreadLocal.withInitial(() -> false);

    /** A computation that may throw a checked exception {@code E}. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        T run() throws E;
    }

    private DeepStack() {}

    /** Runs {@code body} on a deep stack and returns its result or throws what it threw. */
    @SuppressWarnings("unchecked")
    public static <T, E extends Exception> T run(Body<T, E> body) throws E {
        if (ON_DEEP_STACK.get()) return body.run();
        Object[] out = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            ON_DEEP_STACK.set(true);
            try {
                out[0] = body.run();
            } catch (Throwable x) {
                thrown[0] = x;
            }
        }, Thread.currentThread().getName() + "-deep-stack", STACK_BYTES);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;     // the work cannot be abandoned half-way; finish, then re-flag
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable x = thrown[0];
        if (x == null) return (T) out[0];
        if (x instanceof RuntimeException) throw (RuntimeException) x;
        if (x instanceof Error) throw (Error) x;
        throw (E) x;
    }
}
