package ai.medscribe.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusMainTest
class BenchmarkCommandTest {

    private static final List<String> ROWS = List.of("diffusion-default", "diffusion-no-threshold", "autoregressive-cached",
            "autoregressive-uncached");
    private static final List<String> RATIOS = List.of("cached AR p50 / diffusion default p50: ",
            "uncached AR p50 / diffusion default p50: ", "diffusion default b4 n/s / cached AR b4 n/s: ");

    @TempDir
    Path dir;

    @Test
    void benchmarkOnTinyBundlesPrintsTheFourRowsAndTheRatios(QuarkusMainLauncher launcher) throws Exception {
        Path data = dir.resolve("data");
        Path models = dir.resolve("models");
        LaunchResult d = launcher.launch("data", "--notes", "300", "--out", data.toString());
        assertEquals(0, d.exitCode(), d.getErrorOutput());
        for (String model : new String[] {"autoregressive", "diffusion"}) {
            LaunchResult t = launcher.launch("train", "--model", model, "--preset", "tiny", "--epochs", "1",
                    "--corpus", data.toString(), "--out", models.toString());
            assertEquals(0, t.exitCode(), t.getErrorOutput());
        }

        Path json = dir.resolve("benchmark.json");
        LaunchResult r = launcher.launch("benchmark", "--models", models.toString(), "--corpus", data.toString(),
                "--samples", "4", "--batch", "4", "--concurrency", "2", "--seed", "5", "--out", json.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        String out = r.getOutput();
        for (String row : ROWS) {
            Matcher m = Pattern.compile("(?m)^" + row + " +(.+)$").matcher(out);
            assertTrue(m.find(), "row " + row + " in:\n" + out);
            String[] figures = m.group(1).trim().split(" +");
            assertEquals(10, figures.length, m.group());
            for (int i = 0; i < figures.length; i++) {
                double v = Double.parseDouble(figures[i]);
                assertTrue(Double.isFinite(v), m.group());
                // passes, p50, p99, notes/s in batches, notes/s and p99 under clients: positive;
                // validity, repeats, coherent PLAN, structure: shares
                assertTrue(i < 6 ? v > 0 : v >= 0 && v <= 1, "column " + i + " of " + m.group());
            }
        }
        for (String ratio : RATIOS) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(ratio) + "([0-9.]+)x$").matcher(out);
            assertTrue(m.find(), ratio + " in:\n" + out);
            double v = Double.parseDouble(m.group(1));
            assertTrue(Double.isFinite(v) && v > 0, m.group());
        }

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(ROWS, doc.path("rows").findValuesAsText("name"));
        for (JsonNode row : doc.path("rows")) {
            assertEquals(4, row.path("batched").path("batch").asInt(), row.toString());
            assertEquals(2, row.path("concurrent").path("clients").asInt(), row.toString());
            assertEquals(4, row.path("concurrent").path("notes").asInt(), row.toString());
            assertEquals(4, row.path("quality").path("notes").asInt(), row.toString());
            assertTrue(row.path("latency_p50_ms").asDouble() > 0, row.toString());
        }
        assertEquals(20, doc.path("rows").get(1).path("steps").asInt());
        assertNotNull(doc.path("ratios").get("uncached_ar_p50_over_diffusion_default_p50"));

        LaunchResult missing = launcher.launch("benchmark", "--models", dir.resolve("nowhere").toString(),
                "--corpus", data.toString());
        assertEquals(2, missing.exitCode(), missing.getErrorOutput());
        assertTrue(missing.getErrorOutput().contains("has no diffusion/ bundle"), missing.getErrorOutput());
    }

    @Test
    @Launch(value = {"benchmark", "--models", "does-not-exist", "--samples", "0"}, exitCode = 2)
    void zeroSamplesExitsTwoNamingTheOption(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--samples must be >= 1, was 0"), result.getErrorOutput());
    }
}
