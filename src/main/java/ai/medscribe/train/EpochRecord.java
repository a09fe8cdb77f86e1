package ai.medscribe.train;

/** One epoch's figures, as written to training.json. */
public record EpochRecord(int epoch, int step, double trainLoss, double valLoss, double learningRate, double seconds) {
}
