package ai.medscribe.functions.api.dto;

import ai.medscribe.functions.api.dto.Bounded.Bound;
import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * The {@code generate} request as sent: every field optional (left out or null, it takes its
 * default). Bound strictly (unknown fields and wrong JSON types refused) and checked with Bean
 * Validation against the current {@link RequestLimits}; what depends on several fields (steps within
 * this request's maxLength, format fhir with one note, the diffusion-only options) is checked when
 * the service reads it.
 */
public record GenerateRequest(
        @Bounded(Bound.MODEL_LENGTH) Integer steps,
        @Bounded(Bound.TEMPERATURE) Double temperature,
        @Bounded(Bound.MODEL_LENGTH) Integer maxLength,
        Long seed,
        @Bounded(Bound.COUNT) Integer count,
        @OneOf(NoteGenerator.Mode.class) String mode,
        @OneOf(SamplerOptions.Strategy.class) String strategy,
        Boolean remask,
        @Bounded(Bound.BLOCK_LENGTH) Integer blockLength,
        Boolean trace,
        @OneOf(ModelKind.class) String model,
        @Bounded(Bound.THRESHOLD) Double threshold,
        @Bounded(Bound.REVISE) Double revise,
        Boolean slack,
        @OneOf(OutputFormat.class) String format) {
}
