package ai.medscribe.functions;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.ethics.BundleEvidence;

/**
 * A loaded model bundle as the functions see it: its name (diffusion|autoregressive), directory,
 * medscribe.json, evaluation.json (null if absent), content hash and maximum sequence length.
 */
public record BundleDescriptor(String name, Path directory, JsonNode metadata, JsonNode evaluation, String sha256,
        int maxLength) {

    public BundleEvidence evidence() {
        return new BundleEvidence(name, metadata, evaluation);
    }
}
