package dev.dmasim.devices.dmabuf;

/**
 * Who can signal a fence, for deadlock wait-for chains.
 *
 * @param kind  JOB (a device job signals it at its end), AGENT (a device or thread, e.g. the
 *              display's release fence), ANY_THREAD (a user fence: whichever thread calls
 *              {@code signal}), NO_THREAD (a user fence no thread's code signals), NONE (already
 *              signalled: the stub)
 * @param party the job or agent; null for the other kinds
 */
public record FenceSignaller(Kind kind, Party party) {
    public enum Kind { JOB, AGENT, ANY_THREAD, NO_THREAD, NONE }

    public static final FenceSignaller ANY_THREAD = new FenceSignaller(Kind.ANY_THREAD, null);
    public static final FenceSignaller NO_THREAD = new FenceSignaller(Kind.NO_THREAD, null);
    public static final FenceSignaller NONE = new FenceSignaller(Kind.NONE, null);

    public static FenceSignaller job(Party job) { return new FenceSignaller(Kind.JOB, job); }

    public static FenceSignaller agent(Party agent) { return new FenceSignaller(Kind.AGENT, agent); }

    /** As shown in a wait-for chain. */
    public String describe() {
        switch (kind) {
            case ANY_THREAD: return "any thread";
            case NO_THREAD: return "no thread: the script never signals it";
            case NONE: return "nobody";
            default: return party.name();
        }
    }
}
