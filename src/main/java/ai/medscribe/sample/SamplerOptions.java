package ai.medscribe.sample;

import ai.medscribe.LowerCaseId;

import java.util.Arrays;

/**
 * Options of the diffusion sampler. Build them from {@link #builder()} (the whole-note defaults) or
 * change one from an existing set with a {@code with...} method. What each option measured, and why
 * the defaults are what they are: {@code docs/sampling.md}.
 *
 * @param steps         denoising steps; after the last one no mask is left. With a {@code threshold}
 *                      this is the most passes a note may take: a step commits at least the even
 *                      schedule's share, so the loop never runs longer
 * @param temperature   softmax temperature of the per-step sampling (> 0)
 * @param seed          seeds the sampling: the same request and seed give the same note
 * @param strategy      which masked positions a step commits ({@link CommitStrategy})
 * @param remaskRepeats send committed tokens back to mask when they repeat a phrase of 2 or more
 *                      words already present in their section, or the word before them (as ReMDM
 *                      remasks), while steps remain; the last {@link #repairSteps()} steps are kept
 *                      for writing them again
 * @param blockLength   semi-autoregressive blocks: commit only within the leftmost blocks that
 *                      still hold masks (0 = the whole note at once)
 * @param trace         keep the canvas after every step
 * @param threshold     confidence-threshold parallel decoding (Fast-dLLM): a step also commits every
 *                      masked position whose sampled token has at least this probability, so
 *                      confident phrases finish in one pass and a note may end in fewer passes than
 *                      {@code steps} (0 = off: exactly the schedule's share per step)
 * @param remaskBelow   ReMDM-style revision: while steps remain, a generated token committed with a
 *                      confidence below this goes back to mask once, so a later pass, seeing more of
 *                      the note, can write it again (0 = off)
 * @param sectionSlack  scaffolds and infills draw each generated section a little longer than its
 *                      training mean and let it end early in padding (removed when the note is
 *                      assembled), instead of forcing content to an exact drawn length
 */
