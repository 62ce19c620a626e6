package dev.dmasim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code dmasim} command. */
@Command(name = "dmasim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Simulates GPUs, a camera ISP, a display and CPU caches sharing memory through Linux dma-buf,%n"
                + "and reports every coherency and timing violation with its cause.%n",
        subcommands = {RunCommand.class, CompareCommand.class, CheckCommand.class, ParamsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"%nExamples:",
                "  dmasim run examples/cpu-upload-gpu-texture.dmasim",
                "  dmasim run examples/two-writers-without-a-fence.dmasim --policy exclusive --out out/two-writers",
                "  dmasim run my.dmasim --set cpu.coherent=true --set bus.width=64B --fail-on-violation",
                "  dmasim compare my.dmasim --policies nonblocking,implicit,exclusive",
                "  dmasim check my.dmasim",
                "  dmasim params",
                "  dmasim bench engine",
                "%nExit codes: 0 run finished (whatever it found), 1 --fail-on-violation and something found,",
                "2 bad input (script or option), with FILE:LINE:COL: message on stderr."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; never lets an exception escape. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dmasim: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'dmasim --help'.");
            err.flush();
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("dmasim: internal error: " + ex);
            err.println("This is a bug in dmasim; please report it with the script that caused it.");
            err.flush();
            return ExitCodes.INTERNAL;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError oom) {
            // A system too large for the heap: say so plainly (no output was written: reports come after the run).
            err.println("dmasim: out of memory: the simulation needs more than the "
                    + Runtime.getRuntime().maxMemory() / (1L << 20) + " MiB this JVM may use; simulate a smaller system or give it "
                    + "more memory (DMASIM_JAVA_OPTS=-Xmx16g)");
            err.flush();
            code = ExitCodes.INTERNAL;
        } catch (StackOverflowError | InternalError e) {
            // Errors picocli's handler does not see: still one line and the internal-error code, not a trace.
            err.println("dmasim: internal error: " + e);
            err.println("This is a bug in dmasim; please report it with the script that caused it.");
            err.flush();
            code = ExitCodes.INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"dmasim " + (v == null ? "0.1.0-SNAPSHOT" : v),
                    "summary.json schema 1; workload language version 1"};
        }
    }
}
