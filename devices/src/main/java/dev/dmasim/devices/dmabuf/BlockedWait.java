package dev.dmasim.devices.dmabuf;

import java.util.ArrayList;
import java.util.List;

/**
 * One agent or job blocked inside the dma-buf layer or a device queue, and what it waits for:
 * fences (and who signals them), a holding of a buffer (and who holds it), or the job ahead of
 * it in its device's queue. The runner builds wait-for chains from these ({@link WaitForGraph}).
 *
 * @param waiter    who is blocked
 * @param operation the call it is blocked in, e.g. {@code map(B, write)}
 * @param holds     the buffers it holds meanwhile (brackets, mappings), by name
 * @param kind      what it waits for
 * @param fences    FENCES: the fences not yet signalled
 * @param buffer    HOLDING: the buffer
 * @param heldBy    HOLDING: the holdings in its way
 * @param ahead     QUEUE: the job ahead
 */
public record BlockedWait(Party waiter, String operation, List<String> holds, Kind kind, List<DmaFence> fences,
                          String buffer, List<Access> heldBy, Party ahead) {
    public enum Kind { FENCES, HOLDING, QUEUE }

    public BlockedWait {
        holds = List.copyOf(holds);
        fences = List.copyOf(fences);
        heldBy = List.copyOf(heldBy);
    }

    public static BlockedWait fences(Party waiter, String operation, List<String> holds, List<DmaFence> fences) {
        return new BlockedWait(waiter, operation, holds, Kind.FENCES, fences, null, List.of(), null);
    }

    public static BlockedWait holding(Party waiter, String operation, List<String> holds, String buffer, List<Access> heldBy) {
        return new BlockedWait(waiter, operation, holds, Kind.HOLDING, List.of(), buffer, heldBy, null);
    }

    public static BlockedWait queue(Party waiter, String operation, Party ahead) {
        return new BlockedWait(waiter, operation, List.of(), Kind.QUEUE, List.of(), null, List.of(), ahead);
    }

    /** The parties that could unblock it (fence signallers that are jobs or agents, releasers, the job ahead). */
    public List<Party> waitsOn() {
        List<Party> out = new ArrayList<>();
        switch (kind) {
            case FENCES:
                for (DmaFence f : fences) {
                    for (FenceSignaller s : f.pendingSignallers()) {
                        if (s.party() != null && !out.contains(s.party())) out.add(s.party());
                    }
                }
                break;
            case HOLDING:
                for (Access a : heldBy) if (!out.contains(a.releaser())) out.add(a.releaser());
                break;
            case QUEUE:
                out.add(ahead);
                break;
        }
        return out;
    }

    /** E.g. {@code dma0 job 1 holds A and waits for B held by dma1 job 1}. */
    public String describe() {
        StringBuilder b = new StringBuilder(waiter.name());
        if (!holds.isEmpty()) b.append(" holds ").append(String.join(", ", holds)).append(" and");
        b.append(" waits for ");
        switch (kind) {
            case FENCES:
                for (int i = 0; i < fences.size(); i++) b.append(i > 0 ? ", " : "").append(fences.get(i).describeWait());
                break;
            case HOLDING:
                b.append(buffer).append(" held by ");
                for (int i = 0; i < heldBy.size(); i++) b.append(i > 0 ? ", " : "").append(heldBy.get(i).describe());
                break;
            case QUEUE:
                b.append(ahead.name()).append(" (queued behind it)");
                break;
        }
        return b.toString();
    }

    @Override public String toString() { return describe(); }
}
