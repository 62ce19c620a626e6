package dev.dmasim.core.param;

import java.util.List;

/**
 * A user-caused parameter problem: which parameter, what is wrong with it, and, for a rule over
 * several parameters, the others it involves (an error is shown at whichever of them the user set).
 */
public record ParamError(String param, String message, List<String> involved) {
    public ParamError {
        involved = List.copyOf(involved);
    }

    public ParamError(String param, String message) {
        this(param, message, List.of());
    }

    /** {@code param}, then the parameters it involves. */
    public List<String> all() {
        if (involved.isEmpty()) return List.of(param);
        java.util.List<String> a = new java.util.ArrayList<>(involved.size() + 1);
        a.add(param);
        a.addAll(involved);
        return a;
    }
}
