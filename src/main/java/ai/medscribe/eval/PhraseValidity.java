package ai.medscribe.eval;

import ai.medscribe.corpus.PhraseBook;
import ai.medscribe.corpus.PhraseMatcher;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;
import ai.medscribe.text.Tokenizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Phrase validity of synthetic notes: the share of each section's words that segment into
 * phrases of that section's pools (number slots match numbers). Text outside every section
 * counts as invalid words; headers are not counted.
 */
public final class PhraseValidity {

    /** Valid and total words of one note, overall and per section. */
    public record NoteValidity(int validWords, int totalWords, Map<Section, Double> perSection) {
        public double validity() {
            return totalWords == 0 ? 0 : validWords / (double) totalWords;
        }
    }

    /** Validity over many notes: words pooled ({@code overall}) and the mean of the notes' shares. */
    public record Summary(double overall, double meanPerNote, int notes) {
    }

    private final Map<Section, List<String>> pools = new EnumMap<>(Section.class);

    public PhraseValidity(SyntheticCorpus.Style style) {
        this(style, PhraseBook.standard());
    }

    public PhraseValidity(SyntheticCorpus.Style style, PhraseBook book) {
        Section.SOAP.forEach(s -> pools.put(s, book.phrases(style, s)));
    }

    public NoteValidity score(String noteText) {
        int valid = 0;
        int total = 0;
        Map<Section, int[]> counts = new EnumMap<>(Section.class);
        for (SoapNote.Part part : SectionParser.instance().parse(noteText).parts()) {
            List<String> words = Tokenizer.words(part.text());
            int covered = part.section() == Section.OTHER ? 0
                    : PhraseMatcher.bestCover(pools.get(part.section()), words).stream().mapToInt(PhraseMatcher.Match::length).sum();
            valid += covered;
            total += words.size();
            int[] c = counts.computeIfAbsent(part.section(), s -> new int[2]);
            c[0] += covered;
            c[1] += words.size();
        }
        Map<Section, Double> perSection = new EnumMap<>(Section.class);
        counts.forEach((s, c) -> perSection.put(s, c[1] == 0 ? 1.0 : c[0] / (double) c[1]));
        return new NoteValidity(valid, total, perSection);
    }

    public Summary score(List<String> noteTexts) {
        long valid = 0;
        long total = 0;
        double sum = 0;
        for (String text : noteTexts) {
            NoteValidity v = score(text);
            valid += v.validWords();
            total += v.totalWords();
            sum += v.validity();
        }
        return new Summary(total == 0 ? 0 : valid / (double) total, noteTexts.isEmpty() ? 0 : sum / noteTexts.size(),
                noteTexts.size());
    }
}
