package ai.medscribe.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L as Google's {@code rouge-score} package computes them with
 * {@code use_stemmer=False}: both texts tokenized by {@link RougeL#tokens} (lower case, every run of
 * characters other than {@code a-z0-9} a separator); ROUGE-N counts the n-grams both sides share,
 * each at most as often as it occurs on the side where it is rarer (clipped counts), precision over
 * the generated text's n-grams, recall over the reference's, F1 their harmonic mean; ROUGE-L is
 * {@link RougeL}'s. A side with no tokens (or no n-grams) scores 0.
 */
public final class Rouge {

    /** The three scores of one generated text against its reference. */
    public record Scores(RougeL.Score rouge1, RougeL.Score rouge2, RougeL.Score rougeL) {
    }

    private Rouge() {
    }

    /** ROUGE-1, ROUGE-2 and ROUGE-L of {@code generated} against {@code reference}. */
    public static Scores score(String generated, String reference) {
        List<String> gen = RougeL.tokens(generated);
        List<String> ref = RougeL.tokens(reference);
        return new Scores(rougeN(1, gen, ref), rougeN(2, gen, ref), RougeL.score(gen, ref));
    }

    /** ROUGE-N of {@code generated} against {@code reference}, {@code n >= 1}. */
    public static RougeL.Score rougeN(int n, String generated, String reference) {
        return rougeN(n, RougeL.tokens(generated), RougeL.tokens(reference));
    }

    /** ROUGE-N over already tokenized texts. */
    public static RougeL.Score rougeN(int n, List<String> generated, List<String> reference) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        Map<List<String>, Integer> gen = ngrams(generated, n);
        Map<List<String>, Integer> ref = ngrams(reference, n);
        int hits = 0;
        for (Map.Entry<List<String>, Integer> e : ref.entrySet()) {
            hits += Math.min(e.getValue(), gen.getOrDefault(e.getKey(), 0));
        }
        return RougeL.Score.of(hits, Math.max(0, generated.size() - n + 1), Math.max(0, reference.size() - n + 1));
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Scores averaged over pairs: the mean precision, recall and F1 of each measure (each pair
     * weighing the same, as rouge-score's aggregator's central figure and the MEDIQA tables do).
     */
    public static final class Totals {
        private final double[] sums = new double[9];
        private int count;

        /** Adds one pair's scores. */
        public Totals add(Scores s) {
            RougeL.Score[] parts = {s.rouge1(), s.rouge2(), s.rougeL()};
            for (int i = 0; i < 3; i++) {
                sums[3 * i] += parts[i].precision();
                sums[3 * i + 1] += parts[i].recall();
                sums[3 * i + 2] += parts[i].f1();
            }
            count++;
            return this;
        }

        /** Scores {@code generated} against {@code reference} and adds them. */
        public Totals add(String generated, String reference) {
            return add(score(generated, reference));
        }

        /** How many pairs were added. */
        public int count() {
            return count;
        }

        /** The mean scores; all 0 before any pair is added. */
        public Scores mean() {
            double d = Math.max(count, 1);
            RougeL.Score[] parts = new RougeL.Score[3];
            for (int i = 0; i < 3; i++) {
                parts[i] = new RougeL.Score(sums[3 * i] / d, sums[3 * i + 1] / d, sums[3 * i + 2] / d);
            }
            return new Scores(parts[0], parts[1], parts[2]);
        }
    }
}
