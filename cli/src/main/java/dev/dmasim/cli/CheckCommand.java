package dev.dmasim.cli;

import dev.dmasim.workloads.run.UserErrors;
import dev.dmasim.workloads.run.WorkloadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Reports every error in a script without simulating it, including the run's errors that literal arguments show (a range outside its buffer, a rate of 0).")
final class CheckCommand implements Callable<Integer> {
    @Mixin ScriptOptions opts;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try {
            WorkloadRunner.check(opts.request(null));
            spec.commandLine().getOut().println(opts.script + ": ok");
            return ExitCodes.OK;
        } catch (UserErrors e) {
            e.lines().forEach(spec.commandLine().getErr()::println);
            return ExitCodes.BAD_INPUT;
        }
    }
}
