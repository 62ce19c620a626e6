package dev.dmasim.workloads.lang;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every error of one file (never throws). */
public final class Diagnostics {
    private final String file;
    private final List<Diagnostic> list = new ArrayList<>();

    public Diagnostics(String file) { this.file = file; }

    public String file() { return file; }

    public void error(Pos pos, String message) { list.add(new Diagnostic(file, pos.line(), pos.col(), message)); }

    public void error(int line, int col, String message) { list.add(new Diagnostic(file, line, col, message)); }

    public void addAll(List<Diagnostic> ds) { list.addAll(ds); }

    public boolean hasErrors() { return !list.isEmpty(); }

    public int count() { return list.size(); }

    /** Every error so far, in source order (stable for errors at one position). */
    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col));
        return List.copyOf(out);
    }

    public List<Diagnostic> list() { return List.copyOf(list); }
}
