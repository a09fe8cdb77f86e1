package ai.medscribe.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drafting commands end to end on invented conversation/section pairs: draft-train builds the
 * shared vocabulary and a tiny bundle of each model, draft-evaluate scores both against the
 * baselines in one run, draft drafts from a transcript file; bad options exit 2 naming them.
 */
@QuarkusMainTest
class DraftCommandsTest {

    static final String[] COMPLAINTS = {"cough", "headache", "back pain", "rash", "sore throat", "fatigue", "dizziness"};

    /** An MTS-Dialog-style CSV of {@code n} invented pairs. */
    static void writeCsv(Path file, int n, int offset) throws IOException {
        StringBuilder csv = new StringBuilder("ID,section_header,section_text,dialogue\n");
        for (int i = 0; i < n; i++) {
            String complaint = COMPLAINTS[(i + offset) % COMPLAINTS.length];
            boolean cc = (i + offset) % 3 == 0;
            String section = cc ? complaint + "." : "The patient reports " + complaint + " for " + (2 + i % 5) + " days.";
            String dialogue = "Doctor: What brings you in?\nPatient: I have had " + complaint + " for " + (2 + i % 5)
                    + " days.\nDoctor: Any fever?\nPatient: No, doctor.";
            csv.append(i).append(',').append(cc ? "CC" : "GENHX").append(",\"").append(section).append("\",\"")
                    .append(dialogue).append("\"\n");
        }
        Files.writeString(file, csv.toString());
    }

