package ai.medscribe.sample;

import java.util.Arrays;
import java.util.Random;

/**
 * Where the model would put the five section headers of a note, in SOAP order: positions drawn
 * from the model's own probabilities of each header at each position of the empty canvas, under
 * the one rule every note keeps (each header once, in order, with room for its section's content).
 *
 * <p>The draw is exact for that rule (forward filtering, backward sampling): a placement
 * {@code p_0 < ... < p_4} is drawn with probability proportional to
 * {@code prod_k P(header k at p_k)^(1/temperature)}, so at a low temperature it is the most probable
 * placement and at 1 it follows the model's spread of section lengths.
 */
final class HeaderPlacement {

    private HeaderPlacement() {
    }

    /**
     * @param logProb     [header k][position]: log-probability of header k at each position
     * @param first       the position of the first header (the note starts with it)
     * @param minContent  per header: the fewest content tokens its section holds before the next header
     *                    (or, for the last, before {@code end})
     * @param end         positions from {@code end} on are outside the note
     * @param temperature scales the log-probabilities (> 0; at or below 1e-4 the most probable placement)
     * @return the position of every header, increasing
     */
    static int[] sample(float[][] logProb, int first, int[] minContent, int end, double temperature, Random random) {
        int headers = logProb.length;
        if (minContent.length != headers) {
            throw new IllegalArgumentException(minContent.length + " minimum lengths for " + headers + " headers");
        }
        int room = first;
        for (int k = 0; k < headers; k++) {
            room += 1 + Math.max(0, minContent[k]);
        }
        if (room > end) {
            throw new InvalidRequestException("maxLength", "a note with all " + headers + " sections needs at least "
                    + room + " tokens, was " + end);
        }
        boolean greedy = temperature <= 1e-4;
        double scale = greedy ? 1 : 1 / temperature;
        // alpha[k][p]: log of the summed weight of every placement of headers 0..k with header k at p
        double[][] alpha = new double[headers][end];
        for (double[] row : alpha) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        alpha[0][first] = 0;
        for (int k = 1; k < headers; k++) {
            int gap = 1 + Math.max(0, minContent[k - 1]);
            // running combine of alpha[k-1][q] over q <= p - gap (a log-sum, or a max when greedy)
            double running = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < end; p++) {
                int q = p - gap;
                if (q >= 0) {
                    running = combine(running, alpha[k - 1][q], greedy);
                }
                if (running > Double.NEGATIVE_INFINITY) {
                    alpha[k][p] = running + scale * logProb[k][p];
                }
            }
        }
        int[] positions = new int[headers];
        int limit = end - 1 - Math.max(0, minContent[headers - 1]);
        positions[headers - 1] = draw(alpha[headers - 1], limit, greedy, random);
        for (int k = headers - 2; k >= 0; k--) {
            int gap = 1 + Math.max(0, minContent[k]);
            positions[k] = draw(alpha[k], positions[k + 1] - gap, greedy, random);
        }
        return positions;
    }

    private static double combine(double a, double b, boolean greedy) {
        if (greedy) {
            return Math.max(a, b);
        }
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        return hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
    }

    /** A position in {@code 0..to} drawn in proportion to exp(weight), or the heaviest (the first of ties) when greedy. */
    private static int draw(double[] weight, int to, boolean greedy, Random random) {
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int p = 0; p <= to; p++) {
            if (weight[p] > max) {
                max = weight[p];
                best = p;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no placement of the headers fits positions 0.." + to);
        }
        if (greedy) {
            return best;
        }
        double total = 0;
        for (int p = 0; p <= to; p++) {
            total += Math.exp(weight[p] - max);
        }
        double u = random.nextDouble() * total;
        for (int p = 0; p <= to; p++) {
            double w = Math.exp(weight[p] - max);
            if (u < w) {
                return p;
            }
            u -= w;
        }
        return best;
    }
}
