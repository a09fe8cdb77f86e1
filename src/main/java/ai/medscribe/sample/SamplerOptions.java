package ai.medscribe.sample;

/**
 * Options of the diffusion sampler.
 *
 * @param steps         denoising steps; after the last one no mask is left. With a {@code threshold}
 *                      this is the most passes a note may take: a step commits at least the even
 *                      schedule's share, so the loop never runs longer
 * @param temperature   softmax temperature of the per-step sampling (> 0)
 * @param seed          seeds the sampling: the same request and seed give the same note
 * @param strategy      which masked positions a step commits
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

    /** Which masked positions a step commits. */
    public enum Strategy {
        /** the k positions whose sampled token is most probable */
        CONFIDENCE,
        /** k positions drawn at random (seeded) */
        RANDOM,
        /**
         * the leftmost masked positions, in order: the schedule's k, and with a threshold every
         * following masked position whose sampled token is at least that probable, up to the first
         * that is not (a chain the model is sure of, written in one pass)
         */
        LEFT_TO_RIGHT,
        /**
         * every section left to right, all sections at once: each step commits the first masked
         * position after every written run (in a scaffold, the next word of every section; the PLAN
         * after the ASSESSMENT), and when the schedule's k asks for more, the most confident of the
         * other masked positions
         */
        FRONTIER
    }

    public static final int DEFAULT_STEPS = 20;
    public static final float DEFAULT_TEMPERATURE = 0.7f;
    public static final Strategy DEFAULT_STRATEGY = Strategy.FRONTIER;
    /**
     * Whole notes: measured on the shipped bundle (500 test notes, at most 20 steps, temperature 0.7, the
     * repair steps; the confidence is the model's own probability of the sampled word), 0.75 writes a
     * note in 14.2 passes instead of 17.0 at the same quality (validity 0.952 against 0.958, coherent
     * PLAN 0.88 against 0.85). The README's threshold sweep has the figures.
     */
    public static final float DEFAULT_THRESHOLD = 0.75f;
    /**
     * Infilling: off. With the other sections given the model is sure of many words of the missing one
     * at once, and words committed in one pass are written blind to each other: a PLAN rewritten from
     * the other four sections falls from 0.988 to 0.898 validity at 0.75 (200 test notes).
     */
    public static final float DEFAULT_INFILL_THRESHOLD = 0f;
    public static final float DEFAULT_REMASK_BELOW = 0f;
    /** The most steps kept at the end for rewriting remasked repeats (one per 6 steps, see {@link #repairSteps()}). */
    public static final int MAX_REPAIR_STEPS = 3;
    /** The temperature of the samplers before the frontier order (kept by their comparison rows). */
    static final float EARLIER_TEMPERATURE = 0.8f;

    /**
     * The measured best combination for whole notes (see the README's evaluation section): every
     * section written from its start (the frontier order, the plan after the assessment) with the
     * surest other words, and every word the model is at least 75% sure of, at temperature 0.7,
     * repeats remasked and written again in the last steps, sections with slack, no revision (it
     * sends written words back behind the frontier). Infilling takes {@link #infillDefaults()}.
     */
    public static SamplerOptions defaults() {
        return new SamplerOptions(DEFAULT_STEPS, DEFAULT_TEMPERATURE, 0L, DEFAULT_STRATEGY, true, 0, false,
                DEFAULT_THRESHOLD, DEFAULT_REMASK_BELOW, true);
    }

    /** The defaults for completing a partial note: the same but without a threshold ({@link #DEFAULT_INFILL_THRESHOLD}). */
    public static SamplerOptions infillDefaults() {
        return defaults().withThreshold(DEFAULT_INFILL_THRESHOLD);
    }

    /**
     * The default from issue 9 until the frontier order replaced it: the k most confident positions
     * anywhere, temperature 0.8, repeats remasked, unsure words below 0.3 revised, sections with slack.
     */
    public static SamplerOptions confidenceDefaults() {
        return new SamplerOptions(DEFAULT_STEPS, EARLIER_TEMPERATURE, 0L, Strategy.CONFIDENCE, true, 0, false, 0f, 0.3f,
                true);
    }

    /**
     * One word per step from left to right (nothing remasked), the autoregressive baseline's order:
     * with {@code temperature} 1 its notes show what the model knows in that order, beside the
     * baseline's own at temperature 1 and the exact sampler's random order.
     */
    public static SamplerOptions leftToRight(int steps, float temperature) {
        return new SamplerOptions(steps, temperature, 0L, Strategy.LEFT_TO_RIGHT, false, 0, false, 0f, 0f, false);
    }

    /** The sampler before issue 9: the even schedule only, no revision, exact section lengths. */
    public static SamplerOptions previousDefaults() {
        return new SamplerOptions(DEFAULT_STEPS, EARLIER_TEMPERATURE, 0L, Strategy.CONFIDENCE, true, 0, false, 0f, 0f, false);
    }

    /**
     * The exact sampler of a masked diffusion model: one token per step in random order at temperature
     * 1, nothing remasked; its notes show what the model itself has learned.
     */
    public static SamplerOptions exact(int steps) {
        return new SamplerOptions(steps, 1f, 0L, Strategy.RANDOM, false, 0, false, 0f, 0f, false);
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
            strategy = Strategy.CONFIDENCE;
        }
    }

    /** Options with the even schedule only (no threshold, no revision, exact section lengths). */
    public SamplerOptions(int steps, float temperature, long seed, Strategy strategy, boolean remaskRepeats,
                          int blockLength, boolean trace) {
        this(steps, temperature, seed, strategy, remaskRepeats, blockLength, trace, 0f, 0f, false);
    }

    /**
     * With repeats remasked, how many of the last steps the unmasking schedule leaves free: every
     * masked position is committed {@code repairSteps} steps before the last, and those steps only
     * write again what remasking sent back, each seeing the rest of the note (a row with nothing sent
     * back ends sooner). Without them the last step writes the remasked words blind to each other and
     * to the repeat it replaces, which is where the repeats that remain came from ("and and"). One per
     * 6 steps, at most {@link #MAX_REPAIR_STEPS}; none without repeat remasking.
     */
    public int repairSteps() {
        return remaskRepeats ? Math.min(MAX_REPAIR_STEPS, steps / 6) : 0;
    }

    public SamplerOptions withSteps(int newSteps) {
        return new SamplerOptions(newSteps, temperature, seed, strategy, remaskRepeats, blockLength, trace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withSeed(long newSeed) {
        return new SamplerOptions(steps, temperature, newSeed, strategy, remaskRepeats, blockLength, trace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withTrace(boolean newTrace) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, blockLength, newTrace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withRemaskRepeats(boolean remask) {
        return new SamplerOptions(steps, temperature, seed, strategy, remask, blockLength, trace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withBlockLength(int length) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, length, trace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withStrategy(Strategy newStrategy) {
        return new SamplerOptions(steps, temperature, seed, newStrategy, remaskRepeats, blockLength, trace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withTemperature(float newTemperature) {
        return new SamplerOptions(steps, newTemperature, seed, strategy, remaskRepeats, blockLength, trace, threshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withThreshold(float newThreshold) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, blockLength, trace, newThreshold,
                remaskBelow, sectionSlack);
    }

    public SamplerOptions withRemaskBelow(float newRemaskBelow) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, blockLength, trace, threshold,
                newRemaskBelow, sectionSlack);
    }

    public SamplerOptions withSectionSlack(boolean slack) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, blockLength, trace, threshold,
                remaskBelow, slack);
    }
}
