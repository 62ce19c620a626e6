package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * The fences of a reservation object that a wait covers, taken when the call is made.
 *
 * @param fences       the unsignalled fences found
 * @param retiredClock joined clocks of the signalled fences found (already pruned), or null:
 *                     a wait that finds a fence signalled still gets its happens-before edge
 */
public record ResvSnapshot(List<DmaFence> fences, Object retiredClock) {
    public static final ResvSnapshot EMPTY = new ResvSnapshot(List.of(), null);

    public ResvSnapshot {
        fences = List.copyOf(fences);
    }

    public boolean isEmpty() { return fences.isEmpty() && retiredClock == null; }
}
