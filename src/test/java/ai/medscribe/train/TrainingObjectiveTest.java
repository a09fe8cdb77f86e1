package ai.medscribe.train;

import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TrainingObjectiveTest {

    /** 200 sequences of length 20: ten real tokens (ids 5..14), then ten [PAD]. */
    static int[][] sequences() {
        int[][] s = new int[200][20];
        for (int[] row : s) {
            for (int j = 0; j < 10; j++) {
                row[j] = 5 + j;
            }
        }
        return s;
    }

    @Test
    void paddingIsMaskedAndWeightedLikeAnyTokenByDefault() {
        TrainingBatch b = new TrainingObjective.MaskedDiffusion(true).batch(sequences(), new Random(1));
        int maskedPad = 0;
        for (int i = 0; i < 200; i++) {
            assertTrue(b.t()[i] >= 0.02f && b.t()[i] <= 1f);
            for (int j = 0; j < 20; j++) {
                boolean masked = b.inputs()[i][j] == Tokenizer.MASK_ID;
                assertEquals(masked ? 1f / (b.t()[i] * 20 * 200) : 0f, b.weights()[i][j], 1e-9);
                if (masked && j >= 10) {
                    maskedPad++;
                    assertEquals(Tokenizer.PAD_ID, b.targets()[i][j]);
                }
            }
        }
        assertTrue(maskedPad > 500, "padding masked " + maskedPad + " times");
    }

    @Test
    void caseStudyModeNeverMasksPadding() {
        TrainingBatch b = new TrainingObjective.MaskedDiffusion(false).batch(sequences(), new Random(1));
        int masked = 0;
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 20; j++) {
                if (j >= 10) {
                    assertEquals(Tokenizer.PAD_ID, b.inputs()[i][j]);
                    assertEquals(0f, b.weights()[i][j]);
                } else if (b.inputs()[i][j] == Tokenizer.MASK_ID) {
                    masked++;
                }
            }
        }
        // E[t] is about 0.51, so about half of the 2,000 real tokens are masked
        assertTrue(masked > 800 && masked < 1250, "masked " + masked);
    }

    @Test
    void nextTokenTargetsAreShiftedAndLeavePaddingOutButTheEndOfTheNote() {
        TrainingBatch b = new TrainingObjective.NextToken().batch(sequences(), new Random(1));
        assertNull(b.t());
        double total = 0;
        for (int j = 0; j < 20; j++) {
            int expected = j + 1 < 10 ? 6 + j : Tokenizer.PAD_ID;
            assertEquals(expected, b.targets()[0][j]);
            // nine content targets and the first padding (the end of the note) count; later padding does not
            assertEquals(j <= 9 ? 1f / (10 * 200) : 0f, b.weights()[0][j], 1e-9);
        }
        for (float[] row : b.weights()) {
            for (float w : row) {
                total += w;
            }
        }
        assertEquals(1.0, total, 1e-4);
    }
}
