package ai.medscribe.functions;

import java.util.List;

import ai.medscribe.note.Section;

/**
 * What the trigger did with one upload: where the completed note is, which sections it generated,
 * and whether the output already existed (a redelivered event: nothing was written again).
 */
public record CompletedUpload(String bucket, String sourceKey, String outputKey, List<Section> generated,
        boolean alreadyCompleted, Provenance provenance) {

    /** How the note was made: enough to reproduce and audit it. */
    public record Provenance(String modelHash, int steps, double temperature, long seed, String time,
            String sourceBucket, String sourceKey, String sourceSha256) {
    }
}
