package dev.dmasim.workloads.litmus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random correct dma-buf programs (for {@link CorrectUseProperties}), written only from the
 * contracts' rules of correct use:
 * <ul>
 *   <li>every CPU access is bracketed, in the right direction: writes inside
 *   {@code begin/end_cpu_access(write|rw)}, reads inside {@code (read|rw)}; brackets hold nothing
 *   else, so no thread ever waits while holding CPU access;</li>
 *   <li>CPU writes cover whole 64 B lines, so a Clean (possibly old) line is never half
 *   overwritten and written back (that is Will Deacon's partial-line hazard, not correct use);</li>
 *   <li>before the CPU reads a buffer, every copy writing it is waited for ({@code wait} on its
 *   fence or {@code poll(buf, in)}); before the CPU writes a buffer, every copy touching it
 *   ({@code poll(buf, out)}); a copy that conflicts with an earlier one waits for it (by
 *   {@code wait} or by {@code after=});</li>
 *   <li>buffers are 4 KiB aligned and owned by one thread; the second thread reads the first one's
 *   buffers only after a user fence signalled when the first has waited for all its jobs.</li>
 * </ul>
 * Each statement is kept with what it touches so a mutation can remove one bracket call.
 */
final class ProgramGenerator {
    enum Kind { BEGIN, END, COPY, OTHER }

    /** One statement: its text, and for BEGIN/END/COPY the buffer(s) and direction. */
    record Stmt(String text, Kind kind, String buf, String dir, String copySrc, String copyDst) {
        static Stmt other(String text) { return new Stmt(text, Kind.OTHER, null, null, null, null); }

        boolean touches(String b) {
            return b.equals(buf) || b.equals(copySrc) || b.equals(copyDst);
        }
    }

    /** A generated program: buffers, and per thread its statements. */
    static final class Program {
        final long seed;
        final int bufferKiB;
        final List<String> buffers = new ArrayList<>();
        final List<List<Stmt>> threads = new ArrayList<>();
        final boolean handoff;

        Program(long seed, int bufferKiB, boolean handoff) {
            this.seed = seed;
            this.bufferKiB = bufferKiB;
            this.handoff = handoff;
        }

        String render() { return render(-1, -1); }

        /** The script, without statement {@code skip} of thread {@code skipThread} (-1: none). */
        String render(int skipThread, int skip) {
            StringBuilder b = new StringBuilder();
            b.append("# Generated correct-use program (seed ").append(seed).append("), see CorrectUseProperties.\n");
            b.append("# Expected: completed, no violation under every policy").append(skip >= 0 ? " (before the mutation)" : "")
                    .append(".\n");
            b.append("workload \"generated-").append(seed).append("\"\n");
            if (handoff) b.append("fence handoff\n");
            for (String buf : buffers) b.append("buffer ").append(buf).append(' ').append(bufferKiB).append("KiB\n");
            for (int t = 0; t < threads.size(); t++) {
                b.append("\nthread t").append(t).append(" on cpu").append(t).append(" {\n");
                List<Stmt> stmts = threads.get(t);
                for (int i = 0; i < stmts.size(); i++) {
                    if (t == skipThread && i == skip) {
                        b.append("  # removed: ").append(stmts.get(i).text()).append('\n');
                        continue;
                    }
                    b.append("  ").append(stmts.get(i).text()).append('\n');
                }
                b.append("}\n");
            }
            return b.toString();
        }

        /** {@code buf} and every buffer a copy (transitively) fills from it. */
        Set<String> copiedFrom(String buf) {
            Set<String> out = new LinkedHashSet<>(List.of(buf));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (List<Stmt> th : threads) {
                    for (Stmt s : th) {
                        if (s.kind() == Kind.COPY && out.contains(s.copySrc()) && out.add(s.copyDst())) grew = true;
                    }
                }
            }
            return out;
        }

        /**
         * True if, after statement {@code i} of thread {@code t} (an end_cpu_access), the next
         * statement of that thread touching the same buffer is a copy reading it: removing the end
         * must then give that copy a stale read.
         */
        boolean nextUseIsCopyRead(int t, int i) {
            List<Stmt> th = threads.get(t);
            String buf = th.get(i).buf();
            for (int j = i + 1; j < th.size(); j++) {
                Stmt s = th.get(j);
                if (s.touches(buf)) return s.kind() == Kind.COPY && buf.equals(s.copySrc());
            }
            return false;
        }
    }

    /** A mutation: remove statement {@code index} of thread {@code thread}. */
    record Mutation(int thread, int index, Stmt removed) {}

    private static final class Fence {
        final String name;
        final Set<String> reads = new HashSet<>();
        final Set<String> writes = new HashSet<>();
        final List<Fence> deps = new ArrayList<>();
        boolean done;

        Fence(String name) { this.name = name; }

        void markDone() {
            if (done) return;
            done = true;
            for (Fence d : deps) d.markDone();
        }
    }

    private final Random rnd;
    private int fenceCounter;

    private ProgramGenerator(long seed) {
        this.rnd = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    }

    static Program generate(long seed) {
        return new ProgramGenerator(seed).program(seed);
    }

    private Program program(long seed) {
        int threadCount = 1 + rnd.nextInt(2);
        int kib = new int[]{4, 8, 16}[rnd.nextInt(3)];
        Program p = new Program(seed, kib, threadCount == 2);
        List<List<String>> owned = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            List<String> mine = new ArrayList<>();
            int n = 2 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                String name = "X" + t + "_" + i;
                mine.add(name);
                p.buffers.add(name);
            }
            owned.add(mine);
        }
        for (int t = 0; t < threadCount; t++) {
            List<Stmt> out = new ArrayList<>();
            thread(t, owned.get(t), kib, out);
            if (p.handoff && t == 0) out.add(Stmt.other("signal(handoff)"));
            if (p.handoff && t == 1) {
                out.add(Stmt.other("wait(handoff)"));
                for (String b : owned.get(0)) {
                    if (rnd.nextBoolean()) cpuRead(b, kib, out);
                }
            }
            p.threads.add(out);
        }
        return p;
    }

    private void thread(int t, List<String> mine, int kib, List<Stmt> out) {
        Map<String, Fence> pending = new LinkedHashMap<>();
        int steps = 4 + rnd.nextInt(7);
        // Start with data in the first buffer so copies carry something.
        cpuWrite(mine.get(0), kib, out, pending);
        for (int s = 0; s < steps; s++) {
            int choice = rnd.nextInt(10);
            String x = mine.get(rnd.nextInt(mine.size()));
            if (choice < 3) {
                syncForCpu(x, true, out, pending);
                cpuWrite(x, kib, out, pending);
                if (rnd.nextBoolean()) {            // an upload: a device reads what the CPU wrote
                    String y = mine.get(rnd.nextInt(mine.size()));
                    if (!y.equals(x)) copy(t, x, y, out, pending);
                }
            } else if (choice < 5) {
                syncForCpu(x, false, out, pending);
                cpuRead(x, kib, out);
            } else if (choice < 8) {
                String y = mine.get(rnd.nextInt(mine.size()));
                if (y.equals(x)) continue;
                copy(t, x, y, out, pending);
            } else if (choice < 9) {
                List<Fence> live = live(pending);
                if (!live.isEmpty()) {
                    Fence f = live.get(rnd.nextInt(live.size()));
                    out.add(Stmt.other("wait(" + f.name + ")"));
                    f.markDone();
                }
            } else {
                out.add(Stmt.other(rnd.nextBoolean() ? "sleep(" + (1 + rnd.nextInt(3)) + "us)" : "compute(" + (100 + rnd.nextInt(900)) + " cycles)"));
            }
        }
        for (Fence f : live(pending)) {
            if (!f.done) {
                out.add(Stmt.other("wait(" + f.name + ")"));
                f.markDone();
            }
        }
    }

    private static List<Fence> live(Map<String, Fence> pending) {
        List<Fence> l = new ArrayList<>();
        for (Fence f : pending.values()) if (!f.done) l.add(f);
        return l;
    }

    /** Wait for every pending copy that conflicts with a CPU write (any copy touching x) or read (copies writing x). */
    private void syncForCpu(String x, boolean write, List<Stmt> out, Map<String, Fence> pending) {
        List<Fence> conflicts = new ArrayList<>();
        for (Fence f : live(pending)) {
            if (f.writes.contains(x) || (write && f.reads.contains(x))) conflicts.add(f);
        }
        if (conflicts.isEmpty()) return;
        if (rnd.nextBoolean()) {
            out.add(Stmt.other("poll(" + x + ", " + (write ? "out" : "in") + ")"));
        } else {
            for (Fence f : conflicts) out.add(Stmt.other("wait(" + f.name + ")"));
        }
        for (Fence f : conflicts) f.markDone();
    }

    private void copy(int t, String x, String y, List<Stmt> out, Map<String, Fence> pending) {
        List<Fence> conflicts = new ArrayList<>();
        for (Fence f : live(pending)) {
            if (f.writes.contains(x) || f.writes.contains(y) || f.reads.contains(y)) conflicts.add(f);
        }
        String name = "f" + t + "_" + (++fenceCounter);
        Fence nf = new Fence(name);
        nf.reads.add(x);
        nf.writes.add(y);
        StringBuilder text = new StringBuilder(name + " = dma" + rnd.nextInt(2) + ".copy(" + x + ", " + y);
        if (!conflicts.isEmpty()) {
            if (rnd.nextInt(3) != 0) {
                List<String> names = new ArrayList<>();
                for (Fence f : conflicts) names.add(f.name);
                text.append(", after=[").append(String.join(", ", names)).append(']');
                nf.deps.addAll(conflicts);
            } else {
                for (Fence f : conflicts) {
                    out.add(Stmt.other("wait(" + f.name + ")"));
                    f.markDone();
                }
            }
        }
        text.append(')');
        out.add(new Stmt(text.toString(), Kind.COPY, null, null, x, y));
        pending.put(name, nf);
    }

    private void cpuWrite(String x, int kib, List<Stmt> out, Map<String, Fence> pending) {
        String dir = rnd.nextInt(3) == 0 ? "rw" : "write";
        out.add(new Stmt("begin_cpu_access(" + x + ", " + dir + ")", Kind.BEGIN, x, dir, null, null));
        if (dir.equals("rw") && rnd.nextBoolean()) out.add(Stmt.other("read(" + x + ")"));
        out.add(Stmt.other("write(" + x + lineRange(kib) + ")"));
        out.add(new Stmt("end_cpu_access(" + x + ", " + dir + ")", Kind.END, x, dir, null, null));
    }

    private void cpuRead(String x, int kib, List<Stmt> out) {
        String dir = rnd.nextInt(3) == 0 ? "rw" : "read";
        out.add(new Stmt("begin_cpu_access(" + x + ", " + dir + ")", Kind.BEGIN, x, dir, null, null));
        out.add(Stmt.other("read(" + x + (rnd.nextBoolean() ? "" : ", bytes=" + rnd.nextInt(100) + ".." + (100 + rnd.nextInt(kib * 1024 - 100))) + ")"));
        out.add(new Stmt("end_cpu_access(" + x + ", " + dir + ")", Kind.END, x, dir, null, null));
    }

    /** Whole buffer, or a range of whole 64 B lines. */
    private String lineRange(int kib) {
        if (rnd.nextBoolean()) return "";
        int lines = kib * 1024 / 64;
        int a = rnd.nextInt(lines);
        int b = a + 1 + rnd.nextInt(lines - a);
        return ", bytes=" + (a * 64) + ".." + (b * 64);
    }

    /** Every bracket call a mutation may remove: end_cpu_access(write|rw) and begin_cpu_access(read). */
    static List<Mutation> mutations(Program p) {
        List<Mutation> l = new ArrayList<>();
        for (int t = 0; t < p.threads.size(); t++) {
            List<Stmt> th = p.threads.get(t);
            for (int i = 0; i < th.size(); i++) {
                Stmt s = th.get(i);
                if (s.kind() == Kind.END && !s.dir().equals("read")) l.add(new Mutation(t, i, s));
                if (s.kind() == Kind.BEGIN && s.dir().equals("read")) l.add(new Mutation(t, i, s));
            }
        }
        return l;
    }

    /**
     * The mutation a seed tests: for even seeds one whose removal must give a stale read (an
     * end_cpu_access(write|rw) whose buffer is next read by a copy) when the program has one,
     * otherwise any removable bracket call.
     */
    static Mutation choose(Program p, long seed) {
        List<Mutation> all = mutations(p);
        List<Mutation> positive = new ArrayList<>();
        for (Mutation m : all) {
            if (m.removed().kind() == Kind.END && p.nextUseIsCopyRead(m.thread(), m.index())) positive.add(m);
        }
        Random r = new Random(seed * 31 + 7);
        if (seed % 2 == 0 && !positive.isEmpty()) return positive.get(r.nextInt(positive.size()));
        return all.get(r.nextInt(all.size()));
    }

    /** Statement counts, for a quick look at what the generator makes. */
    static Map<Kind, Integer> census(Program p) {
        Map<Kind, Integer> m = new HashMap<>();
        for (List<Stmt> th : p.threads) for (Stmt s : th) m.merge(s.kind(), 1, Integer::sum);
        return m;
    }
}
