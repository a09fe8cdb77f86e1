package ai.medscribe.dialog;

import ai.medscribe.eval.RougeL;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-neighbour retrieval: the section of the training conversation most like the given one
 * among those with the same header (among all of them if no training pair has that header).
 * Similarity is the cosine of TF-IDF vectors as scikit-learn's {@code TfidfVectorizer} builds them by
 * default, over {@link RougeL#tokens}: raw term counts times the smoothed idf
 * {@code ln((1 + n) / (1 + df)) + 1} (n training conversations, df those holding the term),
 * l2-normalised; terms no training conversation holds are ignored. Ties go to the lowest training
 * index.
 */
public final class RetrievalBaseline implements Baseline {

    private record Posting(int doc, double weight) {
    }

    private final List<DialogPair> training;
    private final Map<String, Double> idf = new HashMap<>();
    private final Map<String, List<Posting>> postings = new HashMap<>();
    private final Map<MtsHeader, boolean[]> byHeader = new EnumMap<>(MtsHeader.class);

    /** Indexes the training pairs' conversations. */
    public RetrievalBaseline(List<DialogPair> training) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        this.training = List.copyOf(training);
        int n = training.size();
        List<Map<String, Integer>> counts = new ArrayList<>(n);
        Map<String, Integer> df = new HashMap<>();
        for (DialogPair p : training) {
            Map<String, Integer> c = termCounts(p.dialogue());
            counts.add(c);
            c.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            byHeader.computeIfAbsent(p.header(), h -> new boolean[n]);
        }
        df.forEach((t, d) -> idf.put(t, Math.log((1.0 + n) / (1.0 + d)) + 1));
        for (int i = 0; i < n; i++) {
            byHeader.get(training.get(i).header())[i] = true;
            Map<String, Double> v = vector(counts.get(i));
            for (Map.Entry<String, Double> e : v.entrySet()) {
                postings.computeIfAbsent(e.getKey(), t -> new ArrayList<>()).add(new Posting(i, e.getValue()));
            }
        }
    }

    @Override
    public String generate(String dialogue, MtsHeader header) {
        return training.get(nearest(dialogue, header)).section();
    }

    /** The training pair whose section {@link #generate} returns. */
    public DialogPair nearestPair(String dialogue, MtsHeader header) {
        return training.get(nearest(dialogue, header));
    }

    /** The index into the training pairs of the most similar conversation with {@code header}. */
    public int nearest(String dialogue, MtsHeader header) {
        double[] cosine = similarities(dialogue);
        boolean[] allowed = byHeader.get(header);
        int best = -1;
        for (int i = 0; i < cosine.length; i++) {
            if ((allowed == null || allowed[i]) && (best < 0 || cosine[i] > cosine[best])) {
                best = i;
            }
        }
        return best;
    }

    /** The cosine of {@code dialogue} with each training conversation, by training index. */
    public double[] similarities(String dialogue) {
        double[] cosine = new double[training.size()];
        Map<String, Integer> counts = termCounts(dialogue);
        counts.keySet().retainAll(idf.keySet());
        for (Map.Entry<String, Double> q : vector(counts).entrySet()) {
            for (Posting p : postings.get(q.getKey())) {
                cosine[p.doc()] += q.getValue() * p.weight();
            }
        }
        return cosine;
    }

    private static Map<String, Integer> termCounts(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        RougeL.tokens(text).forEach(t -> counts.merge(t, 1, Integer::sum));
        return counts;
    }

    /** TF-IDF weights of known terms, l2-normalised (empty if no known term). */
    private Map<String, Double> vector(Map<String, Integer> counts) {
        Map<String, Double> v = new LinkedHashMap<>();
        double norm = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double w = e.getValue() * idf.get(e.getKey());
            v.put(e.getKey(), w);
            norm += w * w;
        }
        double length = Math.sqrt(norm);
        if (length > 0) {
            v.replaceAll((t, w) -> w / length);
        }
        return v;
    }
}
