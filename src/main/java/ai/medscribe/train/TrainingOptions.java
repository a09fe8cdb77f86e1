package ai.medscribe.train;

/**
 * Trainer settings. {@code padAsTarget} false reproduces the case study (padding never masked).
 * {@code warmupSteps} below 0 means the preset's default.
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double minLearningRate,
                              int warmupSteps, long seed, boolean padAsTarget, boolean resume) {

    public static TrainingOptions defaults(int epochs) {
        return new TrainingOptions(epochs, 64, 3e-4, 1e-5, -1, 42L, true, false);
    }

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(e, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, resume);
    }

    public TrainingOptions withResume(boolean r) {
        return new TrainingOptions(epochs, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, r);
    }
}
