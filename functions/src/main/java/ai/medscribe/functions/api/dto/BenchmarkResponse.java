package ai.medscribe.functions.api.dto;

import java.util.List;

import ai.medscribe.eval.InferenceBenchmark;

/**
 * {@code benchmark}'s answer: the step sweep of the diffusion model (each layout mode at each step
 * count), the autoregressive rows, uncached (a full pass per token) and key/value-cached (null when
 * the AR bundle predates the cached step), the speedup over each (null without the baseline), the
 * hardware it ran on, the models measured, and how long the whole run took.
 */
public record BenchmarkResponse(List<InferenceBenchmark.Row> sweep, InferenceBenchmark.Row autoregressive,
        InferenceBenchmark.Row autoregressiveCached, Double speedup, Double speedupVsCached, String hardware,
        List<ModelInfo> models, int references, long latencyMs) {
}
