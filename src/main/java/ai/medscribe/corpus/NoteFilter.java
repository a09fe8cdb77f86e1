package ai.medscribe.corpus;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.text.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The case study's {@code filter_notes}: a note is kept when its length in whitespace tokens is
 * within [min, max], it holds at least {@code minSections} distinct SOAP sections, and no section
 * holds more than 60% of its tokens. Each dropped note counts once, under the first rule it breaks.
 */
public final class NoteFilter {

    public static final String TOO_SHORT = "too_short";
    public static final String TOO_LONG = "too_long";
    public static final String TOO_FEW_SECTIONS = "too_few_sections";
    public static final String SECTION_IMBALANCE = "section_imbalance";
    public static final double MAX_SECTION_SHARE = 0.6;

    /** Length limits in tokens and the least number of distinct sections. */
    public record Limits(int minTokens, int maxTokens, int minSections) {
        /** The data command's defaults: 128 is the models' maximum length. */
        public static final Limits DEFAULT = new Limits(50, 128, 3);

        public Limits {
            if (minTokens < 0 || maxTokens < minTokens || minSections < 0 || minSections > Section.SOAP.size()) {
                throw new IllegalArgumentException("bad filter limits: min " + minTokens + ", max " + maxTokens
                        + ", min sections " + minSections);
            }
        }
    }

    /** The kept notes and, for every reason, how many notes it dropped. */
    public record Result(List<ClinicalNote> kept, Map<String, Integer> dropped) {
        public int droppedTotal() {
            return dropped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Limits limits;

    public NoteFilter(Limits limits) {
        this.limits = limits;
    }

    public Result filter(List<ClinicalNote> notes) {
        Map<String, Integer> dropped = new LinkedHashMap<>();
        for (String reason : List.of(TOO_SHORT, TOO_LONG, TOO_FEW_SECTIONS, SECTION_IMBALANCE)) {
            dropped.put(reason, 0);
        }
        List<ClinicalNote> kept = new ArrayList<>();
        for (ClinicalNote note : notes) {
            String reason = dropReason(note.text());
            if (reason == null) {
                kept.add(note);
            } else {
                dropped.merge(reason, 1, Integer::sum);
            }
        }
        return new Result(List.copyOf(kept), dropped);
    }

    /** The first rule the note breaks, or null when it passes. */
    public String dropReason(String text) {
        int tokens = Tokenizer.words(text).size();
        if (tokens < limits.minTokens()) {
            return TOO_SHORT;
        }
        if (tokens > limits.maxTokens()) {
            return TOO_LONG;
        }
        Map<Section, Integer> sectionTokens = new java.util.EnumMap<>(Section.class);
        SectionParser.instance().parse(text).parts().stream().filter(p -> p.section() != Section.OTHER)
                .forEach(p -> sectionTokens.merge(p.section(), Tokenizer.words(p.text()).size(), Integer::sum));
        if (sectionTokens.size() < limits.minSections()) {
            return TOO_FEW_SECTIONS;
        }
        for (int n : sectionTokens.values()) {
            if (n > MAX_SECTION_SHARE * tokens) {
                return SECTION_IMBALANCE;
            }
        }
        return null;
    }
}
