package dev.dmasim.devices.dmabuf;

/**
 * How a wait ended.
 *
 * @param signalled true if every fence signalled; false if the timeout expired first
 * @param error     the first error among the fences waited for (null if none)
 */
public record WaitResult(boolean signalled, String error) {
    public static final WaitResult OK = new WaitResult(true, null);
    public static final WaitResult TIMED_OUT = new WaitResult(false, null);

    /** What {@code poll()} / a sync-file wait returns: 1 ready, 0 timed out. */
    public int value() { return signalled ? 1 : 0; }
}
