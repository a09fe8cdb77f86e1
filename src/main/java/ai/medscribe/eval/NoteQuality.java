package ai.medscribe.eval;

import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.text.Tokenizer;

import java.util.List;

/**
 * Quality of a set of generated notes, each scored against the reference at the same index.
 *
 * @param rougeL         mean ROUGE-L F1 against the references
 * @param structureRate  share of notes with all five sections once each, in SOAP order
 * @param phraseValidity share of words that segment into their section's phrases (pooled)
 * @param repetitionRate share of notes repeating a 3+ word phrase within a section
 * @param planCoherence  share of notes whose PLAN fits the assessed conditions
 * @param missingRate    share of notes missing at least one section
 * @param truncationRate share of notes with a truncated phrase
 * @param confusionRate  share of notes with a phrase under the wrong section
 * @param meanTokens     mean length in words
 */
public record NoteQuality(int notes, double rougeL, double structureRate, double phraseValidity, double repetitionRate,
                          double planCoherence, double missingRate, double truncationRate, double confusionRate,
                          double meanTokens) {

    public static NoteQuality of(List<String> generated, List<String> references, SyntheticCorpus.Style style) {
        PhraseValidity validity = new PhraseValidity(style);
        int n = generated.size();
        double rouge = 0;
        int structured = 0;
        int repeated = 0;
        int coherent = 0;
        int missing = 0;
        int truncated = 0;
        int confused = 0;
        double tokens = 0;
        for (int i = 0; i < n; i++) {
            String text = generated.get(i);
            if (!references.isEmpty()) {
                rouge += RougeL.score(text, references.get(i % references.size())).f1();
            }
            structured += StructureCheck.check(text).allSectionsInOrder() ? 1 : 0;
            ErrorAnalysis.Errors errors = ErrorAnalysis.categorize(text);
            repeated += errors.repetitions().isEmpty() ? 0 : 1;
            missing += errors.missingSections().isEmpty() ? 0 : 1;
            truncated += errors.truncations() > 0 ? 1 : 0;
            confused += errors.sectionConfusion().isEmpty() ? 0 : 1;
            coherent += PlanCoherence.check(text).coherent() ? 1 : 0;
            tokens += Tokenizer.words(text).size();
        }
        double d = Math.max(1, n);
        return new NoteQuality(n, rouge / d, structured / d, validity.score(generated).overall(), repeated / d,
                coherent / d, missing / d, truncated / d, confused / d, tokens / d);
    }
}
