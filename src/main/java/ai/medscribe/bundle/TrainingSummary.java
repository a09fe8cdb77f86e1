package ai.medscribe.bundle;

/** The training figures kept in medscribe.json; {@code testPerplexity} is null when no test split was given. */
public record TrainingSummary(int epochs, int steps, double finalTrainLoss, double finalValLoss, double wallSeconds,
                              Double testPerplexity, String perplexityKind, boolean padAsTarget, long seed,
                              int batchSize, double learningRate, int trainNotes) {
}
