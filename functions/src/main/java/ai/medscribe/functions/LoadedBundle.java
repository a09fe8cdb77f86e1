package ai.medscribe.functions;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.ethics.BundleEvidence;
import ai.medscribe.model.ModelKind;

/**
 * A model bundle the functions serve: the loaded model, and its medscribe.json and evaluation.json
 * (null when absent) as JSON, which the ethics report cites.
 */
public record LoadedBundle(ModelBundle model, JsonNode metadata, JsonNode evaluation) {

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
        return ModelInfo.of(model);
    }

    public BundleEvidence evidence() {
        return new BundleEvidence(name(), metadata, evaluation);
    }
}
