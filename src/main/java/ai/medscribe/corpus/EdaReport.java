package ai.medscribe.corpus;

import ai.medscribe.chart.Charts;
import ai.medscribe.note.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The eda step: reads a corpus folder (the data step's JSONL splits), computes
 * {@link CorpusStats} and writes {@code eda.json} and the case study's charts as PNG.
 */
public final class EdaReport {

    public static final String JSON_FILE = "eda.json";
    public static final List<String> CHARTS = List.of("note_lengths.png", "section_lengths.png", "top_words.png",
            "section_presence.png");

    private EdaReport() {
    }

    /** The notes of a corpus folder: train, val and test JSONL, whichever exist. */
    public static List<ClinicalNote> readCorpus(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("corpus folder " + dir + " does not exist");
        }
        List<ClinicalNote> notes = new ArrayList<>();
        boolean any = false;
        for (String name : List.of(CorpusFiles.TRAIN, CorpusFiles.VAL, CorpusFiles.TEST)) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                any = true;
                notes.addAll(CorpusFiles.readJsonl(file));
            }
        }
        if (!any) {
            throw new IOException("no " + CorpusFiles.TRAIN + ", " + CorpusFiles.VAL + " or " + CorpusFiles.TEST + " in " + dir);
        }
        return notes;
    }

    public static CorpusStats write(Path corpusDir, Path outDir) throws IOException {
        CorpusStats stats = CorpusStats.of(readCorpus(corpusDir));
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve(JSON_FILE), stats.toJson());
        Charts.histogram(outDir.resolve(CHARTS.get(0)), "Distribution of Note Lengths", "Tokens per Note",
                stats.noteLengths(), 30);
        List<String> names = Section.SOAP.stream().map(Section::name).toList();
        Charts.barsWithErrors(outDir.resolve(CHARTS.get(1)), "Section Length Distribution", "Tokens per Section", names,
                Section.SOAP.stream().map(s -> stats.sectionLengths().get(s).mean()).toList(),
                Section.SOAP.stream().map(s -> stats.sectionLengths().get(s).std()).toList());
        Charts.horizontalBars(outDir.resolve(CHARTS.get(2)), "Top 20 Words in Clinical Notes", "Frequency",
                stats.topWords().stream().map(CorpusStats.WordCount::word).toList(),
                stats.topWords().stream().map(CorpusStats.WordCount::count).toList());
        Charts.verticalBars(outDir.resolve(CHARTS.get(3)), "Section Presence", "Fraction of Notes", names,
                Section.SOAP.stream().map(s -> stats.ordering().sectionPresence().get(s)).toList());
        return stats;
    }
}
