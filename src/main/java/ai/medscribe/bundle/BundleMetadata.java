package ai.medscribe.bundle;

import ai.medscribe.corpus.CorpusProvenance;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.Map;

/**
 * medscribe.json: what the model is, how it was trained, and a SHA-256 of every exported file
 * ({@code files}, relative path to hex digest) and of them all together ({@code sha256}). The kind is
 * written as its id ({@code "diffusion"}), as every bundle on disk has it.
 */
public record BundleMetadata(String format,
                             @JsonSerialize(converter = ModelKind.ToId.class)
                             @JsonDeserialize(converter = ModelKind.FromId.class) ModelKind modelType,
                             String preset, ModelConfig config,
                             Map<String, Integer> specialTokens, Map<String, Integer> headerTokens, int maxLength,
                             Map<String, LengthStats> sectionLengths, long parameterCount, TrainingSummary training,
                             Map<String, String> files, String sha256,
                             CorpusProvenance corpus) {

    public static final String FILE_NAME = "medscribe.json";
    public static final String FORMAT = "medscribe-bundle/1";
}
