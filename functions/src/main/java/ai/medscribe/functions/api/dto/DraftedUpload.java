package ai.medscribe.functions.api.dto;

import java.util.List;

/**
 * What the trigger did with one transcript upload: where the draft is, which sections it drafted, and
 * whether the draft already existed (a redelivered event: nothing was written again).
 */
public record DraftedUpload(String bucket, String sourceKey, String outputKey, List<String> sections,
        boolean alreadyCompleted, Provenance provenance) implements UploadAnswer {

    /** How a drafted transcript was made: enough to audit and reproduce it (drafting is greedy). */
    public record Provenance(String model, String modelHash, Integer steps, Double threshold, String time,
            String sourceBucket, String sourceKey, String transcriptSha256) {
    }
}
