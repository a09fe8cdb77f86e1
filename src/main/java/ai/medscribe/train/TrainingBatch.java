package ai.medscribe.train;

/**
 * One batch as fed: model inputs, mask ratios (diffusion), targets and per-position loss weights;
 * for a drafting canvas cut to the batch, each column's position in the full canvas and 1 at its note
 * columns (both null: the full canvas).
 */
public record TrainingBatch(int[][] inputs, float[] t, int[][] targets, float[][] weights, int[] positions,
                            float[] noteMask) {

    public TrainingBatch(int[][] inputs, float[] t, int[][] targets, float[][] weights) {
        this(inputs, t, targets, weights, null, null);
    }

    /** This batch with the columns of a cut drafting canvas. */
    public TrainingBatch withColumns(int[] positions, float[] noteMask) {
        return new TrainingBatch(inputs, t, targets, weights, positions, noteMask);
    }
}
