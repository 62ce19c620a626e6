package dev.dmasim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CliTest {
    record Run(int code, String out, String err) {}

    static Run dmasim(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpAndVersionExitZero() {
        Run h = dmasim("--help");
        assertEquals(0, h.code);
        assertTrue(h.out.contains("Examples:") && h.out.contains("dmasim run"), h.out);
        assertEquals(0, dmasim("--version").code);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] c : List.of(new String[]{"run"}, new String[]{"check"}, new String[]{"compare"}, new String[]{"params"},
                new String[]{"bench"}, new String[]{"bench", "engine"}, new String[]{"bench", "checker"})) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            Run r = dmasim(args);
            assertEquals(0, r.code, String.join(" ", args) + ": " + r.err);
            assertTrue(r.out.startsWith("Usage: dmasim " + String.join(" ", c)), r.out);
        }
    }

    @Test
    void unknownOptionIsBadInputWithoutStackTrace() {
        Run r = dmasim("run", "--bogus", "x.dmasim");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--bogus"), r.err);
        assertFalse(r.err.contains("at dev.dmasim"), r.err);
    }

    @Test
    void scriptErrorsAreReportedAsFileLineColumnWithExitCodeTwo(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("bad.dmasim");
        Files.writeString(s, "buffer A 4KiB\nthread main {\n  wait(3)\n  wiat(A)\n}\n");
        Run r = dmasim("check", s.toString());
        assertEquals(2, r.code, r.err);
        List<String> lines = r.err.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(s + ":3:")), r.err);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(s + ":4:") && l.contains("did you mean wait")), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
        Run run = dmasim("run", s.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, run.code);
        assertFalse(Files.exists(dir.resolve("out").resolve("summary.json")), "no output for a bad script");
    }

    @Test
    void notYetSupportedOperationsAreReportedAlongsideOtherErrors(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("gpu.dmasim");
        Files.writeString(s, "buffer A 64KiB\nthread main {\n  read(C)\n  gpu0.render(A)\n}\n");
        Run r = dmasim("check", s.toString());
        assertEquals(2, r.code);
        List<String> lines = r.err.lines().toList();
        assertEquals(2, lines.size(), r.err);
        assertTrue(lines.get(0).startsWith(s + ":3:") && lines.get(1).startsWith(s + ":4:"), r.err);
        assertTrue(lines.get(1).contains("gpu0.render is not yet supported"), r.err);
    }

    @Test
    void missingFileAndBadSetAndBadPolicyAreBadInput(@TempDir Path dir) throws Exception {
        Run r = dmasim("check", dir.resolve("nope.dmasim").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("nope.dmasim:1:1: no such file"), r.err);
        Path s = dir.resolve("ok.dmasim");
        Files.writeString(s, "thread main { compute(1us) }\n");
        Run set = dmasim("check", s.toString(), "--set", "bus.widht=64B");
        assertEquals(2, set.code);
        assertTrue(set.err.contains("bus.widht") && set.err.contains("did you mean"), set.err);
        Run pol = dmasim("run", s.toString(), "--policy", "exclusiv");
        assertEquals(2, pol.code);
        assertTrue(pol.err.contains("did you mean exclusive"), pol.err);
    }

    @Test
    void failOnViolationExitsOneAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        Path example = Path.of("..", "examples", "two-writers-without-a-fence.dmasim");
        Run found = dmasim("run", example.toString(), "--out", dir.resolve("nb").toString(), "--fail-on-violation");
        assertEquals(1, found.code, found.err);
        assertTrue(found.out.contains("data-race 1"), found.out);
        assertTrue(Files.readString(dir.resolve("nb").resolve("summary.json")).contains("\"data-race\" : 1"));
        Run clean = dmasim("run", example.toString(), "--policy", "implicit", "--out", dir.resolve("im").toString(),
                "--fail-on-violation");
        assertEquals(0, clean.code, clean.out + clean.err);
        Run without = dmasim("run", example.toString(), "--out", dir.resolve("nb2").toString());
        assertEquals(0, without.code, "without the flag a run that finished exits 0 whatever it found");
    }

    @Test
    void compareWithNoPolicyIsBadInput(@TempDir Path dir) {
        Path example = Path.of("..", "examples", "enforced-deadlock.dmasim");
        Run r = dmasim("compare", example.toString(), "--policies", ",", "--out", dir.resolve("c").toString());
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.startsWith("--policies:1:1: no policy given (valid: nonblocking, "), r.err);
        assertFalse(Files.exists(dir.resolve("c")), "nothing written");
    }

    @Test
    void compareWritesOneSummaryPerPolicy(@TempDir Path dir) throws Exception {
        Path example = Path.of("..", "examples", "enforced-deadlock.dmasim");
        Run r = dmasim("compare", example.toString(), "--policies", "nonblocking,enforced", "--out", dir.toString());
        assertEquals(0, r.code, r.err);
        String json = Files.readString(dir.resolve("comparison.json"));
        assertTrue(json.contains("\"nonblocking\"") && json.contains("\"enforced\""), json);
        assertTrue(json.contains("\"status\" : \"deadlock\"") && json.contains("\"status\" : \"completed\""), json);
        String html = Files.readString(dir.resolve("compare.html"));
        assertTrue(html.contains("<svg id='compare-simulated-time'") && html.contains("href=\"charts/compare-simulated-time.png\""), html);
        assertTrue(Files.exists(dir.resolve("charts").resolve("compare-simulated-time.png")));
        assertTrue(html.contains("href=\"enforced/report.html\""), "each policy's report is linked");
    }

    @Test
    void paramsListsEveryParameterTheContractNames() {
        Run r = dmasim("params");
        assertEquals(0, r.code);
        for (String p : List.of("bus.width", "bus.freq", "bus.arbitration", "bus.overhead", "dram.size", "dram.channels",
                "cpu.cores", "cpu.freq", "cpu.coherent", "cpu.prefetch", "cpu.l1.size", "cpu.l1.ways", "cpu.l2.size",
                "cpu.l2.ways", "cpu.line", "gpu0.freq", "gpu0.pixels_per_cycle", "gpu0.l2.size", "gpu0.coherent",
                "gpu1.freq", "gpu1.coherent", "gpu.hang_timeout", "sli.split", "cam0.mode", "cam0.format", "cam0.isp",
                "cam0.memory", "cam0.cache_hints", "disp0.mode", "dma.engines", "dma.for_device_from_device",
                "export.map_syncs_cpu", "export.sync_targets", "export.cpu_hooks", "tg.generators",
                "policy.readers_share", "check.enabled", "check.granularity", "cpu.prefetch_rate")) {
            assertTrue(r.out.lines().anyMatch(l -> l.startsWith(p + " ")), "dmasim params lacks " + p);
        }
    }
}
