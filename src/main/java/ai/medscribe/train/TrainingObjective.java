package ai.medscribe.train;

import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;

import java.util.Random;

/**
 * How a batch of padded sequences becomes inputs, targets and loss weights. The weights carry the
 * normalisation, so the graph's loss is just {@code sum(weights * CE)}.
 */
public interface TrainingObjective {

    TrainingBatch batch(int[][] sequences, Random random);

    static TrainingObjective of(ModelKind kind, boolean padAsTarget) {
        return kind == ModelKind.DIFFUSION ? new MaskedDiffusion(padAsTarget) : new NextToken();
    }

    /**
     * Masked diffusion: t ~ U(0.02, 1) per sequence, each position masked with probability t, CE at
     * masked positions weighted 1/(t*L), averaged over the batch. With {@code padAsTarget} padding is
     * masked and predicted like any token, so the model learns where a note ends; without it (the case
     * study) padding is never masked.
     */
    record MaskedDiffusion(boolean padAsTarget) implements TrainingObjective {
        public static final float MIN_T = 0.02f;

        @Override
        public TrainingBatch batch(int[][] sequences, Random random) {
            int b = sequences.length;
            int length = sequences[0].length;
            int[][] inputs = new int[b][];
            float[] t = new float[b];
            float[][] weights = new float[b][length];
            for (int i = 0; i < b; i++) {
                t[i] = MIN_T + (1 - MIN_T) * random.nextFloat();
                inputs[i] = sequences[i].clone();
                for (int j = 0; j < length; j++) {
                    boolean maskable = padAsTarget || sequences[i][j] != Tokenizer.PAD_ID;
                    if (maskable && random.nextFloat() < t[i]) {
                        inputs[i][j] = Tokenizer.MASK_ID;
                        weights[i][j] = 1f / (t[i] * length * b);
                    }
                }
            }
            return new TrainingBatch(inputs, t, sequences, weights);
        }
    }

    /**
     * Next-token prediction: target at j is the token at j+1. Padding targets are left out of the
     * mean, except the first one after the note, which is how the baseline learns to stop.
     */
    record NextToken() implements TrainingObjective {
        @Override
        public TrainingBatch batch(int[][] sequences, Random random) {
            int b = sequences.length;
            int length = sequences[0].length;
            int[][] targets = new int[b][length];
            float[][] weights = new float[b][length];
            int count = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j + 1 < length; j++) {
                    targets[i][j] = sequences[i][j + 1];
                    if (counts(sequences[i], j)) {
                        count++;
                    }
                }
            }
            for (int i = 0; i < b; i++) {
                for (int j = 0; j + 1 < length; j++) {
                    if (counts(sequences[i], j)) {
                        weights[i][j] = 1f / Math.max(1, count);
                    }
                }
            }
            return new TrainingBatch(sequences, null, targets, weights);
        }

        /** Whether the prediction at j (of the token at j+1) is a loss target: content, or the end of the note. */
        private static boolean counts(int[] sequence, int j) {
            return sequence[j + 1] != Tokenizer.PAD_ID || sequence[j] != Tokenizer.PAD_ID;
        }
    }
}
