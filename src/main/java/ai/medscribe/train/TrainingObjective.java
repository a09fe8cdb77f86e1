package ai.medscribe.train;

import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /** The objective of {@code options}; {@code headerIds} mark where sections start (for section masking). */
    static TrainingObjective of(ModelKind kind, TrainingOptions options, int[] headerIds) {
        return kind == ModelKind.DIFFUSION
                ? new MaskedDiffusion(options.padAsTarget(), options.sectionMasking(), options.stratifiedT(), headerIds)
                : new NextToken();
    }

    /** The drafting objective of {@code config}: only the note region (after the transcript and header) is a target. */
    static TrainingObjective drafting(ai.medscribe.model.ModelConfig config, boolean stratifiedT) {
        return drafting(config.kind(), config.sourceLength(), stratifiedT);
    }

    /** The drafting objective over canvases whose header is at column {@code header}. */
    static TrainingObjective drafting(ModelKind kind, int header, boolean stratifiedT) {
        return kind == ModelKind.DIFFUSION ? new DraftDiffusion(header + 1, stratifiedT) : new DraftNextToken(header);
    }

    /**
     * Masked diffusion over a drafting canvas: the transcript and the header (positions before
     * {@code noteStart}) are always visible; each note position, padding included (so the model learns
     * where the section ends), is masked with probability t in (0.02, 1], and its CE weighted
     * 1/(t * note length), averaged over the batch. With {@code stratifiedT} the batch's t values are
     * spread as {@link MaskedDiffusion#stratified} spreads them.
     */
    record DraftDiffusion(int noteStart, boolean stratifiedT) implements TrainingObjective {
        @Override
        public TrainingBatch batch(int[][] sequences, Random random) {
            int b = sequences.length;
            int length = sequences[0].length;
            int noteLength = length - noteStart;
            int[][] inputs = new int[b][];
            float[] t = new float[b];
            float[][] weights = new float[b][length];
            float[] ratios = stratifiedT ? MaskedDiffusion.stratified(b, random) : null;
            for (int i = 0; i < b; i++) {
                float r = ratios != null ? ratios[i] : random.nextFloat();
                float p = MaskedDiffusion.MIN_T + (1 - MaskedDiffusion.MIN_T) * r;
                inputs[i] = sequences[i].clone();
                for (int j = noteStart; j < length; j++) {
                    if (random.nextFloat() < p) {
                        inputs[i][j] = Tokenizer.MASK_ID;
                        weights[i][j] = 1f / (p * noteLength * b);
                    }
                }
                t[i] = p;
            }
            return new TrainingBatch(inputs, t, sequences, weights);
        }
    }

    /**
     * Next-token prediction over a drafting canvas: the targets are the note's tokens after the header
     * at {@code header} and the first padding after the note (how the model learns to stop); the
     * transcript is context only.
     */
    record DraftNextToken(int header) implements TrainingObjective {
        @Override
        public TrainingBatch batch(int[][] sequences, Random random) {
            int b = sequences.length;
            int length = sequences[0].length;
            int[][] targets = new int[b][length];
            float[][] weights = new float[b][length];
            int count = 0;
            for (int i = 0; i < b; i++) {
                for (int j = header; j + 1 < length; j++) {
                    targets[i][j] = sequences[i][j + 1];
                    if (NextToken.counts(sequences[i], j)) {
                        weights[i][j] = 1f;
                        count++;
                    }
                }
            }
            for (float[] row : weights) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= Math.max(1, count);
                }
            }
            return new TrainingBatch(sequences, null, targets, weights);
        }
    }

    /**
     * Masked diffusion: t in (0.02, 1] per sequence, each position masked with probability t, CE at
     * masked positions weighted 1/(t*L), averaged over the batch. With {@code padAsTarget} padding is
     * masked and predicted like any token, so the model learns where a note ends; without it (the case
     * study) padding is never masked.
     * <p>
     * A share {@code sectionMasking} of the sequences is masked as the product denoises: one to all of
     * its sections are chosen and each of their content tokens is masked with probability t, while the
     * headers, the other sections and the padding stay visible (all five sections: a scaffold; fewer:
     * an infill). Their input ratio t is the share of the canvas actually masked, as the sampler feeds
     * it; the weight stays 1/(t*L) with t the masking probability. With {@code stratifiedT} the batch's
     * t values are {@code (u + i/B) mod 1} mapped onto (0.02, 1], one uniform u per batch, so every batch
     * holds the same spread of noise levels and the 1/t weights vary far less from batch to batch.
     */
    record MaskedDiffusion(boolean padAsTarget, double sectionMasking, boolean stratifiedT, int[] headerIds)
            implements TrainingObjective {
        public static final float MIN_T = 0.02f;

        /** Uniform masking only, independent t: the recipe before the section-masked one. */
        public MaskedDiffusion(boolean padAsTarget) {
            this(padAsTarget, 0, false, new int[0]);
        }

        @Override
        public TrainingBatch batch(int[][] sequences, Random random) {
            int b = sequences.length;
            int length = sequences[0].length;
            int[][] inputs = new int[b][];
            int[][] targets = new int[b][];
            float[] t = new float[b];
            float[][] weights = new float[b][length];
            float[] ratios = stratifiedT ? stratified(b, random) : null;
            for (int i = 0; i < b; i++) {
                float r = ratios != null ? ratios[i] : random.nextFloat();
                float p = MIN_T + (1 - MIN_T) * r;
                SectionRow row = sectionMasking > 0 && random.nextDouble() < sectionMasking
                        ? sectionRow(sequences[i], random) : null;
                targets[i] = row != null ? row.sequence() : sequences[i];
                boolean[] maskable = row != null ? row.maskable() : new boolean[length];
                if (row == null) {
                    for (int j = 0; j < length; j++) {
                        maskable[j] = padAsTarget || sequences[i][j] != Tokenizer.PAD_ID;
                    }
                }
                inputs[i] = targets[i].clone();
                int masked = 0;
                for (int j = 0; j < length; j++) {
                    if (maskable[j] && random.nextFloat() < p) {
                        inputs[i][j] = Tokenizer.MASK_ID;
                        weights[i][j] = 1f / (p * length * b);
                        masked++;
                    }
                }
                t[i] = row != null ? Math.max(MIN_T, masked / (float) length) : p;
            }
            return new TrainingBatch(inputs, t, targets, weights);
        }

        /** A section-masked row: the sequence (with slack padding inserted) and the positions that may be masked. */
        record SectionRow(int[] sequence, boolean[] maskable) {
        }

        /** The most padding inserted after a chosen section's content: a scaffold's span may end early. */
        static final int MAX_SLACK = 6;

        /**
         * One to all of the sections of {@code sequence}, chosen at random: their content positions
         * (not a header, not padding) may be masked, and after each chosen section's content up to
         * {@link #MAX_SLACK} padding tokens are inserted while the canvas has room, so the model learns
         * that a masked section span longer than its content ends in padding (as a scaffold's drawn
         * length often is). Null when the sequence has no header (it is then masked uniformly).
         */
        SectionRow sectionRow(int[] sequence, Random random) {
            List<Integer> starts = new ArrayList<>();
            int used = 0;
            for (int j = 0; j < sequence.length; j++) {
                if (isHeader(sequence[j])) {
                    starts.add(j);
                }
                used += sequence[j] != Tokenizer.PAD_ID ? 1 : 0;
            }
            if (starts.isEmpty()) {
                return null;
            }
            List<Integer> shuffled = new ArrayList<>(starts);
            Collections.shuffle(shuffled, random);
            List<Integer> chosen = shuffled.subList(0, 1 + random.nextInt(shuffled.size()));
            int room = sequence.length - used;
            int[] out = new int[sequence.length];
            boolean[] maskable = new boolean[sequence.length];
            int pos = 0;
            boolean inChosen = false;
            for (int j = 0; j < sequence.length && pos < sequence.length; j++) {
                int id = sequence[j];
                boolean endOfSection = isHeader(id) || id == Tokenizer.PAD_ID;
                if (inChosen && endOfSection) {
                    int slack = Math.min(room, random.nextInt(MAX_SLACK + 1));
                    for (int k = 0; k < slack; k++) {
                        maskable[pos] = true;
                        out[pos++] = Tokenizer.PAD_ID;
                    }
                    room -= slack;
                    inChosen = false;
                }
                if (pos >= sequence.length) {
                    break;
                }
                if (isHeader(id)) {
                    inChosen = chosen.contains(j);
                } else if (inChosen) {
                    maskable[pos] = true;
                }
                out[pos++] = id;
            }
            return new SectionRow(out, maskable);
        }

        /** B ratios in [0, 1): one uniform offset, spaced 1/B apart, shuffled so no row always draws low t. */
        static float[] stratified(int b, Random random) {
            float u = random.nextFloat();
            float[] r = new float[b];
            for (int i = 0; i < b; i++) {
                r[i] = (u + i / (float) b) % 1f;
            }
            for (int i = b - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                float tmp = r[i];
                r[i] = r[j];
                r[j] = tmp;
            }
            return r;
        }

        private boolean isHeader(int id) {
            for (int h : headerIds) {
                if (h == id) {
                    return true;
                }
            }
            return false;
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
        static boolean counts(int[] sequence, int j) {
            return sequence[j + 1] != Tokenizer.PAD_ID || sequence[j] != Tokenizer.PAD_ID;
        }
    }
}
