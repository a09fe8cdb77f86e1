package ai.medscribe.ethics;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.bundle.EvaluationSummary;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one loaded bundle says about itself: its name ("diffusion", "autoregressive"), its
 * {@code medscribe.json}, the headline of its {@code evaluation.json} (null when the bundle has none
 * yet) and its model card's text (null when there is none).
 */
public record BundleEvidence(String model, BundleMetadata metadata, EvaluationSummary evaluation, String modelCard) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public BundleEvidence(String model, BundleMetadata metadata, EvaluationSummary evaluation) {
        this(model, metadata, evaluation, null);
    }

    /** Evidence from the files' parsed JSON (either may be null); a medscribe.json that does not bind counts as absent. */
    public BundleEvidence(String model, JsonNode metadata, JsonNode evaluation, String modelCard) {
        this(model, metadataOf(metadata), EvaluationSummary.of(evaluation), modelCard);
    }

    public BundleEvidence(String model, JsonNode metadata, JsonNode evaluation) {
        this(model, metadata, evaluation, null);
    }

    private static BundleMetadata metadataOf(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        try {
            return JSON.treeToValue(tree, BundleMetadata.class);
        } catch (Exception e) {
            return null;
        }
    }
}
