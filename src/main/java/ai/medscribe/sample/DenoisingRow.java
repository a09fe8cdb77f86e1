package ai.medscribe.sample;

import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One row of a batch as the sampler denoises it: its layout, its ids so far, the random order's
 * seeded draws, and what the remasking rules remember of each position.
 *
 * @param ids           the canvas so far (written in place)
 * @param order         draws for the random commit order, from the row's own seed
 * @param committedWith the confidence each generated token was committed with
 * @param revised       positions revision has sent back once already
 */
record DenoisingRow(NoteLayout layout, int[] ids, Random order, float[] committedWith, boolean[] revised) {

    DenoisingRow(NoteLayout layout, int[] ids, Random order) {
        this(layout, ids, order, new float[ids.length], new boolean[ids.length]);
    }

    /** Commits {@code id} at {@code i}, sampled with {@code confidence}. */
    void write(int i, int id, float confidence) {
        ids[i] = id;
        committedWith[i] = confidence;
    }

    /** The masked positions, left to right. */
    List<Integer> masked() {
        List<Integer> masked = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == Tokenizer.MASK_ID) {
                masked.add(i);
            }
        }
        return masked;
    }

    int maskedCount() {
        return countMasked(ids);
    }

    static int countMasked(int[] row) {
        int n = 0;
        for (int id : row) {
            if (id == Tokenizer.MASK_ID) {
                n++;
            }
        }
        return n;
    }
}
