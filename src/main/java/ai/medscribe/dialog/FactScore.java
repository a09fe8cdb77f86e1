package ai.medscribe.dialog;

import ai.medscribe.corpus.PhraseBook;
import ai.medscribe.corpus.PhraseMatcher;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Exact fact metrics of a generated section against the facts of the encounter it was written
 * from ({@link SyntheticDialogue#facts()}).
 *
 * <p><b>Matching.</b> Texts are split as {@link Tokenizer#words} does (lower case, on blanks), and
 * punctuation at either end of a word is dropped ({@code pain.} is {@code pain}, {@code 97%} keeps its
 * sign). The phrase book's templates are found as {@link PhraseMatcher} finds them: every word
 * equal, a number slot matching any number token. The templates searched, in every section's text,
 * are all the book's templates of every section (a fact in the wrong section is still found), and
 * for the ASSESSMENT each condition's name with each of its qualifiers ({@code essential hypertension
 * poorly controlled}) and its bare name ({@code asthma}). A template found inside a longer one found
 * at the same place is not counted again ({@code hypothyroidism} inside {@code history of
 * hypothyroidism on levothyroxine}).
 *
 * <p><b>Numbers</b> ({@link Numbers}): with {@link Numbers#MUST_MATCH}, the default, a fact is only
 * recalled if its numbers are the encounter's ({@code vitals BP 132/84 HR 72 ...} with every number
 * right: one wrong vital makes the vitals phrase a different, hallucinated fact); with
 * {@link Numbers#IGNORED} a number slot matches any number, as in PhraseMatcher, while numbers
 * written into a template ({@code type 2}, {@code phq 9}) must still match.
 *
 * <ul>
 * <li><b>recall</b>: the share of the section's facts that occur in the generated text;</li>
 * <li><b>precision</b>: the share of the facts found in the generated text (distinct) that are the
 *     section's own, a found fact being the section's own if it is one of the section's facts or part
 *     of one (a bare condition name of an assessed condition); undefined (NaN) when no fact is found;</li>
 * <li><b>hallucinated</b>: the found facts that are no fact, nor part of one, of any section of the
 *     encounter (a found fact of another section of the same encounter is misplaced, not hallucinated).</li>
 * </ul>
 */
public final class FactScore {

    /** Whether the numbers in a phrase must be the encounter's. */
    public enum Numbers {
        MUST_MATCH, IGNORED
    }

    /**
     * One section's score.
     *
     * @param recalled the section's facts found in the text
     * @param missed the section's facts not found
     * @param own distinct facts found in the text that are the section's own (as written in the text)
     * @param misplaced found facts that belong to another section of the encounter
     * @param hallucinated found facts that belong to no section of the encounter
     */
    public record Result(MtsHeader header, List<String> recalled, List<String> missed, List<String> own,
            List<String> misplaced, List<String> hallucinated) {

        public Result {
            recalled = List.copyOf(recalled);
            missed = List.copyOf(missed);
            own = List.copyOf(own);
            misplaced = List.copyOf(misplaced);
            hallucinated = List.copyOf(hallucinated);
        }

        public int facts() {
            return recalled.size() + missed.size();
        }

        public int found() {
            return own.size() + misplaced.size() + hallucinated.size();
        }

        /** Recalled over the section's facts; 1 for a section without facts. */
        public double recall() {
            return facts() == 0 ? 1.0 : (double) recalled.size() / facts();
        }

        /** Own over found; NaN when nothing was found. */
        public double precision() {
            return found() == 0 ? Double.NaN : (double) own.size() / found();
        }
    }

    /**
     * Scores summed over notes: recall averaged over every scored section, precision over the sections
     * where a fact was found, hallucinated facts per note.
     */
    public static final class Totals {
        private int notes;
        private int sections;
        private double recallSum;
        private int precisionSections;
        private double precisionSum;
        private int hallucinated;

        /** Adds one note's sections. */
        public Totals add(Collection<Result> note) {
            notes++;
            for (Result r : note) {
                sections++;
                recallSum += r.recall();
                if (r.found() > 0) {
                    precisionSections++;
                    precisionSum += r.precision();
                }
                hallucinated += r.hallucinated().size();
            }
            return this;
        }

        public int notes() {
            return notes;
        }

        public int sections() {
            return sections;
        }

        public double meanRecall() {
            return sections == 0 ? Double.NaN : recallSum / sections;
        }

        /** Mean precision over the sections with a fact found; NaN if there were none. */
        public double meanPrecision() {
            return precisionSections == 0 ? Double.NaN : precisionSum / precisionSections;
        }

        /** How many sections had a fact found (the sections {@link #meanPrecision()} averages). */
        public int precisionSections() {
            return precisionSections;
        }

        public int hallucinatedFacts() {
            return hallucinated;
        }

        public double hallucinatedPerNote() {
            return notes == 0 ? Double.NaN : (double) hallucinated / notes;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "notes %d, sections %d, fact recall %.3f, fact precision %.3f (%d sections), hallucinated facts per note %.3f",
                    notes, sections, meanRecall(), meanPrecision(), precisionSections, hallucinatedPerNote());
        }
    }

    private final Numbers numbers;
    private final List<String> templates;

    public FactScore(PhraseBook book, Numbers numbers) {
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        Set<String> all = new LinkedHashSet<>();
        for (Section s : List.of(Section.HPI, Section.ROS, Section.EXAM, Section.PLAN)) {
            all.addAll(book.phrases(SyntheticCorpus.Style.COHERENT, s));
        }
        for (PhraseBook.Condition c : book.conditions()) {
            all.add(c.name());
            c.variants().forEach(v -> all.add(c.name() + " " + v.qualifier()));
        }
        this.templates = List.copyOf(all);
    }

    /** The shipped phrase book, numbers must match. */
    public static FactScore standard() {
        return new FactScore(PhraseBook.standard(), Numbers.MUST_MATCH);
    }

    public Numbers numbers() {
        return numbers;
    }

    /** The generated text of the section {@code header} against the encounter's facts (every section's). */
    public Result score(MtsHeader header, String generated, Map<MtsHeader, List<String>> encounterFacts) {
        List<String> text = words(generated);
        List<String> sectionFacts = encounterFacts.getOrDefault(header, List.of());
        List<String> recalled = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (String fact : sectionFacts) {
            (occurs(fact, text) ? recalled : missed).add(fact);
        }
        List<List<String>> ownKeys = sectionFacts.stream().map(this::factKey).toList();
        List<List<String>> encounterKeys = new ArrayList<>();
        encounterFacts.values().forEach(list -> list.forEach(f -> encounterKeys.add(factKey(f))));
        List<String> own = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        List<String> hallucinated = new ArrayList<>();
        found(text).forEach((key, written) -> {
            if (containedInAny(key, ownKeys)) {
                own.add(written);
            } else if (containedInAny(key, encounterKeys)) {
                misplaced.add(written);
            } else {
                hallucinated.add(written);
            }
        });
        return new Result(header, recalled, missed, own, misplaced, hallucinated);
    }

    /**
     * Every section of the encounter scored; a section the generated note lacks scores as empty text
     * (recall 0 unless it has no facts).
     */
    public Map<MtsHeader, Result> scoreNote(Map<MtsHeader, String> generated, Map<MtsHeader, List<String>> encounterFacts) {
        Map<MtsHeader, Result> results = new EnumMap<>(MtsHeader.class);
        for (MtsHeader h : encounterFacts.keySet()) {
            results.put(h, score(h, generated.getOrDefault(h, ""), encounterFacts));
        }
        return Collections.unmodifiableMap(results);
    }

    // ---- matching ---------------------------------------------------------------------------------

    /** A text's words: {@link Tokenizer#words}, with punctuation at either end of a word dropped. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : Tokenizer.words(text == null ? "" : text)) {
            String s = w.replaceAll("^[^\\p{Alnum}]+", "").replaceAll("[^\\p{Alnum}%]+$", "");
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** What a fact is compared by: its words, or with numbers ignored, its template's words. */
    private List<String> factKey(String fact) {
        List<String> w = words(fact);
        if (numbers == Numbers.IGNORED) {
            for (String t : templates) {
                List<String> tw = PhraseMatcher.words(t);
                if (tw.size() == w.size() && PhraseMatcher.matchesAt(tw, w, 0)) {
                    return tw;
                }
            }
        }
        return w;
    }

    private boolean occurs(String fact, List<String> text) {
        List<String> key = factKey(fact);
        for (int i = 0; i + key.size() <= text.size(); i++) {
            if (numbers == Numbers.IGNORED ? PhraseMatcher.matchesAt(key, text, i) : text.subList(i, i + key.size()).equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The distinct facts found, by key, each as first written in the text; no match inside a longer one. */
    private Map<List<String>, String> found(List<String> text) {
        List<PhraseMatcher.Match> all = PhraseMatcher.findAll(templates, text);
        Map<List<String>, String> found = new LinkedHashMap<>();
        for (PhraseMatcher.Match m : all) {
            boolean inside = all.stream().anyMatch(o -> o.length() > m.length() && o.start() <= m.start() && o.end() >= m.end());
            if (!inside) {
                List<String> written = text.subList(m.start(), m.end());
                List<String> key = numbers == Numbers.IGNORED ? PhraseMatcher.words(m.template()) : List.copyOf(written);
                found.putIfAbsent(key, String.join(" ", written));
            }
        }
        return found;
    }

    private static boolean containedInAny(List<String> key, List<List<String>> facts) {
        for (List<String> f : facts) {
            for (int i = 0; i + key.size() <= f.size(); i++) {
                if (f.subList(i, i + key.size()).equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
