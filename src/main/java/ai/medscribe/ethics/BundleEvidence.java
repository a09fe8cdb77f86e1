package ai.medscribe.ethics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one loaded bundle says about itself: its name ("diffusion", "autoregressive"), its
 * {@code medscribe.json}, its {@code evaluation.json} (null when the bundle has none yet) and its
 * model card's text (null when there is none).
 */
public record BundleEvidence(String model, JsonNode metadata, JsonNode evaluation, String modelCard) {

    public BundleEvidence(String model, JsonNode metadata, JsonNode evaluation) {
        this(model, metadata, evaluation, null);
    }
}
