package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.eval.Rouge;
import ai.medscribe.eval.RougeL;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints the baselines' ROUGE-1/2/L on MTS-Dialog's two test sets (mean over the 200 pairs of each),
 * the test sets' header counts and the conversations' lengths: the figures models are measured against.
 */
class MtsDialogBaselinesReportTest {

    private static final Path DATA = MtsDialogTest.DATA;

    @Test
    void printsBaselineRougeOnBothTestSets() throws IOException {
        List<DialogPair> train = MtsDialog.read(DATA.resolve("MTS-Dialog-TrainingSet.csv"));
        List<DialogPair> augmented = MtsDialog.read(DATA.resolve("MTS-Dialog-Augmented-TrainingSet-3-FR-and-ES-3603-Pairs-final.csv"));
        Map<String, List<DialogPair>> tests = new LinkedHashMap<>();
        tests.put("test set 2 (MEDIQA-Sum 2023)", MtsDialog.read(DATA.resolve("MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv")));
        tests.put("test set 1 (MEDIQA-Chat 2023)", MtsDialog.read(DATA.resolve("MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv")));
        Map<String, Baseline> baselines = new LinkedHashMap<>();
        baselines.put("copy (patient turns)", new CopyBaseline());
        baselines.put("retrieval (train 1,201)", new RetrievalBaseline(train));
        baselines.put("retrieval (augmented 3,603)", new RetrievalBaseline(augmented));

        StringBuilder out = new StringBuilder("\nMTS-Dialog baselines, rouge-score ROUGE F1 (P/R), mean over pairs\n");
        for (Map.Entry<String, List<DialogPair>> t : tests.entrySet()) {
            assertEquals(200, t.getValue().size());
            out.append(t.getKey()).append('\n');
            for (Map.Entry<String, Baseline> b : baselines.entrySet()) {
                Rouge.Totals totals = new Rouge.Totals();
                for (DialogPair p : t.getValue()) {
                    totals.add(b.getValue().generate(p.dialogue(), p.header()), p.section());
                }
                Rouge.Scores m = totals.mean();
                assertTrue(m.rouge1().f1() > 0 && m.rouge1().f1() < 1, b.getKey());
                out.append(String.format(Locale.ROOT, "  %-28s R1 %s  R2 %s  RL %s%n",
                        b.getKey(), fmt(m.rouge1()), fmt(m.rouge2()), fmt(m.rougeL())));
            }
        }
        for (Map.Entry<String, List<DialogPair>> t : tests.entrySet()) {
            Map<MtsHeader, Integer> counts = new EnumMap<>(MtsHeader.class);
            t.getValue().forEach(p -> counts.merge(p.header(), 1, Integer::sum));
            out.append("headers, ").append(t.getKey()).append(": ");
            counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> out.append(e.getKey().csvName()).append(' ').append(e.getValue()).append("  "));
            out.append('\n');
        }
        out.append("dialogue length in whitespace words (median / p90 / max):\n");
        Map<String, List<DialogPair>> all = new LinkedHashMap<>();
        all.put("train 1,201", train);
        all.put("augmented 3,603", augmented);
        all.putAll(tests);
        for (Map.Entry<String, List<DialogPair>> s : all.entrySet()) {
            double[] words = s.getValue().stream().mapToDouble(p -> words(p.dialogue())).sorted().toArray();
            double[] section = s.getValue().stream().mapToDouble(p -> words(p.section())).sorted().toArray();
            out.append(String.format(Locale.ROOT, "  %-30s dialogue %.1f / %.1f / %.0f   section %.1f / %.1f / %.0f%n",
                    s.getKey(), percentile(words, 50), percentile(words, 90), words[words.length - 1],
                    percentile(section, 50), percentile(section, 90), section[section.length - 1]));
        }
        System.out.print(out);
    }

    private static String fmt(RougeL.Score s) {
        return String.format(Locale.ROOT, "%.4f (%.4f/%.4f)", s.f1(), s.precision(), s.recall());
    }

    private static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** The q-th percentile of sorted values, interpolated linearly (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = (sorted.length - 1) * q / 100;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    @Test
    void percentileInterpolates() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, percentile(v, 50), 1e-12);
        assertEquals(3.7, percentile(v, 90), 1e-12);
        assertEquals(4, percentile(v, 100), 1e-12);
    }
}