public record SamplerOptions(int steps, float temperature, long seed, Strategy strategy, boolean remaskRepeats,
                             int blockLength, boolean trace, float threshold, float remaskBelow, boolean sectionSlack) {

    /** Which masked positions a step commits; each is a {@link CommitStrategy} of its own. */
    public enum Strategy implements LowerCaseId {
        /** the k positions whose sampled token is most probable ({@link CommitStrategy.Confidence}) */
        CONFIDENCE,
        /** k positions drawn at random, seeded ({@link CommitStrategy.RandomOrder}) */
        RANDOM,
        /** the leftmost masked positions, in order ({@link CommitStrategy.LeftToRight}) */
        LEFT_TO_RIGHT,
        /** every section left to right, all sections at once ({@link CommitStrategy.Frontier}) */
        FRONTIER
    }

    public static final int DEFAULT_STEPS = 20;
    public static final float DEFAULT_TEMPERATURE = 0.7f;
    public static final Strategy DEFAULT_STRATEGY = Strategy.FRONTIER;
    /** Whole notes: a step also commits every word the model is at least this sure of. */
    public static final float DEFAULT_THRESHOLD = 0.75f;
    /**
     * Infilling: off. With the other sections given the model is sure of many words of the missing one
     * at once, and words committed in one pass are written blind to each other.
     */
    public static final float DEFAULT_INFILL_THRESHOLD = 0f;
    public static final float DEFAULT_REMASK_BELOW = 0f;
    /** The most steps kept at the end for rewriting remasked repeats (one per 6 steps, see {@link #repairSteps()}). */
    public static final int MAX_REPAIR_STEPS = 3;

    /**
     * The defaults for whole notes: every section written from its start (the frontier order, the plan
     * after the assessment) with the surest other words, and every word the model is at least
     * {@link #DEFAULT_THRESHOLD} sure of, at temperature {@link #DEFAULT_TEMPERATURE}, repeats remasked
     * and written again in the last steps, sections with slack, no revision. Infilling takes
     * {@link #infillDefaults()}.
     */
    public static SamplerOptions defaults() {
        return builder().build();
    }

    /** The defaults for completing a partial note: the same but without a threshold ({@link #DEFAULT_INFILL_THRESHOLD}). */
    public static SamplerOptions infillDefaults() {
        return builder().threshold(DEFAULT_INFILL_THRESHOLD).build();
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder().steps(steps).temperature(temperature).seed(seed).strategy(strategy)
                .remaskRepeats(remaskRepeats).blockLength(blockLength).trace(trace).threshold(threshold)
                .remaskBelow(remaskBelow).sectionSlack(sectionSlack);
    }

    public SamplerOptions {
        if (steps < 1) {
            throw new InvalidRequestException("steps", "must be >= 1, was " + steps);
        }
        if (!Float.isFinite(temperature) || temperature <= 0f) {
            throw new InvalidRequestException("temperature", "must be finite and > 0, was " + temperature);
        }
        if (blockLength < 0) {
            throw new InvalidRequestException("blockLength", "must be >= 0, was " + blockLength);
        }
        if (!(threshold >= 0f && threshold <= 1f)) {
            throw new InvalidRequestException("threshold", "must be in 0..1 (0 = off), was " + threshold);
        }
        if (!(remaskBelow >= 0f && remaskBelow < 1f)) {
            throw new InvalidRequestException("remaskBelow", "must be in 0..1 (0 = off), was " + remaskBelow);
        }
        if (strategy == null) {
            throw new InvalidRequestException("strategy", "must be one of " + Arrays.toString(Strategy.values()));
        }
    }

    /**
     * With repeats remasked, how many of the last steps the unmasking schedule leaves free: every
     * masked position is committed {@code repairSteps} steps before the last, and those steps only
     * write again what remasking sent back, each seeing the rest of the note (a row with nothing sent
     * back ends sooner). Without them the last step writes the remasked words blind to each other and
     * to the repeat it replaces. One per 6 steps, at most {@link #MAX_REPAIR_STEPS}; none without
     * repeat remasking.
     */
    public int repairSteps() {
        return remaskRepeats ? Math.min(MAX_REPAIR_STEPS, steps / 6) : 0;
    }

    public SamplerOptions withSteps(int newSteps) {
        return toBuilder().steps(newSteps).build();
    }

    public SamplerOptions withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    public SamplerOptions withTrace(boolean newTrace) {
        return toBuilder().trace(newTrace).build();
    }

    public SamplerOptions withRemaskRepeats(boolean remask) {
        return toBuilder().remaskRepeats(remask).build();
    }

    public SamplerOptions withBlockLength(int length) {
        return toBuilder().blockLength(length).build();
    }

    public SamplerOptions withStrategy(Strategy newStrategy) {
        return toBuilder().strategy(newStrategy).build();
    }

    public SamplerOptions withTemperature(float newTemperature) {
        return toBuilder().temperature(newTemperature).build();
    }

    public SamplerOptions withThreshold(float newThreshold) {
        return toBuilder().threshold(newThreshold).build();
    }

    public SamplerOptions withRemaskBelow(float newRemaskBelow) {
        return toBuilder().remaskBelow(newRemaskBelow).build();
    }

    public SamplerOptions withSectionSlack(boolean slack) {
        return toBuilder().sectionSlack(slack).build();
    }

    /** Named options, each starting at its whole-note default; {@link #build()} checks them. */
    public static final class Builder {
        private int steps = DEFAULT_STEPS;
        private float temperature = DEFAULT_TEMPERATURE;
        private long seed;
        private Strategy strategy = DEFAULT_STRATEGY;
        private boolean remaskRepeats = true;
        private int blockLength;
        private boolean trace;
        private float threshold = DEFAULT_THRESHOLD;
        private float remaskBelow = DEFAULT_REMASK_BELOW;
        private boolean sectionSlack = true;

        private Builder() {
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder temperature(float temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder strategy(Strategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder remaskRepeats(boolean remaskRepeats) {
            this.remaskRepeats = remaskRepeats;
            return this;
        }

        public Builder blockLength(int blockLength) {
            this.blockLength = blockLength;
            return this;
        }

        public Builder trace(boolean trace) {
            this.trace = trace;
            return this;
        }

        public Builder threshold(float threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder remaskBelow(float remaskBelow) {
            this.remaskBelow = remaskBelow;
            return this;
        }

        public Builder sectionSlack(boolean sectionSlack) {
            this.sectionSlack = sectionSlack;
            return this;
        }

        public SamplerOptions build() {
            return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, blockLength, trace, threshold,
                    remaskBelow, sectionSlack);
        }
    }
}
