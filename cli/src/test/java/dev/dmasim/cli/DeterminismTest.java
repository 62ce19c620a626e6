package dev.dmasim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** MODEL.md: the same script and seed give a byte-identical summary.json apart from wall_time_ms. */
class DeterminismTest {
    static final String SCRIPT = String.join("\n",
            "workload \"determinism\"",
            "policy nonblocking",
            "buffer A 32KiB", "buffer B 32KiB", "buffer N 64KiB",
            "thread main {",
            "  repeat 3 as i {",
            "    span \"frame\" { begin_cpu_access(A, write); write(A); end_cpu_access(A, write); f = dma0.copy(A, B); g = dma1.copy(A, B); wait(merge(f, g)) }",
            "  }",
            "}",
            "thread noise on cpu1 { f = tg0.stream(N, read, interval=exp(20ns), pattern=random); wait(f) }", "");

    static String summary(Path dir, Path script, String seed) throws Exception {
        CliTest.Run r = CliTest.dmasim("run", script.toString(), "--seed", seed, "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        return Files.readString(dir.resolve("summary.json")).replaceAll("\"wall_time_ms\" : \\d+", "\"wall_time_ms\" : 0");
    }

    @Test
    void sameSeedSameBytesOtherSeedMayDiffer(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("d.dmasim");
        Files.writeString(script, SCRIPT);
        String a = summary(dir.resolve("a"), script, "7");
        String b = summary(dir.resolve("b"), script, "7");
        assertEquals(a, b);
        assertTrue(a.contains("\"data-race\" : 1") || a.contains("\"data-race\" : 3"), a);
        String c = summary(dir.resolve("c"), script, "8");
        assertNotEquals(a, c, "the random stream depends on the seed");
        for (String f : List.of("violations.csv", "trace.json", "report.html", "charts/bus-bandwidth.svg", "charts/timeline.svg")) {
            assertEquals(Files.readString(dir.resolve("a").resolve(f)), Files.readString(dir.resolve("b").resolve(f)), f);
        }
        for (String f : List.of("charts/bus-bandwidth.png", "charts/timeline.png")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
    }
}
