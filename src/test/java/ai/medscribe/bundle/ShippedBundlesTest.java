package ai.medscribe.bundle;

import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The `small` bundles shipped in the repository's models/ (what ./medscribe.sh and the functions
 * serve by default): they load (which checks every file's SHA-256), both signatures of each run,
 * and their model card is there.
 */
class ShippedBundlesTest {

    /** Surefire runs in the module directory (src/); the shipped bundles sit beside it. */
    static final Path MODELS = Path.of("..", "models");

    @Test
    void diffusionBundleLoadsWithItsHashesAndBothSignaturesRun() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(MODELS.resolve("diffusion"))) {
            assertEquals(ModelKind.DIFFUSION, bundle.kind());
            assertEquals("small", bundle.metadata().preset());
            int length = bundle.maxLength();
            int[][] tokens = new int[2][length];
            for (int[] row : tokens) {
                Arrays.fill(row, Tokenizer.MASK_ID);
                row[0] = bundle.tokenizer().id(Section.HPI.headerToken());
            }
            float[][][] logits = bundle.logits(tokens, new float[] {1f, 1f});
            assertEquals(2, logits.length);
            assertEquals(length, logits[0].length);
            assertEquals(bundle.tokenizer().vocabSize(), logits[0][0].length);
            DenoiseStep step = bundle.denoiseStep(tokens, new float[] {1f, 1f}, 0.8f,
                    ModelBundleTest.draws(2, length, 7L), new int[2][length]);
            for (int i = 1; i < length; i++) {
                assertTrue(step.ids()[0][i] != Tokenizer.MASK_ID, "the denoise step never samples [MASK]");
                assertTrue(step.confidence()[0][i] > 0f && step.confidence()[0][i] <= 1f);
            }
        }
    }

    @Test
    void autoregressiveBundleLoadsWithItsHashesAndBothSignaturesRun() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(MODELS.resolve("autoregressive"))) {
            assertEquals(ModelKind.AUTOREGRESSIVE, bundle.kind());
            int length = bundle.maxLength();
            int[][] tokens = new int[1][length];
            tokens[0][0] = bundle.tokenizer().id(Section.HPI.headerToken());
            float[][][] logits = bundle.logits(tokens, null);
            assertEquals(bundle.tokenizer().vocabSize(), logits[0][0].length);
            NextToken next = bundle.nextToken(tokens, new int[] {0}, 0.8f, 7L);
            assertTrue(next.ids()[0] != Tokenizer.MASK_ID && next.confidence()[0] > 0f);
        }
    }

    @Test
    void aModelCardStandsBesideThem() throws Exception {
        String card = Files.readString(MODELS.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("not for clinical use"), "the card says the models are not for clinical use");
        assertTrue(card.contains("synthetic"), "the card names the synthetic training data");
    }
}
