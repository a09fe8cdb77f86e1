package ai.medscribe.sample;

import ai.medscribe.model.SamplingHeads;
import ai.medscribe.text.Tokenizer;

import java.util.SplittableRandom;

/**
 * The denoise step's sampling done on the host for one row, from that row's logits and its own
 * random stream: the same rules as the device head ({@code SamplingHeads.denoiseStep}: temperature,
 * forbid bits, [MASK] never sampled, confidence = probability of the sampled token), but a row's
 * draws depend only on its own seed, not on its position in the batch. That is what lets requests
 * share one sampler batch and still get the notes they would get alone (the device head draws one
 * noise tensor for the whole batch, so there a row's noise follows its position).
 */
final class RowSampling {

    private RowSampling() {
    }

    /**
     * Samples every masked position of {@code row} from {@code logits} [L][V] under {@code forbid};
     * writes the ids and their confidences (other positions are left 0).
     */
    static void sample(float[][] logits, int[] row, int[] forbid, float temperature, boolean[] isHeader,
                       SplittableRandom random, int[] ids, float[] confidence) {
        double scale = 1.0 / Math.max(temperature, 1e-4f);
        boolean greedy = temperature <= 1e-4f;
        int vocab = logits[0].length;
        double[] weight = new double[vocab];
        for (int i = 0; i < row.length; i++) {
            if (row[i] != Tokenizer.MASK_ID) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            for (int v = 0; v < vocab; v++) {
                if (allowed(v, forbid[i], isHeader)) {
                    double s = logits[i][v] * scale;
                    if (s > max) {
                        max = s;
                        best = v;
                    }
                }
            }
            double total = 0;
            for (int v = 0; v < vocab; v++) {
                weight[v] = allowed(v, forbid[i], isHeader) ? Math.exp(logits[i][v] * scale - max) : 0;
                total += weight[v];
            }
            int chosen = best;
            if (!greedy) {
                // inverse CDF: one uniform draw per position, in position order
                double u = random.nextDouble() * total;
                double cumulative = 0;
                for (int v = 0; v < vocab; v++) {
                    cumulative += weight[v];
                    if (weight[v] > 0 && cumulative > u) {
                        chosen = v;
                        break;
                    }
                }
            }
            ids[i] = chosen;
            confidence[i] = (float) (weight[chosen] / total);
        }
    }

    /** The device head's forbid rules: only-pad wins over no-pad and no-headers; [MASK] never. */
    static boolean allowed(int id, int forbid, boolean[] isHeader) {
        if (id == Tokenizer.MASK_ID) {
            return false;
        }
        if ((forbid & SamplingHeads.ONLY_PAD) != 0) {
            return id == Tokenizer.PAD_ID;
        }
        if ((forbid & SamplingHeads.FORBID_PAD) != 0 && id == Tokenizer.PAD_ID) {
            return false;
        }
        return (forbid & SamplingHeads.FORBID_HEADERS) == 0 || !isHeader[id];
    }
}
