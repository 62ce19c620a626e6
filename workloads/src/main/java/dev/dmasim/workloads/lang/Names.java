package dev.dmasim.workloads.lang;

import dev.dmasim.core.param.ParamRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" suggestions by edit distance. */
public final class Names {
    private Names() {}

    /** Up to {@code n} candidates close to {@code name}, nearest first. */
    public static List<String> nearest(String name, Collection<String> candidates, int n) {
        int limit = Math.max(1, Math.min(3, (name.length() + 2) / 3));
        List<String> near = new ArrayList<>();
        for (String c : candidates) {
            int d = ParamRegistry.editDistance(name, c);
            // a candidate sharing nothing with a short name is no suggestion
            if (!c.equals(name) && d <= limit && d < Math.max(name.length(), c.length())
                    && (d < name.length() || c.equalsIgnoreCase(name))) near.add(c);
        }
        near.sort(Comparator.comparingInt((String s) -> ParamRegistry.editDistance(name, s)).thenComparing(s -> s));
        return near.size() > n ? List.copyOf(near.subList(0, n)) : List.copyOf(near);
    }

    /** "; did you mean a, b?" or "". */
    public static String didYouMean(List<String> near) {
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    public static String didYouMean(String name, Collection<String> candidates) {
        return didYouMean(nearest(name, candidates, 3));
    }
}
