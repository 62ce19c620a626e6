package dev.dmasim.devices.dmabuf;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct dma_resv} of one buffer: fences with a usage each. Queries follow the kernel
 * (asking for U returns U and every lower level). A fence added again keeps the stronger
 * (lower) usage: promoted, never demoted.
 *
 * <p>Signalled fences are pruned lazily, at the next add or query; their clocks are folded
 * into a per-usage "retired" clock so that a later wait that would have found them signalled
 * still gets its happens-before edge (MODEL.md: a signal happens-before every wait that finds
 * it signalled) without the list growing for ever.
 */
public final class DmaResv {
    private final HappensBefore hb;
    private final ArrayList<DmaFence> fences = new ArrayList<>();
    private final ArrayList<DmaResvUsage> usages = new ArrayList<>();
    private final Object[] retired = new Object[DmaResvUsage.values().length];

    public DmaResv(HappensBefore hb) { this.hb = hb; }

    /** {@code dma_resv_add_fence}. Containers should be unwrapped by the caller. */
    public void add(DmaFence f, DmaResvUsage usage) {
        prune();
        int i = fences.indexOf(f);
        if (i >= 0) {
            if (usage.ordinal() < usages.get(i).ordinal()) usages.set(i, usage);
            return;
        }
        if (f.isSignalled()) {
            retire(f, usage);
            return;
        }
        fences.add(f);
        usages.add(usage);
    }

    /** The unsignalled fences a query for {@code usage} returns, oldest first. */
    public List<DmaFence> fences(DmaResvUsage usage) {
        prune();
        List<DmaFence> out = new ArrayList<>();
        for (int i = 0; i < fences.size(); i++) if (usage.includes(usages.get(i))) out.add(fences.get(i));
        return out;
    }

    /** The usage a present fence has, or null. */
    public DmaResvUsage usageOf(DmaFence f) {
        prune();
        int i = fences.indexOf(f);
        return i < 0 ? null : usages.get(i);
    }

    /** What a wait for {@code usage} covers now: unsignalled fences and the signalled ones' clock. */
    public ResvSnapshot snapshot(DmaResvUsage usage) {
        List<DmaFence> f = fences(usage);
        Object clock = null;
        for (DmaResvUsage u : DmaResvUsage.values()) {
            if (usage.includes(u)) clock = HappensBefore.joinNullable(hb, clock, retired[u.ordinal()]);
        }
        return new ResvSnapshot(f, clock);
    }

    /** True if a query for {@code usage} would find an unsignalled fence. */
    public boolean busy(DmaResvUsage usage) { return !fences(usage).isEmpty(); }

    /** Number of unsignalled fences held (after pruning). */
    public int size() {
        prune();
        return fences.size();
    }

    private void prune() {
        int w = 0;
        for (int r = 0; r < fences.size(); r++) {
            DmaFence f = fences.get(r);
            DmaResvUsage u = usages.get(r);
            if (f.isSignalled()) {
                retire(f, u);
            } else {
                fences.set(w, f);
                usages.set(w, u);
                w++;
            }
        }
        while (fences.size() > w) {
            fences.remove(fences.size() - 1);
            usages.remove(usages.size() - 1);
        }
    }

    private void retire(DmaFence f, DmaResvUsage u) {
        if (f.clock() != null) retired[u.ordinal()] = HappensBefore.joinNullable(hb, retired[u.ordinal()], f.clock());
    }
}
