package ai.medscribe.functions.api.dto;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.medscribe.functions.api.dto.Bounded.Bound;

/**
 * The {@code benchmark} request as sent (every field optional). The work it asks for,
 * (samples + 1) x (2 x the sum of the step counts, plus the model's length when the baseline runs)
 * model passes, is bounded by medscribe.limits.max-benchmark-passes, checked when the service reads it.
 */
@Schema(description = "The step sweep. (samples + 1) x (2 x the sum of stepCounts, + the model's maximum length with "
        + "the baseline) model passes at most medscribe.limits.max-benchmark-passes.")
public record BenchmarkRequest(
        @Schema(description = "the step counts to measure, each 1..the model's maximum length; default 5, 10, 15, 20, 25")
        @Bounded(Bound.STEP_COUNTS) List<@NotNull @Bounded(Bound.MODEL_LENGTH) Integer> stepCounts,
        @Schema(description = "notes per step count and layout", defaultValue = "4")
        @Bounded(Bound.SAMPLES) Integer samples,
        @Schema(description = "measure the autoregressive baseline too", defaultValue = "true")
        Boolean includeAutoregressive) {
}
