package ai.medscribe.functions.api.dto;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import ai.medscribe.functions.api.dto.Bounded.Bound;

/**
 * The {@code benchmark} request as sent (every field optional). The work it asks for,
 * (samples + 1) x (2 x the sum of the step counts, plus the model's length when the baseline runs)
 * model passes, is bounded by medscribe.limits.max-benchmark-passes, checked when the service reads it.
 */
public record BenchmarkRequest(
        @Bounded(Bound.STEP_COUNTS) List<@NotNull @Bounded(Bound.MODEL_LENGTH) Integer> stepCounts,
        @Bounded(Bound.SAMPLES) Integer samples,
        Boolean includeAutoregressive) {
}
