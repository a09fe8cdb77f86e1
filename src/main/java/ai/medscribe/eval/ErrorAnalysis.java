package ai.medscribe.eval;

import ai.medscribe.corpus.PhraseBook;
import ai.medscribe.corpus.PhraseMatcher;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;
import ai.medscribe.text.Tokenizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The case study's {@code categorize_errors} for a generated note:
 * <ul>
 * <li>missing sections: SOAP sections without a header;</li>
 * <li>repetitions, what a reader sees as one: runs of 2+ words that occur twice within one section
 * (each reported once, as its longest run), and a word written twice in a row;</li>
 * <li>truncations: sections that are empty or end part-way through a phrase of their pool;</li>
 * <li>section confusion: a phrase (2+ words) of another section's pool, and not of this one's,
 * found in a section.</li>
 * </ul>
 * The pools are those of both synthetic styles (see {@link PhraseBook}), so truncations and section
 * confusion mean something only for notes of a model trained on synthetic notes; for a model trained
 * on other notes {@link #categorize(String, boolean)} skips them ({@code poolChecks} false), and
 * missing sections and repetitions, which need no pools, are still checked.
 */
public final class ErrorAnalysis {

    /** Content of {@code expected} found under {@code actual}. */
    public record Confusion(Section expected, Section actual, String content) {
    }

    /** {@code poolChecks}: whether truncations and section confusion were checked against the pools. */
    public record Errors(List<Confusion> sectionConfusion, List<String> repetitions, List<Section> missingSections,
            int truncations, boolean poolChecks) {
        public Errors(List<Confusion> sectionConfusion, List<String> repetitions, List<Section> missingSections,
                      int truncations) {
            this(sectionConfusion, repetitions, missingSections, truncations, true);
        }

        public int totalErrors() {
            return sectionConfusion.size() + repetitions.size() + missingSections.size() + truncations;
        }
    }

    private static final int MIN_REPEAT = 2;
    private static final Map<Section, Set<String>> POOLS = pools(PhraseBook.standard());

    private ErrorAnalysis() {
    }

    private static Map<Section, Set<String>> pools(PhraseBook book) {
        Map<Section, Set<String>> pools = new EnumMap<>(Section.class);
        for (Section s : Section.SOAP) {
            Set<String> all = new LinkedHashSet<>();
            for (SyntheticCorpus.Style style : SyntheticCorpus.Style.values()) {
                all.addAll(book.phrases(style, s));
            }
            pools.put(s, all);
        }
        return pools;
    }

    public static Errors categorize(String generatedText) {
        return categorize(generatedText, true);
    }

    /**
     * @param poolChecks whether to check truncations and section confusion against the synthetic
     *                   generator's phrase pools (only meaningful for a model trained on its notes)
     */
    public static Errors categorize(String generatedText, boolean poolChecks) {
        SoapNote note = SectionParser.instance().parse(generatedText);
        List<Section> missing = new ArrayList<>(Section.SOAP);
        missing.removeAll(note.order());
        List<String> repetitions = new ArrayList<>();
        List<Confusion> confusion = new ArrayList<>();
        int truncations = 0;
        for (SoapNote.Part part : note.parts()) {
            List<String> words = Tokenizer.words(part.text());
            repetitions.addAll(repetitions(words));
            if (part.section() == Section.OTHER || !poolChecks) {
                continue;
            }
            if (truncated(POOLS.get(part.section()), words)) {
                truncations++;
            }
            confusion.addAll(confusion(part.section(), words));
        }
        return new Errors(confusion, repetitions, missing, truncations, poolChecks);
    }

    /**
     * Maximal runs of 2+ words that already occurred earlier in the same word list, and words that
     * repeat the word before them ("nightly nightly"), in the order they occur.
     */
    static List<String> repetitions(List<String> words) {
        List<String> found = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).equals(words.get(i - 1))) {
                found.add(words.get(i) + " " + words.get(i));
            }
        }
        int i = 1;
        while (i + MIN_REPEAT <= words.size()) {
            int longest = 0;
            for (int j = 0; j < i; j++) {
                int k = 0;
                while (i + k < words.size() && words.get(j + k).equals(words.get(i + k))) {
                    k++;
                }
                longest = Math.max(longest, k);
            }
            if (longest >= MIN_REPEAT) {
                found.add(String.join(" ", words.subList(i, i + longest)));
                i += longest;
            } else {
                i++;
            }
        }
        return found;
    }

    /** Empty, or ending in the first words of a pool phrase without completing any phrase. */
    static boolean truncated(Set<String> pool, List<String> words) {
        if (words.isEmpty()) {
            return true;
        }
        int n = words.size();
        if (PhraseMatcher.findAll(pool, words).stream().anyMatch(m -> m.end() == n)) {
            return false;
        }
        for (String phrase : pool) {
            List<String> tpl = PhraseMatcher.words(phrase);
            for (int k = 1; k < tpl.size() && k <= n; k++) {
                if (PhraseMatcher.matchesAt(tpl.subList(0, k), words, n - k)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Confusion> confusion(Section actual, List<String> words) {
        List<Confusion> found = new ArrayList<>();
        Set<String> own = POOLS.get(actual);
        for (Section other : Section.SOAP) {
            if (other == actual) {
                continue;
            }
            List<String> foreign = POOLS.get(other).stream()
                    .filter(p -> !own.contains(p) && PhraseMatcher.words(p).size() >= 2).toList();
            for (PhraseMatcher.Match m : PhraseMatcher.findAll(foreign, words)) {
                found.add(new Confusion(other, actual, String.join(" ", words.subList(m.start(), m.end()))));
            }
        }
        return found;
    }
}
