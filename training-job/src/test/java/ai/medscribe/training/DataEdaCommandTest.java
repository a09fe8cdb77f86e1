package ai.medscribe.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class DataEdaCommandTest {

    @TempDir
    Path dir;

    @Test
    void dataThenEdaWriteSplitsFilterCountsStatsAndCharts(QuarkusMainLauncher launcher) throws Exception {
        Path data = dir.resolve("data");
        LaunchResult r = launcher.launch("data", "--notes", "300", "--seed", "3", "--out", data.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("train"), r.getOutput());
        JsonNode filter = new ObjectMapper().readTree(data.resolve("filter.json").toFile());
        assertEquals(300, filter.path("read").asInt());
        int kept = filter.path("kept").asInt();
        int lines = 0;
        for (String f : new String[] {"train.jsonl", "val.jsonl", "test.jsonl"}) {
            lines += Files.readAllLines(data.resolve(f)).size();
        }
        assertEquals(kept, lines);
        assertEquals(300 - kept, filter.path("dropped").path("too_short").asInt() + filter.path("dropped").path("too_long").asInt()
                + filter.path("dropped").path("too_few_sections").asInt() + filter.path("dropped").path("section_imbalance").asInt());

        Path eda = dir.resolve("eda");
        LaunchResult e = launcher.launch("eda", "--corpus", data.toString(), "--out", eda.toString());
        assertEquals(0, e.exitCode(), e.getErrorOutput());
        JsonNode stats = new ObjectMapper().readTree(eda.resolve("eda.json").toFile());
        assertEquals(kept, stats.path("notes").asInt());
        assertTrue(stats.path("section_ordering").path("correct_order_pct").asDouble() < 100.0);
        for (String png : new String[] {"note_lengths.png", "section_lengths.png", "top_words.png", "section_presence.png"}) {
            assertTrue(Files.size(eda.resolve(png)) > 1000, png);
        }
    }

    @Test
    @Launch(value = {"data", "--style", "poetry"}, exitCode = 2)
    void unknownStyleExitsTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("Invalid value for option '--style': unknown style 'poetry' (expected [seed, coherent])"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {"data", "--notes"}, exitCode = 2)
    void missingValueExitsTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--notes"), result.getErrorOutput());
    }

    @Test
    void unreadableInputsGiveOneLineErrors(QuarkusMainLauncher launcher) {
        LaunchResult d = launcher.launch("data", "--input", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, d.exitCode());
        assertTrue(d.getErrorOutput().contains("cannot read input file"), d.getErrorOutput());
        assertTrue(!d.getErrorOutput().contains("Exception"), d.getErrorOutput());
        LaunchResult e = launcher.launch("eda", "--corpus", dir.resolve("missing").toString(), "--out", dir.resolve("e").toString());
        assertEquals(1, e.exitCode());
        assertTrue(e.getErrorOutput().contains("does not exist"), e.getErrorOutput());
    }

    @Test
    @Launch({"data", "--help"})
    void helpListsTheOptions(LaunchResult result) {
        assertTrue(result.getOutput().contains("--defect-fraction"), result.getOutput());
    }
}
