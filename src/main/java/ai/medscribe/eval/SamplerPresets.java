package ai.medscribe.eval;

import ai.medscribe.sample.SamplerOptions;

/**
 * The samplers evaluation measures beside the default: the earlier defaults, kept so that their rows
 * stay comparable from run to run, and the orders that show what the model itself has learned. What
 * each measured: {@code docs/experiments.md} and {@code docs/sampling.md}.
 */
public final class SamplerPresets {

    /** The temperature of the samplers before the frontier order. */
    static final float EARLIER_TEMPERATURE = 0.8f;

    private SamplerPresets() {
    }

    /**
     * The default before the frontier order: the k most confident positions anywhere, temperature 0.8,
     * repeats remasked, unsure words below 0.3 revised, sections with slack, no threshold.
     */
    public static SamplerOptions confidence() {
        return SamplerOptions.builder().temperature(EARLIER_TEMPERATURE).strategy(SamplerOptions.Strategy.CONFIDENCE)
                .threshold(0f).remaskBelow(0.3f).build();
    }

    /**
     * The first sampler: the confidence order on the even schedule only (repeats remasked, no
     * threshold, no revision), exact section lengths.
     */
    public static SamplerOptions scheduleOnly() {
        return SamplerOptions.builder().temperature(EARLIER_TEMPERATURE).strategy(SamplerOptions.Strategy.CONFIDENCE)
                .threshold(0f).sectionSlack(false).build();
    }

    /**
     * One word per step from left to right (nothing remasked), the autoregressive baseline's order:
     * with {@code temperature} 1 its notes show what the model knows in that order, beside the
     * baseline's own at temperature 1 and the exact sampler's random order.
     */
    public static SamplerOptions leftToRight(int steps, float temperature) {
        return SamplerOptions.builder().steps(steps).temperature(temperature)
                .strategy(SamplerOptions.Strategy.LEFT_TO_RIGHT).remaskRepeats(false).threshold(0f)
                .sectionSlack(false).build();
    }

    /**
     * The exact sampler of a masked diffusion model: one token per step in random order at temperature
     * 1, nothing remasked; its notes show what the model itself has learned.
     */
    public static SamplerOptions exact(int steps) {
        return SamplerOptions.builder().steps(steps).temperature(1f).strategy(SamplerOptions.Strategy.RANDOM)
                .remaskRepeats(false).threshold(0f).sectionSlack(false).build();
    }
}
