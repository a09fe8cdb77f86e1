package ai.medscribe.functions.service;

import jakarta.enterprise.context.ApplicationScoped;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.bundles.LoadedBundle;
import ai.medscribe.functions.api.dto.RequestLimits;
import ai.medscribe.functions.config.MedscribeConfig;
import ai.medscribe.model.ModelKind;

/** The current {@link RequestLimits}: configured bounds, and the loaded model's maximum length. */
@ApplicationScoped
public class Limits {

    private final BundleRegistry registry;
    private final MedscribeConfig.Limits limits;
    private final int maxInfillNotes;

    public Limits(BundleRegistry registry, MedscribeConfig config) {
        this.registry = registry;
        this.limits = config.limits();
        this.maxInfillNotes = config.infill().maxNotes();
    }

    public RequestLimits current() {
        int maxLength = registry.bundle(ModelKind.DIFFUSION).map(LoadedBundle::maxLength).orElse(limits.maxLength());
        return new RequestLimits(maxLength, limits.maxCount(), limits.maxNoteChars(), limits.maxSamples(),
                limits.maxStepCounts(), limits.maxTemperature(), limits.maxBenchmarkPasses(), maxInfillNotes);
    }
}
