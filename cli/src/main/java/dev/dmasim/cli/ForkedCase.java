package dev.dmasim.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one benchmark case in a JVM of its own, with this JVM's options and class path, its
 * output passed through (as JMH forks per benchmark). In one JVM, each case's code is compiled
 * with the profiles of the cases before it (reads, writes, event by event, ...), and measured
 * that way the later cases ran up to 1.6x slower than alone.
 */
final class ForkedCase {
    private ForkedCase() {}

    /** Runs {@code mainClass} with {@code args}; returns its exit status. */
    static int run(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println("dmasim: cannot start a JVM for a benchmark case: " + e.getMessage());
            return ExitCodes.INTERNAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERNAL;
        }
    }
}
