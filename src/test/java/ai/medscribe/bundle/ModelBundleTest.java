package ai.medscribe.bundle;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.text.Tokenizer;
import ai.medscribe.train.TinyNotes;
import ai.medscribe.train.Trainer;
import ai.medscribe.train.TrainingCurves;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ModelBundleTest {

    static final List<String> NOTES = TinyNotes.generate(200, 3);
    static final Tokenizer TOKENIZER = Tokenizer.build(NOTES, 2000);
    static final TrainingOptions OPTIONS = new TrainingOptions(3, 32, 3e-3, 1e-4, 5, 5L, true, false);

    @TempDir
    static Path dir;
    static Trainer trainer;
    static ModelBundle bundle;

    @BeforeAll
    static void trainAndExport() throws Exception {
        ModelConfig config = ModelConfig.preset("tiny", ModelKind.DIFFUSION, TOKENIZER.vocabSize());
        trainer = new Trainer(config, OPTIONS, dir.resolve("work"));
        int[][] ids = Trainer.encode(TOKENIZER, NOTES, config.maxLength());
        trainer.train(Arrays.copyOf(ids, 160), Arrays.copyOfRange(ids, 160, 200), TrainingListener.NONE);
        var summary = new TrainingSummary(3, trainer.state().step(), 0, 0, 0, null, "elbo", true, 5L, 32, 3e-3, 160);
        BundleExporter.export(trainer.checkpoint(), new TrainingCurves(config.kind().id(), config.preset(),
                trainer.state().history()), TOKENIZER, NOTES, summary, dir.resolve("diffusion"));
        bundle = ModelBundle.load(dir.resolve("diffusion"));
    }

    @AfterAll
    static void close() {
        bundle.close();
        trainer.close();
    }

    static int[][] inputs() {
        int[][] tokens = Trainer.encode(TOKENIZER, NOTES.subList(0, 3), 128);
        for (int j = 5; j < 40; j += 2) {
            tokens[0][j] = Tokenizer.MASK_ID;
        }
        Arrays.fill(tokens[1], Tokenizer.MASK_ID);
        return tokens;
    }

    @Test
    void loadedBundleGivesTheTrainingSessionsLogits() {
        float[] t = {0.3f, 1f, 0.05f};
        float[][][] trained = trainer.logits(inputs(), t);
        float[][][] loaded = bundle.logits(inputs(), t);
        double maxDiff = 0;
        for (int b = 0; b < 3; b++) {
            for (int l = 0; l < 128; l++) {
                for (int v = 0; v < TOKENIZER.vocabSize(); v++) {
                    maxDiff = Math.max(maxDiff, Math.abs(trained[b][l][v] - loaded[b][l][v]));
                }
            }
        }
        System.out.println("max abs logits difference " + maxDiff);
        assertTrue(maxDiff < 1e-5, "max abs diff " + maxDiff);
    }

    @Test
    void metadataDescribesTheModel() throws java.io.IOException {
        BundleMetadata m = bundle.metadata();
        assertEquals(ModelKind.DIFFUSION, m.modelType());
        assertTrue(Files.readString(bundle.directory().resolve(BundleMetadata.FILE_NAME)).contains("\"modelType\" : \"diffusion\""),
                "the kind is written as its id, as every bundle on disk has it");
        assertEquals("tiny", m.preset());
        assertEquals(128, m.maxLength());
        assertEquals(5, m.headerTokens().size());
        assertEquals(Set.of("HPI", "ROS", "EXAM", "ASSESSMENT", "PLAN"), m.sectionLengths().keySet());
        assertTrue(m.sectionLengths().get("PLAN").min() >= 2);
        assertTrue(m.parameterCount() > 10_000);
        assertEquals(64, m.sha256().length());
    }

    @Test
    void denoiseStepIsDeterministicForItsDrawsAndNeverSamplesMask() {
        int[][] forbid = new int[3][128];
        float[] t = {0.5f, 1f, 0.5f};
        DenoiseStep a = bundle.denoiseStep(inputs(), t, 1.5f, draws(3, 128, 99L), forbid);
        DenoiseStep b = bundle.denoiseStep(inputs(), t, 1.5f, draws(3, 128, 99L), forbid);
        DenoiseStep c = bundle.denoiseStep(inputs(), t, 1.5f, draws(3, 128, 100L), forbid);
        assertArrayEquals(a.ids(), b.ids());
        assertFalse(Arrays.deepEquals(a.ids(), c.ids()), "another seed samples differently");
        for (int[] row : a.ids()) {
            assertTrue(Arrays.stream(row).noneMatch(id -> id == Tokenizer.MASK_ID));
        }
        for (float[] row : a.confidence()) {
            for (float p : row) {
                assertTrue(p > 0 && p <= 1.0001f);
            }
        }
    }

    @Test
    void denoiseStepHonoursForbidBits() {
        int[][] forbid = new int[3][128];
        for (int j = 0; j < 128; j++) {
            forbid[0][j] = SamplingHeads.FORBID_PAD | SamplingHeads.FORBID_HEADERS;
            forbid[1][j] = SamplingHeads.ONLY_PAD;
            forbid[2][j] = SamplingHeads.FORBID_PAD | SamplingHeads.ONLY_PAD;
        }
        Set<Integer> headers = Set.copyOf(bundle.metadata().headerTokens().values());
        for (long seed = 0; seed < 3; seed++) {
            // a high temperature makes forbidden tokens likely unless they are really excluded
            int[][] in = inputs();
            in[2][7] = Tokenizer.MASK_ID;
            DenoiseStep step = bundle.denoiseStep(in, new float[] {1f, 1f, 1f}, 5f, draws(3, 128, seed), forbid);
            for (int j = 0; j < 128; j++) {
                int id = step.ids()[0][j];
                if (in[0][j] == Tokenizer.MASK_ID) {
                    assertTrue(id != Tokenizer.PAD_ID && !headers.contains(id), "forbidden token sampled");
                } else {
                    assertEquals(in[0][j], id, "a position that is not masked answers its input");
                    assertEquals(1f, step.confidence()[0][j]);
                }
                assertEquals(Tokenizer.PAD_ID, step.ids()[1][j]);
                assertEquals(1f, step.confidence()[1][j], 1e-5);
            }
            assertEquals(Tokenizer.PAD_ID, step.ids()[2][7]);
        }
    }

    @Test
    void greedyStepPicksTheArgmaxOfTheLogits() {
        float[] t = {0.3f, 1f, 0.05f};
        float[][][] logits = bundle.logits(inputs(), t);
        DenoiseStep step = bundle.denoiseStep(inputs(), t, 0f, draws(3, 128, 1L), new int[3][128]);
        int masked = 0;
        for (int b = 0; b < 2; b++) {
            for (int l = 0; l < 128; l++) {
                if (inputs()[b][l] == Tokenizer.MASK_ID) {
                    assertEquals(argmax(logits[b][l]), step.ids()[b][l], "row " + b + " position " + l);
                    masked++;
                }
            }
        }
        assertEquals(18 + 128, masked);
    }

    /** Uniform draws in (0, 1), one per position. */
    static float[][] draws(int rows, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] u = new float[rows][length];
        for (float[] row : u) {
            for (int i = 0; i < length; i++) {
                row[i] = ai.medscribe.sample.DiffusionSampler.uniform(random);
            }
        }
        return u;
    }

    @Test
    void eachMaskedPositionTakesTheTokenWhereItsDrawMeetsTheCumulativeProbability() {
        float[] t = {0.3f, 1f, 0.05f};
        float temperature = 1.3f;
        float[][] u = draws(3, 128, 5L);
        float[][][] logits = bundle.logits(inputs(), t);
        DenoiseStep step = bundle.denoiseStep(inputs(), t, temperature, u, new int[3][128]);
        int checked = 0;
        for (int b = 0; b < 2; b++) {
            for (int l = 0; l < 128; l++) {
                if (inputs()[b][l] != Tokenizer.MASK_ID) {
                    continue;
                }
                double[] p = new double[logits[b][l].length];
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < p.length; v++) {
                    max = v == Tokenizer.MASK_ID ? max : Math.max(max, logits[b][l][v] / temperature);
                }
                double sum = 0;
                for (int v = 0; v < p.length; v++) {
                    p[v] = v == Tokenizer.MASK_ID ? 0 : Math.exp(logits[b][l][v] / temperature - max);
                    sum += p[v];
                }
                double cdf = 0;
                int expected = -1;
                double nearestBoundary = 1;
                for (int v = 0; v < p.length; v++) {
                    cdf += p[v] / sum;
                    nearestBoundary = Math.min(nearestBoundary, Math.abs(cdf - u[b][l]));
                    if (expected < 0 && cdf >= u[b][l]) {
                        expected = v;
                    }
                }
                if (nearestBoundary > 1e-4) {
                    assertEquals(expected, step.ids()[b][l], "row " + b + " position " + l);
                    assertEquals(modelProbability(logits[b][l], expected), step.confidence()[b][l], 1e-4,
                            "the confidence is the model's own probability (temperature 1)");
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, checked + " positions checked");
    }

    /** softmax(logits)[id] without [MASK], in double. */
    private static double modelProbability(float[] logits, int id) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < logits.length; v++) {
            max = v == Tokenizer.MASK_ID ? max : Math.max(max, logits[v]);
        }
        double sum = 0;
        for (int v = 0; v < logits.length; v++) {
            sum += v == Tokenizer.MASK_ID ? 0 : Math.exp(logits[v] - max);
        }
        return Math.exp(logits[id] - max) / sum;
    }

    @Test
    void aRowsTokensDependOnItsOwnDrawsNotOnTheOtherRows() {
        int[][] both = inputs();
        float[] t = {0.3f, 1f, 0.05f};
        float[][] u = draws(3, 128, 8L);
        DenoiseStep together = bundle.denoiseStep(both, t, 1f, u, new int[3][128]);
        DenoiseStep alone = bundle.denoiseStep(new int[][] {both[1]}, new float[] {1f}, 1f, new float[][] {u[1]},
                new int[1][128]);
        int same = 0;
        for (int l = 0; l < 128; l++) {
            same += together.ids()[1][l] == alone.ids()[0][l] ? 1 : 0;
        }
        assertTrue(same >= 126, same + " of 128 positions alike (a draw on a rounding boundary may differ)");
    }

    private static int argmax(float[] logits) {
        int best = Tokenizer.PAD_ID;
        for (int v = 0; v < logits.length; v++) {
            if (v != Tokenizer.MASK_ID && logits[v] > logits[best]) {
                best = v;
            }
        }
        return best;
    }

    @Test
    void aCanvasWithoutItsPaddingTailGivesTheWholeCanvasLogits() {
        int[][] whole = inputs();
        int used = 0;
        for (int l = 0; l < 128; l++) {
            used = whole[0][l] != Tokenizer.PAD_ID ? l + 1 : used;
        }
        assertTrue(used < 100, "the note leaves a padding tail");
        int n = (used + 15) / 16 * 16;
        int[][] shorter = {Arrays.copyOf(whole[0], n)};
        float[] t = {0.3f};
        float[][][] full = bundle.logits(new int[][] {whole[0]}, t);
        float[][][] cut = bundle.logits(shorter, t);
        assertEquals(n, cut[0].length);
        double maxDiff = 0;
        for (int l = 0; l < n; l++) {
            for (int v = 0; v < full[0][l].length; v++) {
                maxDiff = Math.max(maxDiff, Math.abs(full[0][l][v] - cut[0][l][v]));
            }
        }
        assertTrue(maxDiff < 1e-4, "max abs logits difference " + maxDiff);
        DenoiseStep greedy = bundle.denoiseStep(shorter, t, 0f, draws(1, n, 1L), new int[1][n]);
        for (int l = 0; l < n; l++) {
            if (shorter[0][l] == Tokenizer.MASK_ID) {
                assertEquals(argmax(full[0][l]), greedy.ids()[0][l], "position " + l);
            }
        }
    }

    @Test
    void corruptVariablesAreRefusedByName(@TempDir Path copyDir) throws Exception {
        Path src = dir.resolve("diffusion");
        try (var files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path target = copyDir.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Path data;
        try (var files = Files.list(copyDir.resolve("variables"))) {
            data = files.filter(p -> p.getFileName().toString().contains("data")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(data, bytes);
        var e = assertThrows(java.io.IOException.class, () -> ModelBundle.load(copyDir));
        assertTrue(e.getMessage().contains("variables/") && e.getMessage().contains("SHA-256"), e.getMessage());
        Files.delete(copyDir.resolve("vocab.json"));
        var missing = assertThrows(java.io.IOException.class, () -> ModelBundle.load(copyDir));
        assertTrue(missing.getMessage().contains("missing vocab.json"), missing.getMessage());
    }
}
