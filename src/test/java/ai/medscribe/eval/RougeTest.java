package ai.medscribe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RougeTest {

    private static void assertScore(double p, double r, double f, RougeL.Score s) {
        assertEquals(p, s.precision(), 1e-12, "precision");
        assertEquals(r, s.recall(), 1e-12, "recall");
        assertEquals(f, s.f1(), 1e-12, "f1");
    }

    @Test
    void catOnTheMat() {
        // Unigrams: the x2, cat, on, mat shared = 5 of 6 on each side.
        // Bigrams: "the cat", "on the", "the mat" shared = 3 of 5 on each side.
        // LCS: the cat on the mat = 5.
        Rouge.Scores s = Rouge.score("the cat sat on the mat", "the cat was on the mat");
        assertScore(5 / 6.0, 5 / 6.0, 5 / 6.0, s.rouge1());
        assertScore(3 / 5.0, 3 / 5.0, 3 / 5.0, s.rouge2());
        assertScore(5 / 6.0, 5 / 6.0, 5 / 6.0, s.rougeL());
    }

    @Test
    void rougeScoresReadmeExample() {
        // rouge-score's README: target "The quick brown fox jumps over the lazy dog", prediction
        // "The quick brown dog jumps on the log." -> rouge1 P 0.75, R 0.66667, F 0.70588.
        Rouge.Scores s = Rouge.score("The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog");
        assertScore(0.75, 6 / 9.0, 2 * 0.75 * (6 / 9.0) / (0.75 + 6 / 9.0), s.rouge1());
        assertEquals(0.70588, s.rouge1().f1(), 1e-5);
        // Bigrams shared: "the quick", "quick brown" = 2 of 7 generated, 2 of 8 reference; F = 4/15.
        assertScore(2 / 7.0, 2 / 8.0, 4 / 15.0, s.rouge2());
        assertEquals(0.5882, s.rougeL().f1(), 1e-4);
    }

    @Test
    void countsAreClipped() {
        // "the" four times against once: 1 hit, P 1/4, R 1/2, F 1/3; no shared bigram.
        Rouge.Scores many = Rouge.score("the the the the", "the cat");
        assertScore(1 / 4.0, 1 / 2.0, 1 / 3.0, many.rouge1());
        assertScore(0, 0, 0, many.rouge2());
        // The other way round: clipped by the generated side, P 1/2, R 1/3, F 0.4.
        assertScore(1 / 2.0, 1 / 3.0, 0.4, Rouge.rougeN(1, "the cat", "the the the"));
        // Bigrams "a b" x3, "b a" x2 against "a b" x2, "b x", "x a": 2 hits, P 2/5, R 2/4, F 4/9.
        assertScore(2 / 5.0, 2 / 4.0, 4 / 9.0, Rouge.rougeN(2, "a b a b a b", "a b x a b"));
    }

    @Test
    void tokenizesAsRougeScore() {
        // Case and punctuation do not count; "10/10" is two tokens.
        Rouge.Scores s = Rouge.score("Pain, 10/10!", "pain 10 10");
        assertScore(1, 1, 1, s.rouge1());
        assertScore(1, 1, 1, s.rouge2());
        // Non-ASCII letters are separators, as in rouge-score: "fièvre" is "fi" + "vre".
        assertScore(1, 1, 1, Rouge.rougeN(2, "fièvre", "fi vre"));
    }

    @Test
    void emptySidesScoreZero() {
        assertScore(0, 0, 0, Rouge.score("", "a b").rouge1());
        assertScore(0, 0, 0, Rouge.score("a b", "").rouge1());
        assertScore(0, 0, 0, Rouge.score("...", "a").rougeL());
        // One token has no bigram: ROUGE-2 is 0 though ROUGE-1 is 1.
        Rouge.Scores one = Rouge.score("cat", "cat");
        assertScore(1, 1, 1, one.rouge1());
        assertScore(0, 0, 0, one.rouge2());
        assertScore(0, 0, 0, Rouge.rougeN(3, "a b", "a b"));
        assertThrows(IllegalArgumentException.class, () -> Rouge.rougeN(0, "a", "a"));
    }

    @Test
    void rougeLIsRougeLs() {
        Rouge.Scores s = Rouge.score("a x b y c", "a b c d");
        RougeL.Score l = RougeL.score("a x b y c", "a b c d");
        assertEquals(l, s.rougeL());
        assertScore(3 / 5.0, 3 / 4.0, 2 * 0.6 * 0.75 / 1.35, l);
    }

    @Test
    void totalsAverageOverPairs() {
        Rouge.Totals totals = new Rouge.Totals();
        assertEquals(0, totals.count());
        assertScore(0, 0, 0, totals.mean().rouge1());
        totals.add("the cat sat on the mat", "the cat was on the mat"); // rouge1 5/6, rouge2 3/5
        totals.add("the the the the", "the cat"); // rouge1 P 1/4, R 1/2, F 1/3; rouge2 0
        assertEquals(2, totals.count());
        Rouge.Scores mean = totals.mean();
        assertScore((5 / 6.0 + 1 / 4.0) / 2, (5 / 6.0 + 1 / 2.0) / 2, (5 / 6.0 + 1 / 3.0) / 2, mean.rouge1());
        assertScore(0.3, 0.3, 0.3, mean.rouge2());
        // Mean of F1s, not the F1 of mean precision and recall.
        double p = mean.rouge1().precision();
        double r = mean.rouge1().recall();
        assertEquals(7 / 12.0, mean.rouge1().f1(), 1e-12);
        assertEquals(true, Math.abs(2 * p * r / (p + r) - mean.rouge1().f1()) > 1e-3);
    }
}
