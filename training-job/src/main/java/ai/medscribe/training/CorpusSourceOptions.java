package ai.medscribe.training;

import ai.medscribe.corpus.SyntheticCorpus;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --style}, {@code --notes} and {@code --input}: where the notes come from, shared by {@code data} and {@code all}. */
public class CorpusSourceOptions {

    @Option(names = "--style", defaultValue = "coherent", converter = OptionWords.Styles.class,
            completionCandidates = OptionWords.Styles.class,
            description = "Synthetic corpus style: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SyntheticCorpus.Style style;

    @Option(names = "--notes", defaultValue = "5000", description = "Number of synthetic notes (default: ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--input", description = "Read notes from this file instead of generating them: JSONL of {\"text\": ...} or MIMIC-III NOTEEVENTS.csv; "
            + "data also reads an MTS-Dialog CSV (conversation/section pairs) as is.")
    Path input;
}
