package ai.medscribe.eval;

import ai.medscribe.text.Tokenizer;
import java.util.List;

/** ROUGE-L: the longest common subsequence of lower-cased whitespace tokens (the case study's compute_rouge_l). */
public final class RougeL {

    public record Score(double precision, double recall, double f1) {
    }

    private RougeL() {
    }

    public static Score score(String generated, String reference) {
        List<String> gen = Tokenizer.words(generated);
        List<String> ref = Tokenizer.words(reference);
        if (gen.isEmpty() || ref.isEmpty()) {
            return new Score(0, 0, 0);
        }
        int lcs = lcs(gen, ref);
        double precision = lcs / (double) gen.size();
        double recall = lcs / (double) ref.size();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Score(precision, recall, f1);
    }

    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = a.get(i - 1).equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
