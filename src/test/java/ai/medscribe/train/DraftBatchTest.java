package ai.medscribe.train;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A drafting canvas cut to its batch gives the full canvas's logits at every kept column, for both models. */
class DraftBatchTest {

    @TempDir
    Path dir;

    static int[][] canvases(ModelConfig config) {
        Random random = new Random(3);
        int[][] rows = new int[3][config.maxLength()];
        int[] transcripts = {20, 7, 33};
        int[] notes = {5, 12, 9};
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < transcripts[i]; j++) {
                rows[i][j] = 3 + random.nextInt(config.vocabSize() - 3);
            }
            rows[i][config.sourceLength()] = 3;
            for (int j = 0; j < notes[i]; j++) {
                rows[i][config.sourceLength() + 1 + j] = random.nextBoolean() ? Tokenizer.MASK_ID : 4 + random.nextInt(50);
            }
        }
        return rows;
    }

    @Test
    void cutCanvasGivesTheFullCanvasLogits() throws Exception {
        for (ModelKind kind : ModelKind.values()) {
            ModelConfig config = ModelConfig.draftPreset("tiny", kind, 100);
            int[][] rows = canvases(config);
            DraftBatch cut = DraftBatch.of(rows, config, new Random(1));
            assertEquals(33, cut.header());
            int noteColumns = cut.rows()[0].length - cut.header() - 1;
            assertTrue(noteColumns >= 13 && noteColumns <= 13 + DraftBatch.MAX_SLACK, "note columns " + noteColumns);
            assertEquals(config.sourceLength(), cut.positions()[cut.header()]);
            var options = new TrainingOptions(0, 4, 1e-3, 1e-5, -1, 5L, true, false, 0.98, 0, false);
            try (Trainer trainer = new Trainer(config, options, dir.resolve(kind.id()))) {
                trainer.train(new int[0][], new int[0][], TrainingListener.NONE);
                float[] t = {0.5f, 0.2f, 0.9f};
                float[][][] full = trainer.logits(rows, t);
                float[][][] part = trainer.logits(cut.rows(), t, cut.positions(), cut.noteMask());
                for (int i = 0; i < rows.length; i++) {
                    for (int c = 0; c < cut.rows()[i].length; c++) {
                        int p = cut.positions()[c];
                        if (rows[i][p] == Tokenizer.PAD_ID && p < config.sourceLength()) {
                            continue; // a padding query's own row is never read
                        }
                        float[] expected = full[i][p];
                        float[] actual = part[i][c];
                        for (int v = 0; v < expected.length; v++) {
                            assertEquals(expected[v], actual[v], 1e-4, kind + " row " + i + " column " + c + " word " + v);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bucketsHoldCanvasesOfSimilarLength() {
        ModelConfig config = ModelConfig.draftPreset("tiny", ModelKind.DIFFUSION, 100);
        int[][] data = new int[8][config.maxLength()];
        for (int i = 0; i < data.length; i++) {
            for (int j = 0; j < 2 + 5 * i; j++) {
                data[i][j] = 5;
            }
        }
        int[] order = DraftBatch.bucketed(new int[] {5, 0, 7, 2, 1, 6, 3, 4}, data, config, 2, new Random(2));
        assertEquals(8, order.length);
        for (int b = 0; b < 8; b += 2) {
            assertEquals(1, Math.abs(order[b] - order[b + 1]), "batch " + b / 2 + " holds " + order[b] + " and " + order[b + 1]);
        }
        int[] sorted = order.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, sorted);
    }
}
