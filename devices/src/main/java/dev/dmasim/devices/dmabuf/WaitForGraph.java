package dev.dmasim.devices.dmabuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wait-for cycles and chains among blocked parties, for the {@code deadlock} report. Edges go
 * from a blocked party to the parties that could unblock it ({@link BlockedWait#waitsOn}).
 */
public final class WaitForGraph {
    private WaitForGraph() {}

    /**
     * The first cycle found (searching from the waits in the order of {@code blocked}), as the
     * waits that form it, starting at the waiter whose name sorts first; empty if none.
     */
    public static List<BlockedWait> cycle(List<BlockedWait> blocked) {
        Map<Party, BlockedWait> byParty = new HashMap<>();
        for (BlockedWait w : blocked) byParty.putIfAbsent(w.waiter(), w);
        Map<Party, Integer> state = new HashMap<>(); // 1 on stack, 2 done
        for (BlockedWait start : blocked) {
            List<BlockedWait> stack = new ArrayList<>();
            List<BlockedWait> found = dfs(start, byParty, state, stack);
            if (found != null) return found;
        }
        return List.of();
    }

    private static List<BlockedWait> dfs(BlockedWait w, Map<Party, BlockedWait> byParty, Map<Party, Integer> state,
                                         List<BlockedWait> stack) {
        Integer s = state.get(w.waiter());
        if (s != null && s == 2) return null;
        if (s != null && s == 1) {
            List<BlockedWait> c = stack.subList(stack.indexOf(w), stack.size());
            int first = 0;
            for (int i = 1; i < c.size(); i++) {
                if (c.get(i).waiter().name().compareTo(c.get(first).waiter().name()) < 0) first = i;
            }
            List<BlockedWait> out = new ArrayList<>(c.subList(first, c.size()));
            out.addAll(c.subList(0, first));
            return List.copyOf(out);
        }
        state.put(w.waiter(), 1);
        stack.add(w);
        for (Party p : w.waitsOn()) {
            BlockedWait next = byParty.get(p);
            if (next == null) continue;
            List<BlockedWait> found = dfs(next, byParty, state, stack);
            if (found != null) return found;
        }
        stack.remove(stack.size() - 1);
        state.put(w.waiter(), 2);
        return null;
    }

    /**
     * The chain from {@code start}: each wait followed by the first blocked party it waits on,
     * until a party that is not blocked (or a repeat).
     */
    public static List<BlockedWait> chain(BlockedWait start, List<BlockedWait> blocked) {
        Map<Party, BlockedWait> byParty = new HashMap<>();
        for (BlockedWait w : blocked) byParty.putIfAbsent(w.waiter(), w);
        List<BlockedWait> out = new ArrayList<>();
        BlockedWait w = start;
        while (w != null && !out.contains(w)) {
            out.add(w);
            BlockedWait next = null;
            for (Party p : w.waitsOn()) {
                next = byParty.get(p);
                if (next != null) break;
            }
            w = next;
        }
        return out;
    }

    /** The waits joined with "; ", as the deadlock report shows them. */
    public static String describe(List<BlockedWait> waits) {
        StringBuilder b = new StringBuilder();
        for (BlockedWait w : waits) {
            if (b.length() > 0) b.append("; ");
            b.append(w.describe());
        }
        return b.toString();
    }
}
