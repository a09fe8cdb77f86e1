package ai.medscribe.functions.bundles;

import ai.medscribe.functions.api.dto.ModelInfo;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.bundle.EvaluationSummary;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.ethics.BundleEvidence;
import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.NoteSampler;

/**
 * A model bundle the functions serve: the loaded model (whose medscribe.json it parsed), its
 * sampler (built once, at load, and used by every request), the headline of its evaluation.json
 * (null when absent), its model card (MODEL_CARD.md in the bundle directory or beside the bundles;
 * null when absent), which the ethics report cites, and its version (the numbered directory it
 * came from, {@code diffusion/<version>/}, or "unversioned" for the flat layout).
 */
public record LoadedBundle(ModelBundle model, NoteSampler sampler, EvaluationSummary evaluation, String modelCard,
        String version) {

    public static final String MODEL_CARD = "MODEL_CARD.md";

    public ModelKind kind() {
        return model.kind();
    }

    /** The bundle directory name under the bundles location: diffusion or autoregressive. */
    public String name() {
        return model.kind().id();
    }

    /** The diffusion sampler, for what only it does (shared batches, step listeners); fails for the baseline. */
    public NoteGenerator diffusion() {
        if (sampler instanceof NoteGenerator generator) {
            return generator;
        }
        throw new IllegalStateException("the " + name() + " bundle is not a diffusion model");
    }

    public BundleMetadata metadata() {
        return model.metadata();
    }

    /**
     * Whether the note checks that need the synthetic generator's phrase pools (truncations, section
     * confusion) apply: the bundle records a synthetic corpus, or (older bundles) no corpus at all.
     */
    public boolean poolChecks() {
        var corpus = model.metadata().corpus();
        return corpus == null || corpus.phrasePoolsApply();
    }

    /** The synthetic style the bundle was trained on (coherent when unrecorded), for the benchmark's references. */
    public SyntheticCorpus.Style corpusStyle() {
        var corpus = model.metadata().corpus();
        return corpus == null ? SyntheticCorpus.Style.COHERENT : corpus.styleOrDefault();
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