    @Test
    void trainEvaluateAndDraft(QuarkusMainLauncher launcher) throws IOException {
        Path data = Path.of("target/draft-commands/data");
        Path out = Path.of("target/draft-commands/models");
        Files.createDirectories(data);
        deleteRecursively(out);
        writeCsv(data.resolve("train.csv"), 40, 0);
        writeCsv(data.resolve("MTS-Dialog-TrainingSet.csv"), 40, 0);
        writeCsv(data.resolve("val.csv"), 6, 1);
        writeCsv(data.resolve("MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv"), 5, 2);
        writeCsv(data.resolve("MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv"), 5, 3);
        for (String model : new String[] {"diffusion", "autoregressive"}) {
            LaunchResult trained = launcher.launch("draft-train", "--model", model, "--preset", "tiny", "--epochs", "2",
                    "--vocab-size", "600", "--train", data.resolve("train.csv").toString(), "--validation",
                    data.resolve("val.csv").toString(), "--out", out.toString());
            assertEquals(0, trained.exitCode(), trained.getErrorOutput());
            assertTrue(trained.getOutput().contains(model + "/draft-tiny: 40 pairs"), trained.getOutput());
            assertTrue(Files.isRegularFile(out.resolve(model).resolve("medscribe.json")));
        }
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));

        // data reads the CSV as is and writes its pairs, headers mapped to the product's sections
        Path tuned = Path.of("target/draft-commands/tuned");
        deleteRecursively(tuned);
        LaunchResult read = launcher.launch("data", "--input", data.resolve("train.csv").toString(), "--out", tuned.toString());
        assertEquals(0, read.exitCode(), read.getErrorOutput());
        assertTrue(read.getOutput().contains("40 conversation/section pairs"), read.getOutput());
        assertTrue(read.getOutput().matches("(?s).*GENHX +-> HPI +26\\b.*"), read.getOutput());
        List<String> lines = Files.readAllLines(tuned.resolve("pairs.jsonl"));
        assertEquals(40, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(1));
        assertEquals("GENHX", first.get("header").asText());
        assertEquals("HPI", first.get("section").asText());
        assertTrue(first.get("dialogue").asText().startsWith("Doctor: What brings you in?"));

        // fine-tuning on those pairs and synthetic conversations, each model from its own bundle; the
        // synthetic transcripts tagged for one, untagged (the default) for the other
        for (String model : new String[] {"diffusion", "autoregressive"}) {
            boolean tagged = model.equals("diffusion");
            LaunchResult fineTuned = launcher.launch("draft-train", "--model", model, "--preset", "tiny", "--epochs", "1",
                    "--init-from", out.resolve(model).toString(), "--synthetic", "3", "--train",
                    tuned.resolve("pairs.jsonl").toString(), "--validation", data.resolve("val.csv").toString(), "--out",
                    tuned.toString(), tagged ? "--tag-synthetic" : "--no-tag-synthetic");
            assertEquals(0, fineTuned.exitCode(), fineTuned.getErrorOutput());
            // 40 pairs and five sections of each synthetic conversation
            assertTrue(fineTuned.getOutput().contains(model + "/draft-tiny: 55 pairs"), fineTuned.getOutput());
            JsonNode meta = new ObjectMapper().readTree(tuned.resolve(model).resolve("medscribe.json").toFile());
            assertEquals("pairs.jsonl + 3 synthetic conversations", meta.at("/training/data").asText());
            assertEquals(tagged ? "[synthetic]" : "null", meta.at("/training/syntheticTag").asText(), model);
            // from a bundle of its own kind the model keeps that bundle's output (here not shifted)
            assertEquals("false", meta.at("/config/shiftedOutput").asText());
        }
        // the tuned bundles took the vocabulary of the bundles they started from
        assertEquals(-1, Files.mismatch(out.resolve("tokenizer.json"), tuned.resolve("tokenizer.json")));
        LaunchResult wrongKind = launcher.launch("draft-train", "--model", "autoregressive", "--preset", "tiny",
                "--init-from", out.resolve("diffusion").toString(), "--train", data.resolve("train.csv").toString(),
                "--validation", data.resolve("val.csv").toString(), "--out", tuned.toString());
        assertEquals(2, wrongKind.exitCode());
        assertTrue(wrongKind.getErrorOutput().contains("--init-from takes a drafting bundle"), wrongKind.getErrorOutput());

        LaunchResult evaluated = launcher.launch("draft-evaluate", "--bundles", out.toString(), "--data", data.toString(),
                "--samples", "5", "--steps", "6", "--latency-drafts", "3", "--synthetic", "2");
        assertEquals(0, evaluated.exitCode(), evaluated.getErrorOutput());
        JsonNode report = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        // four systems on two test sets
        assertEquals(8, report.get("quality").size(), report.toPrettyString());
        for (JsonNode row : report.get("quality")) {
            assertEquals(5, row.get("pairs").asInt());
            double r1 = row.get("rouge1").asDouble();
            assertTrue(r1 >= 0 && r1 <= 1, row.toString());
        }
        assertTrue(evaluated.getOutput().contains("retrieval (TF-IDF, same header)"), evaluated.getOutput());
        assertEquals(2, report.get("latency").size(), report.toPrettyString());
        assertEquals(4, report.get("syntheticFacts").size(), report.toPrettyString());
        assertEquals(2, report.get("syntheticFacts").get(0).get("dialogues").asInt());
        assertTrue(report.get("latency").get(0).get("p50Ms").asDouble() > 0);

        Path transcript = data.resolve("transcript.txt");
        Files.writeString(transcript, "Doctor: What brings you in?\nPatient: I have had a rash for 3 days.");
        LaunchResult drafted = launcher.launch("draft", "--transcript", transcript.toString(), "--sections", "HPI,CC",
                "--bundle", out.resolve("diffusion").toString(), "--steps", "6");
        assertEquals(0, drafted.exitCode(), drafted.getErrorOutput());
        assertTrue(drafted.getOutput().contains("\nHPI: "), drafted.getOutput());
        assertTrue(drafted.getOutput().contains("\nCC: "), drafted.getOutput());

        // a whole encounter over the model's transcript region: each section from the turns chosen for it
        Path encounter = data.resolve("encounter.txt");
        Files.writeString(encounter, ai.medscribe.dialog.SyntheticDialogues.generate(1, 5).get(0).dialogue());
        LaunchResult whole = launcher.launch("draft", "--transcript", encounter.toString(), "--sections", "HPI,PLAN",
                "--bundle", out.resolve("autoregressive").toString());
        assertEquals(0, whole.exitCode(), whole.getErrorOutput());
        assertTrue(whole.getOutput().matches("(?s).*\nPLAN: .*\\(drafted from turns \\d+-\\d+ of \\d+.*"), whole.getOutput());
        assertTrue(report.has("syntheticFactsWholeConversations"), report.toPrettyString());
    }

    @Test
    @Launch(value = {"draft", "--transcript", "pom.xml", "--sections", "HPI,NOTES"}, exitCode = 2)
    void anUnknownSectionExitsWithTwoNamingTheChoices(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("NOTES"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("GENHX"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"draft-train", "--model", "diffusion", "--preset", "base"}, exitCode = 2)
    void aPresetWithoutADraftingCanvasExitsWithTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--preset must be one of [tiny, small]"), result.getErrorOutput());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
