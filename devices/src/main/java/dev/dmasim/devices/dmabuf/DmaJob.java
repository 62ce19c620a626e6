package dev.dmasim.devices.dmabuf;

import java.util.List;

/**
 * The dma-buf side of one device job (a copy, a render, a traffic stream) or flip: the buffers
 * it uses, its {@code after=} fences, its own fence, and what its submission recorded (the
 * submitter's clock, the reservation fences its automatic wait covers). Made by
 * {@link DmaBufLayer#submit}; the device drives it with {@link DmaBufLayer#startJob} and
 * {@link DmaBufLayer#finishJob}.
 */
public final class DmaJob {
    public enum Kind { JOB, FLIP }

    public enum State { SUBMITTING, QUEUED, WAITING, SATISFIED, MAPPING, RUNNING, UNMAPPING, DONE }

    private final DmaDevice device;
    private final Party party;
    private final Kind kind;
    private final List<BufferUse> uses;
    private final List<DmaFence> after;
    private final DmaFence fence;
    State state = State.SUBMITTING;
    Object submitClock;
    List<ResvSnapshot> waits = List.of();
    boolean afterWaitedBySubmitter;
    long submittedPs = -1, queuedPs = -1, startedPs = -1, finishedPs = -1;

    DmaJob(DmaDevice device, Party party, Kind kind, List<BufferUse> uses, List<DmaFence> after, DmaFence fence) {
        this.device = device;
        this.party = party;
        this.kind = kind;
        this.uses = List.copyOf(uses);
        this.after = List.copyOf(after);
        this.fence = fence;
    }

    public DmaDevice device() { return device; }

    /** The job as a party: {@code dma0 job 7}. */
    public Party party() { return party; }

    public String name() { return party.name(); }

    public long number() { return party.job(); }

    public Kind kind() { return kind; }

    public List<BufferUse> uses() { return uses; }

    public List<DmaFence> after() { return after; }

    /** Signalled by {@link DmaBufLayer#finishJob} with the device's clock. */
    public DmaFence fence() { return fence; }

    public State state() { return state; }

    /** When the submission call was made. */
    public long submittedPs() { return submittedPs; }

    /** When the job entered its device's queue (later than submission under nonblocking with after=). */
    public long queuedPs() { return queuedPs; }

    /** When its waits and maps were done and the device could start the work (-1 before). */
    public long startedPs() { return startedPs; }

    /** When its fence signalled. */
    public long finishedPs() { return finishedPs; }

    @Override public String toString() { return party.name(); }
}
