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

    /** Header ids 3 and 4: "[3] 10 11 12 [4] 20 21" then padding, length 16. */
    static int[] sectioned() {
        int[] row = new int[16];
        int[] note = {3, 10, 11, 12, 4, 20, 21};
        System.arraycopy(note, 0, row, 0, note.length);
        return row;
    }

    @Test
    void sectionMaskingKeepsHeadersAndOtherSectionsVisibleAndMayEndASectionInPadding() {
        var objective = new TrainingObjective.MaskedDiffusion(true, 1.0, true, new int[] {3, 4});
        int[][] sequences = new int[400][];
        java.util.Arrays.fill(sequences, sectioned());
        TrainingBatch b = objective.batch(sequences, new Random(3));
        int slackRows = 0;
        for (int i = 0; i < sequences.length; i++) {
            int[] target = b.targets()[i];
            // the note's words stay in order; only padding is inserted
            assertArrayEquals(new int[] {3, 10, 11, 12, 4, 20, 21},
                    java.util.Arrays.stream(target).filter(id -> id != Tokenizer.PAD_ID).toArray());
            int last = 15;
            while (target[last] == Tokenizer.PAD_ID) {
                last--;
            }
            slackRows += last > 6 ? 1 : 0;
            for (int j = 0; j < 16; j++) {
                boolean masked = b.inputs()[i][j] == Tokenizer.MASK_ID;
                if (target[j] == 3 || target[j] == 4) {
                    assertFalse(masked, "a header is never masked in a section row");
                }
                assertEquals(masked ? 1 : 0, b.weights()[i][j] > 0 ? 1 : 0);
            }
            // the note's own trailing padding stays visible: masked padding is only slack before it
            int firstVisiblePad = 16;
            for (int j = 15; j >= 0 && target[j] == Tokenizer.PAD_ID && b.inputs()[i][j] == Tokenizer.PAD_ID; j--) {
                firstVisiblePad = j;
            }
            for (int j = firstVisiblePad; j < 16; j++) {
                assertEquals(Tokenizer.PAD_ID, b.inputs()[i][j]);
            }
            assertTrue(firstVisiblePad >= 7, "row " + i + " keeps its trailing padding visible");
            // the model is told the share of the canvas actually masked
            long masked = java.util.Arrays.stream(b.inputs()[i]).filter(id -> id == Tokenizer.MASK_ID).count();
            assertEquals(Math.max(TrainingObjective.MaskedDiffusion.MIN_T, masked / 16f), b.t()[i], 1e-6);
        }
        assertTrue(slackRows > 100 && slackRows < 400, "rows with a section ending in padding: " + slackRows);
    }

    @Test
    void stratifiedRatiosCoverTheUnitIntervalEvenly() {
        float[] r = TrainingObjective.MaskedDiffusion.stratified(64, new Random(9));
        int[] quarters = new int[4];
        for (float x : r) {
            assertTrue(x >= 0 && x < 1);
            quarters[(int) (x * 4)]++;
        }
        assertArrayEquals(new int[] {16, 16, 16, 16}, quarters);
    }
}
