package ai.medscribe.bundle;

/** The training figures kept in medscribe.json. {@code testPerplexity} is NaN-free: null when not computed. */
public record TrainingSummary(int epochs, int steps, double finalTrainLoss, double finalValLoss, double wallSeconds,
                              Double testPerplexity, String perplexityKind, boolean padAsTarget, long seed,
                              int batchSize, double learningRate, int trainNotes) {
}
