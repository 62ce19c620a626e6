package dev.dmasim.workloads.run;

import dev.dmasim.core.result.RunResult;
import dev.dmasim.core.result.RunStatus;
import dev.dmasim.core.result.Violation;
import dev.dmasim.core.result.ViolationKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every example in examples/ gives the result its comment promises (KERNEL-REFERENCE.md
 * scenario names in the comments), under the policies where the outcome differs.
 */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    static Stream<Arguments> cases() {
        return Stream.of(
                // M2(a): CPU writes without SYNC_END, device reads memory's old data.
                Arguments.of("cpu-write-without-end-cpu-access", "implicit", "completed", Map.of(ViolationKind.STALE_READ, 1L), "writer-cache-not-cleaned"),
                Arguments.of("cpu-write-without-end-cpu-access", "nonblocking", "completed", Map.of(ViolationKind.STALE_READ, 1L), "writer-cache-not-cleaned"),
                Arguments.of("cpu-write-without-end-cpu-access", "explicit", "completed", Map.of(ViolationKind.STALE_READ, 1L), "writer-cache-not-cleaned"),
                Arguments.of("cpu-write-without-end-cpu-access", "enforced", "deadlock", Map.of(ViolationKind.DEADLOCK, 1L), null),
                Arguments.of("cpu-write-without-end-cpu-access", "exclusive", "deadlock", Map.of(ViolationKind.DEADLOCK, 1L), null),
                // M1: CPU re-reads its own stale lines.
                Arguments.of("cpu-read-without-begin-cpu-access", "implicit", "completed", Map.of(ViolationKind.STALE_READ, 1L), "reader-cache-not-invalidated"),
                Arguments.of("cpu-read-without-begin-cpu-access", "exclusive", "completed", Map.of(ViolationKind.STALE_READ, 1L), "reader-cache-not-invalidated"),
                // M3: a dirty CPU line evicted over device data.
                Arguments.of("dirty-line-evicted-over-device-data", "implicit", "completed",
                        Map.of(ViolationKind.LOST_WRITE, 1L, ViolationKind.STALE_READ, 1L, ViolationKind.TORN_FRAME, 1L), "memory-overwritten"),
                Arguments.of("dirty-line-evicted-over-device-data", "enforced", "completed",
                        Map.of(ViolationKind.LOST_WRITE, 1L, ViolationKind.STALE_READ, 1L, ViolationKind.TORN_FRAME, 1L), "memory-overwritten"),
                // M7(a): two writers without a fence.
                Arguments.of("two-writers-without-a-fence", "nonblocking", "completed", Map.of(ViolationKind.DATA_RACE, 1L), null),
                Arguments.of("two-writers-without-a-fence", "explicit", "completed", Map.of(ViolationKind.DATA_RACE, 1L), null),
                Arguments.of("two-writers-without-a-fence", "enforced", "completed", Map.of(ViolationKind.DATA_RACE, 1L), null),
                Arguments.of("two-writers-without-a-fence", "implicit", "completed", Map.of(), null),
                Arguments.of("two-writers-without-a-fence", "exclusive", "completed", Map.of(), null),
                // The enforcing dma-buf turns the missing clean into a hang.
                Arguments.of("enforced-deadlock", "enforced", "deadlock", Map.of(ViolationKind.DEADLOCK, 1L), null),
                Arguments.of("enforced-deadlock", "nonblocking", "completed", Map.of(ViolationKind.STALE_READ, 1L), "writer-cache-not-cleaned"),
                Arguments.of("enforced-deadlock", "implicit", "completed", Map.of(ViolationKind.STALE_READ, 1L), "writer-cache-not-cleaned"),
                // 1.9 / M7(b): unaligned buffers sharing a line.
                Arguments.of("unaligned-buffers-share-a-line", "implicit", "completed",
                        Map.of(ViolationKind.LOST_WRITE, 1L, ViolationKind.STALE_READ, 1L), "memory-overwritten"),
                // C1 with a copy engine for gpu0: correct use.
                Arguments.of("cpu-upload-gpu-texture", "implicit", "completed", Map.of(), null),
                Arguments.of("cpu-upload-gpu-texture", "exclusive", "completed", Map.of(), null));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cases")
    void exampleGivesItsDocumentedResult(String example, String policy, String status, Map<ViolationKind, Long> expected,
                                         String cause) throws Exception {
        RunResult r = WorkloadRunner.run(new RunRequest(EXAMPLES.resolve(example + ".dmasim"), policy, null, Map.of()));
        assertEquals(status, r.status().wire(), () -> summary(r));
        Map<ViolationKind, Long> want = new EnumMap<>(ViolationKind.class);
        for (ViolationKind k : ViolationKind.values()) want.put(k, expected.getOrDefault(k, 0L));
        assertEquals(want, new EnumMap<>(r.violationCounts()), () -> summary(r));
        if (cause != null) {
            assertTrue(r.violations().stream().anyMatch(v -> cause.equals(v.cause())), () -> summary(r));
        }
        if (r.status() == RunStatus.DEADLOCK) {
            Violation d = r.violations().stream().filter(v -> v.kind() == ViolationKind.DEADLOCK).findFirst().orElseThrow();
            assertTrue(d.message().contains("cpu0/main") && d.message().contains("dma0 job 1"), d.message());
        }
    }

    static String summary(RunResult r) {
        StringBuilder sb = new StringBuilder(r.status().wire()).append('\n');
        for (Violation v : r.violations()) sb.append(v.kind().wire()).append(" [").append(v.cause()).append("] ").append(v.message()).append('\n');
        return sb.toString();
    }
}
