package ai.medscribe.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * ROUGE-L as Google's {@code rouge-score} package computes it (without stemming), so figures compare
 * with published ones: text lower-cased, every run of characters other than {@code a-z0-9} a
 * separator, F-measure of the longest common subsequence ({@code rougeL}); and {@code rougeLsum}, the
 * summary-level variant over newline-separated lines (union LCS of each reference line against all
 * generated lines, each token counted at most as often as it occurs on both sides).
 */
public final class RougeL {

    /** How evaluation.json names the variant. */
    public static final String VARIANT = "rouge-score rougeL (lower case, [a-z0-9]+ tokens, no stemming)";

    private static final Pattern SEPARATOR = Pattern.compile("[^a-z0-9]+");

    public record Score(double precision, double recall, double f1) {
        static Score of(int hits, int generated, int reference) {
            if (hits == 0 || generated == 0 || reference == 0) {
                return new Score(0, 0, 0);
            }
            double p = hits / (double) generated;
            double r = hits / (double) reference;
            return new Score(p, r, 2 * p * r / (p + r));
        }
    }

    private RougeL() {
    }

    /** rouge-score's tokenizer: lower case, letters and digits only. */
    public static List<String> tokens(String text) {
        String cleaned = SEPARATOR.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split(" "));
    }

    /** {@code rougeL}: the LCS of the two token sequences; precision over the generated text. */
    public static Score score(String generated, String reference) {
        return score(tokens(generated), tokens(reference));
    }

    /** {@code rougeL} over already tokenized texts ({@link #tokens}); {@link Rouge} scores with it. */
    static Score score(List<String> gen, List<String> ref) {
        return Score.of(gen.isEmpty() || ref.isEmpty() ? 0 : lcs(gen, ref), gen.size(), ref.size());
    }

    /** {@code rougeLsum}: summary-level LCS over the texts' non-empty lines. */
    public static Score scoreLsum(String generated, String reference) {
        List<List<String>> gen = lines(generated);
        List<List<String>> ref = lines(reference);
        int n = gen.stream().mapToInt(List::size).sum();
        int m = ref.stream().mapToInt(List::size).sum();
        if (n == 0 || m == 0) {
            return new Score(0, 0, 0);
        }
        Map<String, Integer> genCounts = counts(gen);
        Map<String, Integer> refCounts = counts(ref);
        int hits = 0;
        for (List<String> r : ref) {
            TreeSet<Integer> union = new TreeSet<>();
            for (List<String> c : gen) {
                union.addAll(lcsIndices(r, c));
            }
            for (int i : union) {
                String token = r.get(i);
                if (genCounts.getOrDefault(token, 0) > 0 && refCounts.getOrDefault(token, 0) > 0) {
                    hits++;
                    genCounts.merge(token, -1, Integer::sum);
                    refCounts.merge(token, -1, Integer::sum);
                }
            }
        }
        return Score.of(hits, n, m);
    }

    private static List<List<String>> lines(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(tokens(line));
            }
        }
        return out;
    }

    private static Map<String, Integer> counts(List<List<String>> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(line -> line.forEach(t -> counts.merge(t, 1, Integer::sum)));
        return counts;
    }

    static int lcs(List<String> a, List<String> b) {
        return table(a, b)[a.size()][b.size()];
    }

    private static int[][] table(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                t[i][j] = a.get(i - 1).equals(b.get(j - 1)) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t;
    }

    /** Indices into {@code ref} of one LCS with {@code can}, backtracked as rouge-score does. */
    static List<Integer> lcsIndices(List<String> ref, List<String> can) {
        int[][] t = table(ref, can);
        List<Integer> out = new ArrayList<>();
        int i = ref.size();
        int j = can.size();
        while (i > 0 && j > 0) {
            if (ref.get(i - 1).equals(can.get(j - 1))) {
                out.add(0, i - 1);
                i--;
                j--;
            } else if (t[i][j - 1] > t[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        return out;
    }
}
