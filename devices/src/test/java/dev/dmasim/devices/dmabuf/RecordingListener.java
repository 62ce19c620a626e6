package dev.dmasim.devices.dmabuf;

import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.WarningKind;

import java.util.ArrayList;
import java.util.List;

public final class RecordingListener implements DmaBufListener {
    public final List<Violation> violations = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final List<String> stalls = new ArrayList<>();

    @Override public void violation(Violation v) { violations.add(v); }

    @Override public void warning(WarningKind kind, long timePs, String buffer, String message) {
        warnings.add(kind.wire() + " " + buffer + " @" + timePs);
    }

    @Override public void stalled(Party who, long fromPs, long toPs, String operation) {
        stalls.add(who.name() + " " + operation + " " + fromPs + ".." + toPs);
    }
}
