package dev.dmasim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The README's tour of the language is a script that passes `dmasim check`, and its main job's example exists. */
class ReadmeTest {
    @Test
    void theTourChecksCleanAndTheExampleExists(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("workload \"upload\"");
        int end = readme.indexOf("\n```", start);
        assertTrue(start > 0 && end > start, "the README has its tour");
        Path tour = dir.resolve("tour.dmasim");
        Files.writeString(tour, readme.substring(start, end) + "\n");
        CliTest.Run r = CliTest.dmasim("check", tour.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(readme.contains("./dmasim run examples/cpu-upload-gpu-texture.dmasim"));
        assertTrue(Files.exists(Path.of("..", "examples", "cpu-upload-gpu-texture.dmasim")));
    }
}
