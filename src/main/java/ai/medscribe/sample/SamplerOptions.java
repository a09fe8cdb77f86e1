package ai.medscribe.sample;

/**
 * Options of the diffusion sampler.
 *
 * @param steps         denoising steps; after the last one no mask is left
 * @param temperature   softmax temperature of the per-step sampling (> 0)
 * @param seed          seeds the sampling: the same request and seed give the same note
 * @param strategy      which masked positions a step commits
 * @param remaskRepeats send a committed token back to mask when it completes a 3-word phrase
 *                      already present in its section (as ReMDM remasks), while steps remain
 * @param blockLength   semi-autoregressive blocks: commit only within the leftmost blocks that
 *                      still hold masks (0 = the whole note at once)
 * @param trace         keep the canvas after every step
 */
public record SamplerOptions(int steps, float temperature, long seed, Strategy strategy, boolean remaskRepeats,
                             int blockLength, boolean trace) {

    /** Which masked positions a step commits. */
    public enum Strategy {
        /** the k positions whose sampled token is most probable */
        CONFIDENCE,
        /** k positions drawn at random (seeded) */
        RANDOM
    }

    public static final int DEFAULT_STEPS = 20;
    public static final float DEFAULT_TEMPERATURE = 0.8f;

    /** The measured best combination (see the README's evaluation section). */
    public static SamplerOptions defaults() {
        return new SamplerOptions(DEFAULT_STEPS, DEFAULT_TEMPERATURE, 0L, Strategy.CONFIDENCE, true, 0, false);
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
        if (strategy == null) {
            strategy = Strategy.CONFIDENCE;
        }
    }

    public SamplerOptions withSteps(int newSteps) {
        return new SamplerOptions(newSteps, temperature, seed, strategy, remaskRepeats, blockLength, trace);
    }

    public SamplerOptions withSeed(long newSeed) {
        return new SamplerOptions(steps, temperature, newSeed, strategy, remaskRepeats, blockLength, trace);
    }

    public SamplerOptions withTrace(boolean newTrace) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, blockLength, newTrace);
    }

    public SamplerOptions withRemaskRepeats(boolean remask) {
        return new SamplerOptions(steps, temperature, seed, strategy, remask, blockLength, trace);
    }

    public SamplerOptions withBlockLength(int length) {
        return new SamplerOptions(steps, temperature, seed, strategy, remaskRepeats, length, trace);
    }

    public SamplerOptions withStrategy(Strategy newStrategy) {
        return new SamplerOptions(steps, temperature, seed, newStrategy, remaskRepeats, blockLength, trace);
    }

    public SamplerOptions withTemperature(float newTemperature) {
        return new SamplerOptions(steps, newTemperature, seed, strategy, remaskRepeats, blockLength, trace);
    }
}
