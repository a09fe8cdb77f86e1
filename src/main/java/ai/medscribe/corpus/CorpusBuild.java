package ai.medscribe.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data step: notes from the synthetic generator or from a file, the filter, and a seeded
 * 80/10/10 split written as train/val/test JSONL plus {@code filter.json} with the filter counts.
 */
public final class CorpusBuild {

    public static final String FILTER_FILE = "filter.json";

    /** Where the notes come from ({@code input} null: the generator) and how they are filtered. */
    public record Options(SyntheticCorpus.Style style, int notes, long seed, double defectFraction, Path input,
            NoteFilter.Limits limits, Path out) {
    }

    /** What the step did. */
    public record Summary(String source, int read, int kept, Map<String, Integer> dropped, int train, int val, int test,
            Path out) {
    }

    private CorpusBuild() {
    }

    public static Summary run(Options o) throws IOException {
        List<ClinicalNote> notes;
        String source;
        if (o.input() != null) {
            if (!Files.isReadable(o.input()) || Files.isDirectory(o.input())) {
                throw new IOException("cannot read input file " + o.input());
            }
            notes = CorpusFiles.readNotes(o.input());
            source = o.input().toString();
        } else {
            notes = new SyntheticCorpus(o.style(), o.defectFraction()).generate(o.notes(), o.seed());
            source = "synthetic " + o.style().id();
        }
        NoteFilter.Result filtered = new NoteFilter(o.limits()).filter(notes);
        CorpusSplit split = CorpusSplit.of(filtered.kept(), o.seed());
        Files.createDirectories(o.out());
        CorpusFiles.writeJsonl(o.out().resolve(CorpusFiles.TRAIN), split.train());
        CorpusFiles.writeJsonl(o.out().resolve(CorpusFiles.VAL), split.val());
        CorpusFiles.writeJsonl(o.out().resolve(CorpusFiles.TEST), split.test());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", source);
        report.put("read", notes.size());
        report.put("kept", filtered.kept().size());
        report.put("dropped", filtered.dropped());
        report.put("limits", o.limits());
        report.put("split", Map.of("train", split.train().size(), "val", split.val().size(), "test", split.test().size(),
                "seed", o.seed()));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o.out().resolve(FILTER_FILE).toFile(), report);
        return new Summary(source, notes.size(), filtered.kept().size(), filtered.dropped(), split.train().size(),
                split.val().size(), split.test().size(), o.out());
    }
}
