package ai.medscribe.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusMainTest
class AllCommandTest {

    @TempDir
    Path dir;

    @Test
    void allBuildsDataTrainsBothTinyModelsEvaluatesAndResumes(QuarkusMainLauncher launcher) throws Exception {
        Path models = dir.resolve("models");
        Path work = dir.resolve("data");
        LaunchResult r = launcher.launch("all", "--preset", "tiny", "--notes", "300", "--epochs", "2",
                "--samples", "2", "--out", models.toString(), "--work", work.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        for (String model : new String[] {"diffusion", "autoregressive"}) {
            Path bundle = models.resolve(model);
            assertTrue(Files.isRegularFile(bundle.resolve("saved_model.pb")), model);
            assertTrue(Files.isRegularFile(bundle.resolve("vocab.json")), model);
            JsonNode evaluation = new ObjectMapper().readTree(bundle.resolve("evaluation.json").toFile());
            assertTrue(evaluation.path("structure_rate").isNumber(), model + " evaluation has the headline figures");
            assertTrue(Files.isRegularFile(bundle.resolve("charts/quality_vs_steps.png")), model);
        }
        JsonNode diffusion = new ObjectMapper().readTree(models.resolve("diffusion/medscribe.json").toFile());
        assertTrue(diffusion.path("training").path("initFrom").asText().startsWith("autoregressive bundle "),
                "by default the diffusion model starts from the baseline's weights: " + diffusion.path("training"));
        assertTrue(diffusion.path("config").path("shiftedOutput").asBoolean());
        JsonNode report = new ObjectMapper().readTree(models.resolve("evaluation/evaluation.json").toFile());
        java.util.Set<String> modes = new java.util.HashSet<>();
        report.path("quality").forEach(row -> modes.add(row.path("variant").asText()));
        assertTrue(modes.containsAll(java.util.List.of("scaffold-exact", "free-exact", "autoregressive-cached",
                "autoregressive-t1")), "the rows that show what each model knows, both at temperature 1: " + modes);
        assertTrue(Files.isRegularFile(models.resolve("evaluation/charts/unmasking_trajectory.png")));
        assertTrue(Files.isRegularFile(models.resolve("eda/eda.json")));
        assertTrue(r.getOutput().contains("Step sweep"), "the evaluation prints its tables");

        LaunchResult again = launcher.launch("all", "--preset", "tiny", "--skip-evaluate", "--out", models.toString(),
                "--work", work.toString());
        assertEquals(0, again.exitCode(), again.getErrorOutput());
        assertTrue(again.getOutput().contains("is already trained"), again.getOutput());
    }

    @Test
    @Launch(value = {"all", "--preset", "huge"}, exitCode = 2)
    void allWithAnUnknownPresetExitsTwoBeforeDoingAnything(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown preset 'huge'"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"train", "--model", "diffusion", "--preset", "huge", "--corpus", "nowhere", "--out", "x"}, exitCode = 2)
    void trainChecksThePresetAsItParses(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown preset 'huge' (expected [tiny, small, base])"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {"reexport", "--from", "nowhere", "--out", "target/reexported"}, exitCode = 2)
    void reexportOfSomethingThatIsNotABundleExitsTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("not a model bundle"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"reexport", "--from", "nowhere", "--out", "target/reexported", "--splitting", "punctuation"},
            exitCode = 2)
    void reexportWithASplittingButNoCorpusExitsTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--splitting needs --corpus"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"reexport", "--from", "nowhere", "--out", "target/reexported", "--splitting", "commas"},
            exitCode = 2)
    void reexportWithAnUnknownSplittingNamesTheWords(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown splitting 'commas' (expected [whitespace, punctuation])"),
                result.getErrorOutput());
    }

    @Test
    void reexportRefusesASplittingTheCorpusEncodesDifferentlyAndWritesNothing(QuarkusMainLauncher launcher)
            throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("train.jsonl"), "{\"id\": \"n1\", \"text\": \"HPI: patient reports chest pain\"}\n"
                + "{\"text\": \"HPI: chest pain, worse at night\"}\n");
        Files.writeString(corpus.resolve("val.jsonl"), "{\"text\": \"HPI: patient reports chest pain\"}\n");
        Files.writeString(corpus.resolve("test.jsonl"), "{\"text\": \"PLAN: follow up in two weeks\"}\n");
        Path out = dir.resolve("reexported");
        // "pain," is one token under whitespace splitting and two under punctuation: ask the shipped
        // diffusion bundle for the rule it does not have
        Path shipped = Path.of("..", "models", "diffusion");
        String other = Files.readString(shipped.resolve("vocab.json")).contains("\"punctuation\"") ? "whitespace" : "punctuation";
        LaunchResult r = launcher.launch("reexport", "--from", shipped.toString(),
                "--out", out.toString(), "--splitting", other, "--corpus", corpus.toString());
        assertEquals(2, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("1 of 4 corpus notes encode to other ids under " + other),
                r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("train.jsonl note line-2"), r.getErrorOutput());
        assertTrue(!r.getErrorOutput().contains("worse"), "never a note's text: " + r.getErrorOutput());
        assertTrue(!Files.exists(out), "nothing written");
    }

    @Test
    @Launch({"--version"})
    void versionNamesTheBuild(LaunchResult result) {
        assertTrue(result.getOutput().startsWith("medscribe-training 0.1.0"), result.getOutput());
        assertTrue(!result.getOutput().contains("INFO"), "no framework log lines before the command's output");
    }

    @Test
    @Launch(value = {"evaluate", "--models", "does-not-exist", "--corpus", "nowhere"}, exitCode = 2)
    void evaluateWithoutACorpusExitsTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("test.jsonl"), result.getErrorOutput());
    }
}
