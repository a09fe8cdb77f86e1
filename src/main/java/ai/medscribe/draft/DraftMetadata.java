package ai.medscribe.draft;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.Map;

/**
 * A drafting bundle's {@code medscribe.json}: the model's kind, preset and config; the section
 * control tokens and their ids; the note length in tokens (90th percentile of the training
 * sections) per control, which the sampler's canvas takes; the training summary; the SHA-256 of every
 * file and one digest over them all ({@code modelHash}).
 */
public record DraftMetadata(String format,
                            @JsonSerialize(converter = ModelKind.ToId.class)
                            @JsonDeserialize(converter = ModelKind.FromId.class) ModelKind modelType,
                            String preset, ModelConfig config,
                            Map<String, Integer> controls, Map<String, Integer> noteLengths, long parameterCount,
                            Training training, Map<String, String> files, String modelHash) {

    public static final String FORMAT = "medscribe-draft-1";

    /**
     * What the run did: pairs, epochs, wall time, final losses, where the data came from, and the line
     * put before its synthetic transcripts ({@code syntheticTag}; null when there were none, or untagged).
     */
    public record Training(int trainPairs, int validationPairs, int epochs, double wallSeconds, double finalTrainLoss,
                           double finalValLoss, String data, int truncatedTranscripts, int truncatedSections,
                           String syntheticTag) {
    }
}
