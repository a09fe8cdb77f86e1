package ai.medscribe.bundle;

/**
 * The training figures kept in medscribe.json; {@code testPerplexity} is null when no test split was
 * given. {@code beta2}, {@code sectionMasking} and {@code stratifiedT} name the diffusion recipe
 * (null in bundles written before they were recorded). {@code initFrom} names the AR bundle (by its
 * SHA-256) the diffusion model started from, null for a random start.
 */
public record TrainingSummary(int epochs, int steps, double finalTrainLoss, double finalValLoss, double wallSeconds,
                              Double testPerplexity, String perplexityKind, boolean padAsTarget, long seed,
                              int batchSize, double learningRate, int trainNotes, Double beta2,
                              Double sectionMasking, Boolean stratifiedT, String initFrom) {

    public TrainingSummary(int epochs, int steps, double finalTrainLoss, double finalValLoss, double wallSeconds,
                           Double testPerplexity, String perplexityKind, boolean padAsTarget, long seed,
                           int batchSize, double learningRate, int trainNotes, Double beta2,
                           Double sectionMasking, Boolean stratifiedT) {
        this(epochs, steps, finalTrainLoss, finalValLoss, wallSeconds, testPerplexity, perplexityKind, padAsTarget, seed,
                batchSize, learningRate, trainNotes, beta2, sectionMasking, stratifiedT, null);
    }

    public TrainingSummary(int epochs, int steps, double finalTrainLoss, double finalValLoss, double wallSeconds,
                           Double testPerplexity, String perplexityKind, boolean padAsTarget, long seed,
                           int batchSize, double learningRate, int trainNotes) {
        this(epochs, steps, finalTrainLoss, finalValLoss, wallSeconds, testPerplexity, perplexityKind, padAsTarget, seed,
                batchSize, learningRate, trainNotes, null, null, null, null);
    }
}
