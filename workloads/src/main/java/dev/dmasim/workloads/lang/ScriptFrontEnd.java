package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entry point of the workload language: parse and check a script, never throwing on any
 * input. Errors come back as {@link Diagnostic}s, script errors in source order first, then
 * {@code --set} errors.
 */
public final class ScriptFrontEnd {
    private ScriptFrontEnd() {}

    /** The presets known to the front end by default: {@code soc}, with no overrides of its own. */
    public static final Map<String, Map<String, Object>> DEFAULT_PRESETS = Map.of(CheckedScript.DEFAULT_PRESET, Map.of());

    /** A checked script, or the errors that prevent one. */
    /**
     * @param script the checked script, or null if there was any error
     * @param params the resolved parameters unless a syntax error or an unknown preset came first,
     *               even when settings or the threads had errors: the models check their
     *               combinations then too, so that one check reports every error
     * @param rejectedParams the parameters whose value (in the system block or --set) was refused;
     *               {@code params} holds their defaults
     */
    public record Result(CheckedScript script, List<Diagnostic> errors, ParamValues params, Set<String> rejectedParams) {
        public Result {
            errors = List.copyOf(errors);
            rejectedParams = Set.copyOf(rejectedParams);
        }

        public boolean ok() { return errors.isEmpty(); }
    }

    /** A parsed (unchecked) script and its lexical and syntax errors. */
    public record Parsed(Ast.Script script, List<Diagnostic> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    /** Lexes and parses only. */
    public static Parsed parse(String fileName, String source) {
        Diagnostics d = new Diagnostics(fileName);
        Ast.Script s = Parser.parse(fileName, source, d);
        return new Parsed(s, d.sorted());
    }

    /** Parses and checks {@code source} against {@code registry}, with the default presets. */
    public static Result check(String fileName, String source, ParamRegistry registry, Map<String, String> cliOverrides) {
        return check(fileName, source, registry, DEFAULT_PRESETS, cliOverrides);
    }

    /**
     * Parses and checks {@code source}. Parameter overrides are layered: the preset's values
     * (by name: {@code system NAME {}}, default {@code soc}), then the script's {@code system}
     * values, then {@code cliOverrides} (name -> value text, as given to {@code --set}).
     */
    public static Result check(String fileName, String source, ParamRegistry registry,
                               Map<String, Map<String, Object>> presets, Map<String, String> cliOverrides) {
        return DeepStack.run(() -> checkHere(fileName, source, registry, presets, cliOverrides));
    }

    private static Result checkHere(String fileName, String source, ParamRegistry registry,
                                    Map<String, Map<String, Object>> presets, Map<String, String> cliOverrides) {
        Diagnostics d = new Diagnostics(fileName);
        Ast.Script s = Parser.parse(fileName, source, d);
        Map<String, Object> cli = new LinkedHashMap<>();
        List<Diagnostic> cliErrors = ParamValueParser.parseOverrides(cliOverrides, registry, cli);
        Checker checker = new Checker(d, registry, presets);
        CheckedScript checked = checker.check(s, cli);
        List<Diagnostic> all = new ArrayList<>(d.sorted());
        all.addAll(cliErrors);
        Set<String> rejected = new HashSet<>(checker.rejectedParams());
        for (String k : cliOverrides.keySet()) {
            ParamDecl decl = registry.find(k.trim());
            if (decl != null && !cli.containsKey(decl.name())) rejected.add(decl.name());
        }
        return new Result(all.isEmpty() ? checked : null, all, checker.resolvedParams(), rejected);
    }
}
