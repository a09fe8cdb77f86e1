package ai.medscribe.functions.api.dto;

import java.util.List;

import ai.medscribe.note.Section;

/**
 * What the trigger did with one upload: where the completed note is, which sections it generated,
 * and whether the output already existed (a redelivered event: nothing was written again).
 */
public record CompletedUpload(String bucket, String sourceKey, String outputKey, List<Section> generated,
        boolean alreadyCompleted, Provenance provenance, String status, List<Section> withheld) implements UploadAnswer {

    /** The model wrote every generated section. */
    public static final String COMPLETED = "completed";
    /** Nothing was generated (the missing sections record observations): the note is not marked completed. */
    public static final String UNCHANGED = "unchanged";

    public CompletedUpload(String bucket, String sourceKey, String outputKey, List<Section> generated,
            boolean alreadyCompleted, Provenance provenance) {
        this(bucket, sourceKey, outputKey, generated, alreadyCompleted, provenance,
                generated.isEmpty() ? UNCHANGED : COMPLETED, List.of());
    }

    /** How the note was made: enough to reproduce and audit it ({@code modelHash} null when no model ran). */
    public record Provenance(String modelHash, int steps, double temperature, long seed, String time,
            String sourceBucket, String sourceKey, String sourceSha256) {
    }
}
