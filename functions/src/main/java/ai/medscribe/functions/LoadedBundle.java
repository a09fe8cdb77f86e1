package ai.medscribe.functions;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.ethics.BundleEvidence;
import ai.medscribe.model.ModelKind;

/**
 * A model bundle the functions serve: the loaded model, its medscribe.json and evaluation.json
 * (null when absent) as JSON, its model card (MODEL_CARD.md in the bundle directory or beside
 * the bundles; null when absent), which the ethics report cites, and its version (the numbered
 * directory it came from, {@code diffusion/<version>/}, or "unversioned" for the flat layout).
 */
public record LoadedBundle(ModelBundle model, JsonNode metadata, JsonNode evaluation, String modelCard, String version) {

    public static final String MODEL_CARD = "MODEL_CARD.md";

    public LoadedBundle(ModelBundle model, JsonNode metadata, JsonNode evaluation) {
        this(model, metadata, evaluation, null, BundleSource.UNVERSIONED);
    }

    public ModelKind kind() {
        return model.kind();
    }

    /** The bundle directory name under the bundles location: diffusion or autoregressive. */
    public String name() {
        return model.kind().id();
    }

    public String sha256() {
        return model.metadata().sha256();
    }

    public int maxLength() {
        return model.maxLength();
    }

    public ModelInfo info() {
        return ModelInfo.of(model, version);
    }

    public BundleEvidence evidence() {
        return new BundleEvidence(name(), metadata, evaluation, modelCard);
    }
}
