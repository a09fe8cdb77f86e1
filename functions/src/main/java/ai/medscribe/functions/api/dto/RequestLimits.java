package ai.medscribe.functions.api.dto;

/**
 * The bounds requests are checked against. {@code maxLength} is the loaded model's maximum
 * sequence length (from its medscribe.json), or the configured default before bundles load.
 * {@code maxInfillNotes} bounds the notes of one list infill ({@code medscribe.infill.max-notes}).
 */
public record RequestLimits(int maxLength, int maxCount, int maxNoteChars, int maxSamples, int maxStepCounts,
        double maxTemperature, int maxBenchmarkPasses, int maxInfillNotes) {
}
