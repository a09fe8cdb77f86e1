package ai.medscribe.train;

import ai.medscribe.Seeds;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.text.Tokenizer;

import java.util.Arrays;
import java.util.Random;

/**
 * A cheap per-epoch probe of what a diffusion model knows: one content token (not padding, not a
 * header) of every validation note is masked and predicted, once with every other token visible
 * (the last denoising steps) and once with half of the other content tokens masked as well. It
 * reports top-1 accuracy and the mean NLL in nats at the probed token; the same seeded positions
 * every epoch, so the curve compares across epochs and recipes.
 */
final class Probe {

    /** Top-1 and NLL with every other token visible, then with half of the other content masked. */
    record Result(double top1, double nll, double halfTop1, double halfNll) {
    }

    private final Trainer trainer;
    private final int[] headerIds;

    Probe(Trainer trainer, int[] headerIds) {
        this.trainer = trainer;
        this.headerIds = headerIds;
    }

    Result run(int[][] validation) {
        double[] all = measure(validation, false);
        double[] half = measure(validation, true);
        return new Result(all[0], all[1], half[0], half[1]);
    }

    /** {top-1, mean NLL} over the notes that have a content token. */
    private double[] measure(int[][] sequences, boolean halfMasked) {
        Random random = new Random(Seeds.probePositions(trainer.options().seed()));
        int batchSize = trainer.options().batchSize();
        int hits = 0;
        int count = 0;
        double nll = 0;
        for (int first = 0; first < sequences.length; first += batchSize) {
            int[][] batch = Arrays.copyOfRange(sequences, first, Math.min(sequences.length, first + batchSize));
            int[][] inputs = new int[batch.length][];
            int[] probed = new int[batch.length];
            float[] t = new float[batch.length];
            for (int i = 0; i < batch.length; i++) {
                inputs[i] = batch[i].clone();
                probed[i] = pickContent(batch[i], random);
                int masked = 0;
                for (int j = 0; j < batch[i].length; j++) {
                    boolean probe = j == probed[i];
                    boolean other = halfMasked && isContent(batch[i][j]) && random.nextBoolean();
                    if (probed[i] >= 0 && (probe || other)) {
                        inputs[i][j] = Tokenizer.MASK_ID;
                        masked++;
                    }
                }
                t[i] = Math.max(TrainingObjective.MaskedDiffusion.MIN_T, masked / (float) batch[i].length);
            }
            float[][][] logits = trainer.logits(inputs, t);
            for (int i = 0; i < batch.length; i++) {
                if (probed[i] < 0) {
                    continue;
                }
                float[] row = logits[i][probed[i]];
                int target = batch[i][probed[i]];
                int best = 0;
                for (int v = 1; v < row.length; v++) {
                    if (row[v] > row[best]) {
                        best = v;
                    }
                }
                nll += SamplingHeads.logSumExp(row) - row[target];
                hits += best == target ? 1 : 0;
                count++;
            }
        }
        return count == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {hits / (double) count, nll / count};
    }

    private int pickContent(int[] sequence, Random random) {
        int n = 0;
        for (int id : sequence) {
            n += isContent(id) ? 1 : 0;
        }
        if (n == 0) {
            return -1;
        }
        int k = random.nextInt(n);
        for (int j = 0; j < sequence.length; j++) {
            if (isContent(sequence[j]) && k-- == 0) {
                return j;
            }
        }
        return -1;
    }

    private boolean isContent(int id) {
        if (id == Tokenizer.PAD_ID) {
            return false;
        }
        for (int h : headerIds) {
            if (h == id) {
                return false;
            }
        }
        return true;
    }
}
