package dev.dmasim.workloads.lang;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

class DeepStackTest {
    private static int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }

    @Test
    void recursionTooDeepForADefaultStackRuns() throws Exception {
        int n = 200_000;
        Throwable[] onSmall = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                depth(n);
            } catch (StackOverflowError e) {
                onSmall[0] = e;
            }
        }, "small", 1 << 20);
        small.start();
        small.join();
        assertInstanceOf(StackOverflowError.class, onSmall[0], "the recursion is too deep for a 1 MiB stack");
        assertEquals(n, DeepStack.run(() -> depth(n)));
    }

    @Test
    void whatTheBodyThrowsReachesTheCaller() {
        IOException io = assertThrows(IOException.class, () -> DeepStack.run(() -> { throw new IOException("checked"); }));
        assertEquals("checked", io.getMessage());
        assertThrows(IllegalStateException.class, () -> DeepStack.run(() -> { throw new IllegalStateException(); }));
        assertThrows(AssertionError.class, () -> DeepStack.run(() -> { throw new AssertionError(); }));
    }

    @Test
    void nestedCallsRunOnTheSameThread() {
        String[] names = new String[2];
        DeepStack.run(() -> {
            names[0] = Thread.currentThread().getName();
            return DeepStack.run(() -> names[1] = Thread.currentThread().getName());
        });
        assertEquals(names[0], names[1]);
        assertNotEquals(Thread.currentThread().getName(), names[0]);
    }
}
