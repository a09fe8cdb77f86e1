package ai.medscribe.ethics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one loaded bundle says about itself: its name ("diffusion", "autoregressive"), its
 * {@code medscribe.json} and its {@code evaluation.json} (null when the bundle has none yet).
 */
public record BundleEvidence(String model, JsonNode metadata, JsonNode evaluation) {
}
