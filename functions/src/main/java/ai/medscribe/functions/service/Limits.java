package ai.medscribe.functions.service;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.bundles.LoadedBundle;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ai.medscribe.model.ModelKind;

/** The current {@link RequestLimits}: configured bounds, and the loaded model's maximum length. */
@ApplicationScoped
public class Limits {

    @ConfigProperty(name = "medscribe.limits.max-length", defaultValue = "128")
    int defaultMaxLength;
    @ConfigProperty(name = "medscribe.limits.max-count", defaultValue = "16")
    int maxCount;
    @ConfigProperty(name = "medscribe.limits.max-note-chars", defaultValue = "8000")
    int maxNoteChars;
    @ConfigProperty(name = "medscribe.limits.max-samples", defaultValue = "64")
    int maxSamples;
    @ConfigProperty(name = "medscribe.limits.max-step-counts", defaultValue = "8")
    int maxStepCounts;
    @ConfigProperty(name = "medscribe.limits.max-temperature", defaultValue = "10")
    double maxTemperature;
    @ConfigProperty(name = "medscribe.limits.max-benchmark-passes", defaultValue = "2000")
    int maxBenchmarkPasses;
    @ConfigProperty(name = "medscribe.infill.max-notes", defaultValue = "16")
    int maxInfillNotes;

    private final BundleRegistry registry;

    public Limits(BundleRegistry registry) {
        this.registry = registry;
    }

    public RequestLimits current() {
        int maxLength = registry.bundle(ModelKind.DIFFUSION).map(LoadedBundle::maxLength).orElse(defaultMaxLength);
        return new RequestLimits(maxLength, maxCount, maxNoteChars, maxSamples, maxStepCounts, maxTemperature,
                maxBenchmarkPasses, maxInfillNotes);
    }
}
