package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.WarningKind;

/**
 * What the dma-buf layer and the devices report to the run: violations it detects itself
 * ({@code fence-timeout}, {@code fence-error}, {@code unmapped-access}), warnings
 * ({@code stub-fence-wait}), and stall intervals (time an agent or job spent blocked).
 */
public interface DmaBufListener {
    default void violation(Violation v) {}

    default void warning(WarningKind kind, long timePs, String buffer, String message) {}

    /** {@code who} was blocked in {@code operation} from {@code fromPs} to {@code toPs}. */
    default void stalled(Party who, long fromPs, long toPs, String operation) {}

    DmaBufListener NONE = new DmaBufListener() {};
}
