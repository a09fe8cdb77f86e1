package ai.medscribe.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model's training notes came from, as the {@code data} step recorded it in filter.json:
 * kept in medscribe.json so the ethics report can cite it.
 *
 * @param source    "synthetic coherent", "synthetic seed", or the file the notes were read from
 * @param style     the synthetic style ("coherent", "seed"), null for the user's notes
 * @param notes     notes kept after filtering (all splits)
 * @param synthetic whether the notes were generated rather than written by clinicians
 */
public record CorpusProvenance(String source, String style, int notes, boolean synthetic) {

    private static final String SYNTHETIC = "synthetic ";

    public static CorpusProvenance unknown() {
        return new CorpusProvenance("unknown", null, 0, false);
    }

    /** Reads {@code filter.json} of a corpus directory written by {@code data}; unknown when absent. */
    public static CorpusProvenance read(Path corpusDir) throws IOException {
        Path filter = corpusDir.resolve(CorpusBuild.FILTER_FILE);
        if (!Files.isRegularFile(filter)) {
            return unknown();
        }
        JsonNode root = new ObjectMapper().readTree(filter.toFile());
        String source = root.path("source").asText("unknown");
        boolean synthetic = source.startsWith(SYNTHETIC);
        return new CorpusProvenance(source, synthetic ? source.substring(SYNTHETIC.length()) : null,
                root.path("kept").asInt(0), synthetic);
    }

    /**
     * Whether checks against the synthetic generator's phrase pools mean something for a model
     * trained on these notes: synthetic notes, or an unrecorded corpus (bundles from before it was
     * recorded were all trained on synthetic notes).
     */
    public boolean phrasePoolsApply() {
        return synthetic || "unknown".equals(source);
    }

    /** The synthetic style, for scoring phrase validity; coherent when unknown. */
    public SyntheticCorpus.Style styleOrDefault() {
        return "seed".equals(style) ? SyntheticCorpus.Style.SEED : SyntheticCorpus.Style.COHERENT;
    }
}
