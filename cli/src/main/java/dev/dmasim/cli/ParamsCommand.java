package dev.dmasim.cli;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.workloads.run.WorkloadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "params", mixinStandardHelpOptions = true, description = "Lists every parameter with its default, unit and valid range.")
final class ParamsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-32s %-11s %-20s %-28s %s%n", "parameter", "kind", "default", "valid", "meaning");
        for (ParamDecl d : WorkloadRunner.registry().all()) {
            out.printf("%-32s %-11s %-20s %-28s %s%n", d.name(), d.kind().label(), d.defaultShown(), d.rangeShown(), d.doc());
        }
        return ExitCodes.OK;
    }
}
