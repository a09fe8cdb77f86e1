package ai.medscribe.functions;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.bundle.EvaluationSummary;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.ethics.BundleEvidence;
import ai.medscribe.model.ModelKind;

/**
 * A model bundle the functions serve: the loaded model (whose medscribe.json it parsed), the
 * headline of its evaluation.json (null when absent), its model card (MODEL_CARD.md in the bundle
 * directory or beside the bundles; null when absent), which the ethics report cites, and its
 * version (the numbered directory it came from, {@code diffusion/<version>/}, or "unversioned" for
 * the flat layout).
 */
public record LoadedBundle(ModelBundle model, EvaluationSummary evaluation, String modelCard, String version) {

    public static final String MODEL_CARD = "MODEL_CARD.md";

    public ModelKind kind() {
        return model.kind();
    }

    /** The bundle directory name under the bundles location: diffusion or autoregressive. */
    public String name() {
        return model.kind().id();
    }

    public BundleMetadata metadata() {
        return model.metadata();
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
        return new BundleEvidence(name(), model.metadata(), evaluation, modelCard);
    }
}
