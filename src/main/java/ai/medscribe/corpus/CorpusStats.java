package ai.medscribe.corpus;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The case study's exploratory analysis of a corpus: note lengths, section lengths, top words,
 * and the section ordering analysis ({@code analyze_section_ordering}). Lengths and top words are
 * tokens as the vocabulary that training builds splits them ({@link Tokenizer#DEFAULT_SPLITTING}:
 * punctuation is a token of its own), so the lengths are what the notes take on the canvas.
 */
public record CorpusStats(int notes, List<Integer> noteLengths, Summary noteLength, Map<Section, Summary> sectionLengths,
        List<WordCount> topWords, Ordering ordering) {

    public static final int TOP_WORDS = 20;

    /** Mean, population standard deviation, min and max of some counts. */
    public record Summary(int count, double mean, double std, int min, int max) {
        static Summary of(List<Integer> values) {
            if (values.isEmpty()) {
                return new Summary(0, 0, 0, 0, 0);
            }
            double mean = values.stream().mapToInt(Integer::intValue).average().orElse(0);
            double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / values.size();
            return new Summary(values.size(), mean, Math.sqrt(var),
                    values.stream().mapToInt(Integer::intValue).min().orElse(0),
                    values.stream().mapToInt(Integer::intValue).max().orElse(0));
        }
    }

    public record WordCount(String word, int count) {
    }

    /**
     * How consistently notes follow SOAP order: the percentage of notes whose sections appear
     * each once and in SOAP order (missing sections allowed), how many notes miss each section,
     * and the fraction of notes holding each section.
     */
    public record Ordering(double correctOrderPct, Map<Section, Integer> missingSections, Map<Section, Double> sectionPresence) {
    }

    public static CorpusStats of(List<ClinicalNote> notes) {
        List<Integer> lengths = new ArrayList<>();
        Map<Section, List<Integer>> sectionLengths = new EnumMap<>(Section.class);
        Section.SOAP.forEach(s -> sectionLengths.put(s, new ArrayList<>()));
        Map<String, Integer> words = new HashMap<>();
        for (ClinicalNote note : notes) {
            List<String> noteWords = Tokenizer.DEFAULT_SPLITTING.split(note.text());
            lengths.add(noteWords.size());
            noteWords.forEach(w -> words.merge(w, 1, Integer::sum));
            note.sections().forEach((s, text) -> {
                if (sectionLengths.containsKey(s)) {
                    sectionLengths.get(s).add(Tokenizer.DEFAULT_SPLITTING.split(text).size());
                }
            });
        }
        Map<Section, Summary> sectionSummaries = new EnumMap<>(Section.class);
        sectionLengths.forEach((s, l) -> sectionSummaries.put(s, Summary.of(l)));
        List<WordCount> top = words.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_WORDS).map(e -> new WordCount(e.getKey(), e.getValue())).toList();
        return new CorpusStats(notes.size(), List.copyOf(lengths), Summary.of(lengths), sectionSummaries, top,
                ordering(notes.stream().map(ClinicalNote::text).toList()));
    }

    /** The case study's analyze_section_ordering, on the headers found in each text. */
    public static Ordering ordering(List<String> texts) {
        Map<Section, Integer> missing = new EnumMap<>(Section.class);
        Section.SOAP.forEach(s -> missing.put(s, 0));
        int correct = 0;
        for (String text : texts) {
            List<Section> order = SectionParser.instance().headers(text).stream().map(SectionParser.HeaderMatch::section).toList();
            boolean inOrder = true;
            for (int i = 1; i < order.size(); i++) {
                inOrder &= order.get(i - 1).compareTo(order.get(i)) < 0;
            }
            if (inOrder) {
                correct++;
            }
            for (Section s : Section.SOAP) {
                if (!order.contains(s)) {
                    missing.merge(s, 1, Integer::sum);
                }
            }
        }
        Map<Section, Double> presence = new EnumMap<>(Section.class);
        int n = texts.size();
        missing.forEach((s, m) -> presence.put(s, n == 0 ? 0.0 : (n - m) / (double) n));
        return new Ordering(n == 0 ? 0.0 : 100.0 * correct / n, missing, presence);
    }

    /** The statistics as pretty JSON (eda.json); the raw length list is left out. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("notes", notes);
        root.put("note_length", noteLength);
        Map<String, Object> sections = new LinkedHashMap<>();
        sectionLengths.forEach((s, v) -> sections.put(s.name(), Map.of("mean", v.mean(), "std", v.std(), "count", v.count())));
        root.put("section_lengths", sections);
        root.put("top_words", topWords);
        Map<String, Object> ord = new LinkedHashMap<>();
        ord.put("correct_order_pct", ordering.correctOrderPct());
        Map<String, Integer> missing = new LinkedHashMap<>();
        ordering.missingSections().forEach((s, v) -> missing.put(s.name(), v));
        Map<String, Double> presence = new LinkedHashMap<>();
        ordering.sectionPresence().forEach((s, v) -> presence.put(s.name(), v));
        ord.put("missing_sections", missing);
        ord.put("section_presence", presence);
        root.put("section_ordering", ord);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
