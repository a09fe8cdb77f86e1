package ai.medscribe.train;

import ai.medscribe.bundle.DenoiseStep;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A diffusion model that starts from a trained AR bundle's weights (Dream/DiffuLLaMA-style adaptation). */
class WarmStartTest {

    static final List<String> NOTES = TinyNotes.generate(240, 9);
    static final List<String> TRAIN = NOTES.subList(0, 200);
    static final List<String> VAL = NOTES.subList(200, 220);
    static final List<String> TEST = NOTES.subList(220, 240);

    @TempDir
    static Path dir;
    static Path arBundle;

    @BeforeAll
    static void trainBaseline() throws Exception {
        var options = new TrainingOptions(8, 32, 3e-3, 1e-4, 10, 3L, true, false);
        arBundle = BundleTraining.run(ModelKind.AUTOREGRESSIVE, "tiny", options, TRAIN, VAL, TEST,
                dir.resolve("autoregressive"), TrainingListener.NONE).bundle();
    }

    static TrainingOptions diffusion(int epochs) {
        return new TrainingOptions(epochs, 32, 1e-3, 1e-4, 5, 5L, true, false, 0.98, 0.25, true);
    }

    @Test
    void theBaselinesWeightsAlreadyPredictMaskedTokensBeforeAnyDiffusionStep() throws Exception {
        Tokenizer tokenizer = Tokenizer.build(TRAIN, BundleTraining.DEFAULT_VOCAB);
        ModelConfig config = ModelConfig.preset("tiny", ModelKind.DIFFUSION, tokenizer.vocabSize()).withShiftedOutput(true);
        int[][] val = Trainer.encode(tokenizer, VAL, config.maxLength());
        double random;
        double warm;
        try (Trainer scratch = new Trainer(config, diffusion(0), dir.resolve("scratch"))) {
            scratch.train(val, val, TrainingListener.NONE);
            random = scratch.lossParts(val)[1];
        }
        try (Trainer started = new Trainer(config, diffusion(0).withInitFrom(arBundle), dir.resolve("warm"))) {
            assertTrue(started.train(val, val, TrainingListener.NONE).isEmpty(), "no epochs were asked for");
            warm = started.lossParts(val)[1];
        }
        System.out.printf("tiny diffusion content loss before training: random %.3f, from the AR %.3f%n", random, warm);
        assertTrue(warm < 0.85 * random, "random start " + random + ", AR start " + warm);
    }

    @Test
    void aWarmStartedBundleRecordsItsOriginAndServes() throws Exception {
        var report = BundleTraining.run(ModelKind.DIFFUSION, "tiny", diffusion(1).withInitFrom(arBundle), TRAIN, VAL,
                TEST, dir.resolve("diffusion"), TrainingListener.NONE);
        assertTrue(report.metadata().config().shiftedOutput());
        try (ModelBundle ar = ModelBundle.load(arBundle); ModelBundle bundle = ModelBundle.load(report.bundle())) {
            assertEquals("autoregressive bundle " + ar.metadata().sha256(), bundle.metadata().training().initFrom());
            assertTrue(bundle.metadata().config().shiftedOutput());
            int[][] tokens = new int[1][128];
            java.util.Arrays.fill(tokens[0], Tokenizer.MASK_ID);
            DenoiseStep step = bundle.denoiseStep(tokens, new float[] {1f}, 1f, new float[][] {half()}, new int[1][128]);
            assertEquals(128, step.ids()[0].length);
        }
    }

    /** A draw of 0.5 at every position: each takes its median token. */
    private static float[] half() {
        float[] u = new float[128];
        java.util.Arrays.fill(u, 0.5f);
        return u;
    }

    @Test
    void onlyAMatchingBaselineCanStartADiffusionModel() {
        var wrongKind = assertThrows(IllegalArgumentException.class, () -> BundleTraining.run(ModelKind.AUTOREGRESSIVE,
                "tiny", diffusion(1).withInitFrom(arBundle), TRAIN, VAL, TEST, dir.resolve("ar2"), TrainingListener.NONE));
        assertTrue(wrongKind.getMessage().contains("diffusion model only"), wrongKind.getMessage());
        List<String> other = TinyNotes.generate(120, 77);
        var wrongVocab = assertThrows(IllegalArgumentException.class, () -> BundleTraining.run(ModelKind.DIFFUSION,
                "tiny", diffusion(1).withInitFrom(arBundle), other.subList(0, 100), other.subList(100, 110),
                other.subList(110, 120), dir.resolve("d2"), TrainingListener.NONE));
        assertTrue(wrongVocab.getMessage().contains("vocabulary"), wrongVocab.getMessage());
        var wrongShape = assertThrows(IllegalArgumentException.class, () -> BundleTraining.run(ModelKind.DIFFUSION,
                "small", diffusion(1).withInitFrom(arBundle), TRAIN, VAL, TEST, dir.resolve("d3"), TrainingListener.NONE));
        assertTrue(wrongShape.getMessage().contains("needs d128"), wrongShape.getMessage());
    }
}
