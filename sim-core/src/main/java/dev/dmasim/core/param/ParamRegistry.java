package dev.dmasim.core.param;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every declared parameter, each declared exactly once. Models declare theirs next to their
 * Spec; the system builder collects them here.
 */
public final class ParamRegistry {
    private final Map<String, ParamDecl> decls = new TreeMap<>();
    private final Map<String, ParamDecl> byLowerCase = new HashMap<>();

    public ParamRegistry declare(ParamDecl d) {
        if (decls.putIfAbsent(d.name(), d) != null) {
            throw new IllegalStateException("invariant: parameter " + d.name() + " declared twice");
        }
        if (byLowerCase.putIfAbsent(d.name().toLowerCase(Locale.ROOT), d) != null) {
            throw new IllegalStateException("invariant: parameters " + d.name() + " and another differ only in case");
        }
        return this;
    }

    /**
     * The parameter named {@code name}, or null. Case does not matter, so that a datasheet's
     * spelling ({@code dram.tRCD}) finds {@code dram.trcd}; callers key values by the declared
     * name ({@link ParamDecl#name}).
     */
    public ParamDecl find(String name) {
        ParamDecl d = decls.get(name);
        return d != null || name == null ? d : byLowerCase.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<ParamDecl> all() { return Collections.unmodifiableCollection(decls.values()); }

    /** Up to {@code n} declared names nearest to {@code name} by edit distance, nearest first. */
    public List<String> nearest(String name, int n) {
        List<String> names = new ArrayList<>(decls.keySet());
        names.sort(Comparator.comparingInt((String s) -> editDistance(name, s)).thenComparing(s -> s));
        List<String> out = new ArrayList<>();
        for (String s : names) {
            if (out.size() == n) break;
            if (editDistance(name, s) <= Math.max(3, name.length() / 2)) out.add(s);
        }
        return out;
    }

    /** Levenshtein distance. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
