package ai.medscribe.train;

/**
 * Trainer settings. {@code padAsTarget} false reproduces the case study (padding never masked).
 * {@code warmupSteps} below 0 means the preset's default. {@code beta2} is Adam's second-moment decay.
 * {@code sectionMasking} is the share of diffusion training sequences that mask whole sections
 * (content only; headers, the other sections and padding visible: the layouts that scaffold and
 * infill denoise) instead of masking every position with the same probability; {@code stratifiedT}
 * spreads the batch's mask ratios evenly over (0.02, 1] (a low-discrepancy draw) instead of drawing
 * each independently. {@code initFrom} (may be null) is a trained bundle of the same shape whose weights
 * the model starts from instead of a random draw, the optimizer state fresh: an AR bundle for a diffusion
 * model (its time conditioning starts fresh; the model then needs
 * {@link ai.medscribe.model.ModelConfig#shiftedOutput()}), or a bundle of the model's own kind to
 * fine-tune it on other data.
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double minLearningRate,
                              int warmupSteps, long seed, boolean padAsTarget, boolean resume,
                              double beta2, double sectionMasking, boolean stratifiedT, java.nio.file.Path initFrom) {

    /** The diffusion recipe ({@code docs/training.md}, "The diffusion recipe"): peak rate 1e-3, beta2 0.98, a quarter section-masked, stratified t. */
    public static final double DIFFUSION_LEARNING_RATE = 1e-3;
    public static final double DIFFUSION_BETA2 = 0.98;
    public static final double DIFFUSION_SECTION_MASKING = 0.25;
    /** Peak rate of a diffusion model that starts from the AR baseline's weights (a fine-tune: below the scratch rate). */
    public static final double WARM_START_LEARNING_RATE = 5e-4;
    /** The AR baseline's recipe, and the diffusion recipe before the section-masked one. */
    public static final double BASELINE_LEARNING_RATE = 3e-4;
    public static final double BASELINE_BETA2 = 0.999;

    public TrainingOptions(int epochs, int batchSize, double learningRate, double minLearningRate, int warmupSteps,
                           long seed, boolean padAsTarget, boolean resume, double beta2, double sectionMasking,
                           boolean stratifiedT) {
        this(epochs, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, resume, beta2,
                sectionMasking, stratifiedT, null);
    }

    public TrainingOptions {
        if (beta2 <= 0 || beta2 >= 1) {
            throw new IllegalArgumentException("beta2 must be in (0, 1), got " + beta2);
        }
        if (sectionMasking < 0 || sectionMasking > 1) {
            throw new IllegalArgumentException("section masking share must be in [0, 1], got " + sectionMasking);
        }
    }

    /** The recipe before the section-masked one: beta2 0.999, uniform masking only, independent t. */
    public TrainingOptions(int epochs, int batchSize, double learningRate, double minLearningRate, int warmupSteps,
                           long seed, boolean padAsTarget, boolean resume) {
        this(epochs, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, resume,
                BASELINE_BETA2, 0, false);
    }

    public static TrainingOptions defaults(int epochs) {
        return new TrainingOptions(epochs, 64, BASELINE_LEARNING_RATE, 1e-5, -1, 42L, true, false);
    }

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(e, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, resume,
                beta2, sectionMasking, stratifiedT, initFrom);
    }

    public TrainingOptions withResume(boolean r) {
        return new TrainingOptions(epochs, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, r,
                beta2, sectionMasking, stratifiedT, initFrom);
    }

    public TrainingOptions withRecipe(double beta2, double sectionMasking, boolean stratifiedT) {
        return new TrainingOptions(epochs, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, resume,
                beta2, sectionMasking, stratifiedT, initFrom);
    }

    /** Starts the diffusion model from the AR bundle in {@code arBundle} (null: a random draw). */
    public TrainingOptions withInitFrom(java.nio.file.Path arBundle) {
        return new TrainingOptions(epochs, batchSize, learningRate, minLearningRate, warmupSteps, seed, padAsTarget, resume,
                beta2, sectionMasking, stratifiedT, arBundle);
    }
}
