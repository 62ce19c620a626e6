package dev.dmasim.workloads.run;

import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.result.RunResult;
import dev.dmasim.workloads.lang.Ast;
import dev.dmasim.workloads.lang.CheckedScript;
import dev.dmasim.workloads.lang.DeepStack;
import dev.dmasim.workloads.lang.Diagnostic;
import dev.dmasim.workloads.lang.Names;
import dev.dmasim.workloads.lang.Operations;
import dev.dmasim.workloads.lang.ScriptFrontEnd;
import dev.dmasim.workloads.system.SocSystem;
import dev.dmasim.workloads.system.SystemCatalog;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Checks and runs workload scripts: the entry point the CLI uses. */
public final class WorkloadRunner {
    /** Operations whose device models have not landed yet: a clear error rather than a wrong answer. */
    static final Set<Operations.Receiver> NOT_YET_MODELLED =
            EnumSet.of(Operations.Receiver.GPU, Operations.Receiver.SLI, Operations.Receiver.CAM, Operations.Receiver.DISP);

    private WorkloadRunner() {}

    public static ParamRegistry registry() { return SystemCatalog.registry(); }

    /** Every error in the script and the options, or the checked script. */
    public static CheckedScript check(RunRequest req) throws UserErrors {
        return DeepStack.run(() -> checkHere(req));
    }

