package ai.medscribe.bundle;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token length statistics of one section over the notes that have it (header token included). */
public record LengthStats(double mean, double std, int min, int max, int notes) {

    /**
     * Per-section statistics (keys: section names) of token lengths as {@code tokenizer} splits them
     * (what the sections take on the canvas), labelled by the section parser.
     */
    public static Map<String, LengthStats> perSection(List<String> texts, Tokenizer tokenizer) {
        Map<Section, List<Integer>> lengths = new LinkedHashMap<>();
        for (String text : texts) {
            Map<Section, Integer> counts = new LinkedHashMap<>();
            for (Section s : SectionParser.instance().tokenSections(text, w -> tokenizer.split(w).size())) {
                counts.merge(s, 1, Integer::sum);
            }
            counts.forEach((s, n) -> lengths.computeIfAbsent(s, k -> new ArrayList<>()).add(n));
        }
        Map<String, LengthStats> out = new LinkedHashMap<>();
        lengths.forEach((s, values) -> out.put(s.name(), of(values)));
        return out;
    }

    static LengthStats of(List<Integer> values) {
        double mean = values.stream().mapToInt(Integer::intValue).average().orElse(0);
        double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
        return new LengthStats(mean, Math.sqrt(var), values.stream().mapToInt(Integer::intValue).min().orElse(0),
                values.stream().mapToInt(Integer::intValue).max().orElse(0), values.size());
    }
}
