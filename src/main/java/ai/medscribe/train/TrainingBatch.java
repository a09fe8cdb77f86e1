package ai.medscribe.train;

/** One batch as fed: model inputs, mask ratios (diffusion), targets and per-position loss weights. */
public record TrainingBatch(int[][] inputs, float[] t, int[][] targets, float[][] weights) {
}