    private static CheckedScript checkHere(RunRequest req) throws UserErrors {
        String file = req.script().toString();
        String source;
        try {
            source = Files.readString(req.script(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserErrors(List.of(file + ":1:1: no such file"));
        } catch (MalformedInputException e) {
            throw new UserErrors(List.of(file + ":1:1: not a UTF-8 text file"));
        } catch (IOException e) {
            throw new UserErrors(List.of(file + ":1:1: cannot read: " + e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        if (req.policy() != null && !CheckedScript.POLICIES.contains(req.policy())) {
            errors.add("--policy:1:1: unknown policy '" + req.policy() + "' (valid: " + String.join(", ", CheckedScript.POLICIES) + ")"
                    + Names.didYouMean(req.policy(), CheckedScript.POLICIES));
        }
        if (req.seed() != null && req.seed() < 0) errors.add("--seed:1:1: seed must be 0 or more, got " + req.seed());
        ScriptFrontEnd.Result r = ScriptFrontEnd.check(file, source, registry(), req.overrides());
        List<Diagnostic> inScript = new ArrayList<>();
        List<Diagnostic> elsewhere = new ArrayList<>();
        for (Diagnostic d : r.errors()) (d.file().equals(file) ? inScript : elsewhere).add(d);
        // Found on the parse tree even when the checker failed: check reports every error, not just the first.
        Ast.Script ast = r.ok() ? r.script().ast() : ScriptFrontEnd.parse(file, source).script();
        notYetModelled(file, ast, inScript);
        if (r.params() != null) {
            // The models' checks of parameter combinations, also when some settings were refused
            // one by one (those took their defaults: a rule involving one of them is not judged).
            List<ParamError> modelErrors = new ArrayList<>();
            SocSystem.validate(r.params(), modelErrors);
            for (ParamError e : modelErrors) {
                if (e.all().stream().anyMatch(r.rejectedParams()::contains)) continue;
                Diagnostic d = diagnostic(file, ast, e);
                int n = setIndex(req, e);
                // Not set in the script but by --set: point there, not at the script's first line.
                if (d.line() == 1 && d.col() == 1 && n > 0) elsewhere.add(new Diagnostic("--set", n, 1, e.message()));
                else inScript.add(d);
            }
        }
        inScript.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col));
        for (Diagnostic d : inScript) errors.add(d.toString());
        for (Diagnostic d : elsewhere) errors.add(d.toString());
        if (!errors.isEmpty()) throw new UserErrors(errors);
        return r.script();
    }

    public static RunResult run(RunRequest req) throws UserErrors {
        return run(req, true);
    }

    /**
     * {@code runAhead} false: the bus takes every step as an engine event instead of moving the
     * clock itself when nothing else is due. The same run, only slower (only the event count
     * differs): for tests that check exactly that.
     */
    public static RunResult run(RunRequest req, boolean runAhead) throws UserErrors {
        // The interpreter's recursion follows the script's nesting, as the front end's does.
        return DeepStack.run(() -> {
            CheckedScript script = check(req);
            return new Simulation(script, req.policy() != null ? req.policy() : script.policy(),
                    req.seed() != null ? req.seed() : script.seed(), runAhead).run();
        });
    }

    /** Model parameter errors as {@code FILE:LINE:COL}: the line of the setting in the script's system block, else 1:1. */
    static List<String> paramErrors(CheckedScript script, List<ParamError> errors) {
        List<String> out = new ArrayList<>();
        for (ParamError e : errors) out.add(diagnostic(script.ast().file(), script.ast(), e).toString());
        return out;
    }

    /**
     * The 1-based position among the --set options of the error's parameter, else of the first
     * parameter it involves that was set there, else of the first one its message names; or 0.
     */
    private static int setIndex(RunRequest req, ParamError e) {
        for (String p : e.all()) {
            int n = 0;
            for (String k : req.overrides().keySet()) {
                n++;
                if (k.trim().equalsIgnoreCase(p)) return n;
            }
        }
        int n = 0;
        for (String k : req.overrides().keySet()) {
            n++;
            if (e.message().toLowerCase(java.util.Locale.ROOT).contains(k.trim().toLowerCase(java.util.Locale.ROOT) + " ")) return n;
        }
        return 0;
    }

    /**
     * Where a model's parameter error points: the system block's setting of its parameter, else of
     * the first parameter it involves that the block sets, else of one its message names; else 1:1.
     */
    private static Diagnostic diagnostic(String file, Ast.Script ast, ParamError e) {
        List<Ast.Setting> settings = new ArrayList<>();
        if (ast != null) {
            for (Ast.Decl d : ast.decls()) if (d instanceof Ast.SystemDecl) settings.addAll(((Ast.SystemDecl) d).settings());
        }
        for (String p : e.all()) {
            for (Ast.Setting s : settings) {
                if (s.name().equalsIgnoreCase(p)) return new Diagnostic(file, s.pos().line(), s.pos().col(), e.message());
            }
        }
        for (Ast.Setting s : settings) {
            if (e.message().contains(s.name() + " ")) return new Diagnostic(file, s.pos().line(), s.pos().col(), e.message());
        }
        return new Diagnostic(file, 1, 1, e.message());
    }

    private static void notYetModelled(String file, Ast.Script script, List<Diagnostic> errors) {
        if (script == null) return;
        for (Ast.Decl d : script.decls()) {
            if (d instanceof Ast.ThreadDecl) visit(file, ((Ast.ThreadDecl) d).body(), errors);
        }
    }

    private static void visit(String file, Ast.Block b, List<Diagnostic> errors) {
        if (b == null) return; // a parse tree recovered from syntax errors may have holes
        for (Ast.Stmt s : b.stmts()) {
            if (s instanceof Ast.Assign) visit(file, ((Ast.Assign) s).value(), errors);
            else if (s instanceof Ast.ExprStmt) visit(file, ((Ast.ExprStmt) s).expr(), errors);
            else if (s instanceof Ast.Repeat) {
                visit(file, ((Ast.Repeat) s).count(), errors);
                visit(file, ((Ast.Repeat) s).body(), errors);
            } else if (s instanceof Ast.Span) visit(file, ((Ast.Span) s).body(), errors);
        }
    }

    private static void visit(String file, Ast.Expr e, List<Diagnostic> errors) {
        if (e == null) return;
        if (e instanceof Ast.Call) {
            Ast.Call c = (Ast.Call) e;
            if (c.op() != null && (NOT_YET_MODELLED.contains(c.op().receiver()) || c.op() == Operations.Op.SLI)) {
                errors.add(new Diagnostic(file, c.pos().line(), c.pos().col(), c.shownName()
                        + " is not yet supported: the GPU, SLI, camera and display models have not landed yet "
                        + "(copy engines dma0.. and traffic generators tg0.. stand in for devices)"));
            }
            for (Ast.Arg a : c.args()) visit(file, a.value(), errors);
        } else if (e instanceof Ast.Binary) {
            visit(file, ((Ast.Binary) e).left(), errors);
            visit(file, ((Ast.Binary) e).right(), errors);
        } else if (e instanceof Ast.Neg) {
            visit(file, ((Ast.Neg) e).operand(), errors);
        } else if (e instanceof Ast.RangeExpr) {
            visit(file, ((Ast.RangeExpr) e).from(), errors);
            visit(file, ((Ast.RangeExpr) e).to(), errors);
        } else if (e instanceof Ast.ListExpr) {
            for (Ast.Expr x : ((Ast.ListExpr) e).items()) visit(file, x, errors);
        } else if (e instanceof Ast.Index) {
            visit(file, ((Ast.Index) e).target(), errors);
            visit(file, ((Ast.Index) e).index(), errors);
        }
    }
}
