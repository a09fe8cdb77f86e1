package ai.medscribe.functions.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.medscribe.functions.api.dto.Bounded.Bound;
import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * The {@code generate} request as sent: every field optional (left out or null, it takes its
 * default). Bound strictly (unknown fields and wrong JSON types refused) and checked with Bean
 * Validation against the current {@link RequestLimits}; what depends on several fields (steps within
 * this request's maxLength, format fhir with one note, the diffusion-only options) is checked when
 * the service reads it. The {@link Schema} annotations describe the fields in the API description.
 */
@Schema(description = "Notes written from scratch. Every field is optional.")
public record GenerateRequest(
        @Schema(description = "denoising steps, 1..maxLength; default 20, or maxLength when shorter")
        @Bounded(Bound.MODEL_LENGTH) Integer steps,
        @Schema(description = "sampling temperature, > 0", defaultValue = "" + SamplerOptions.DEFAULT_TEMPERATURE)
        @Bounded(Bound.TEMPERATURE) Double temperature,
        @Schema(description = "the note's length in tokens; default and limit: the model's maximum length")
        @Bounded(Bound.MODEL_LENGTH) Integer maxLength,
        @Schema(description = "the same request and seed give the same notes", defaultValue = "0")
        Long seed,
        @Schema(description = "notes to write; 1 with format fhir", defaultValue = "1")
        @Bounded(Bound.COUNT) Integer count,
        @Schema(description = "diffusion only; scaffold: headers where the training notes' lengths put them; free: "
                + "every position masked; placed: the model places the five headers first, in SOAP order",
                defaultValue = "scaffold")
        @OneOf(NoteGenerator.Mode.class) String mode,
        @Schema(description = "diffusion only: which positions each step commits", defaultValue = "frontier")
        @OneOf(SamplerOptions.Strategy.class) String strategy,
        @Schema(description = "diffusion only: remask repeated tokens", defaultValue = "true")
        Boolean remask,
        @Schema(description = "diffusion only; semi-autoregressive blocks of this many tokens, 0 = the whole note at once",
                defaultValue = "0")
        @Bounded(Bound.BLOCK_LENGTH) Integer blockLength,
        @Schema(description = "diffusion only; answer the denoising trace (not with format fhir)", defaultValue = "false")
        Boolean trace,
        @Schema(description = "the model that writes", defaultValue = "diffusion")
        @OneOf(ModelKind.class) String model,
        @Schema(description = "diffusion only; commit every token at least this confident at once, 0 = off",
                defaultValue = "" + SamplerOptions.DEFAULT_THRESHOLD)
        @Bounded(Bound.THRESHOLD) Double threshold,
        @Schema(description = "diffusion only; remask committed tokens below this confidence, 0 = off",
                defaultValue = "" + SamplerOptions.DEFAULT_REMASK_BELOW)
        @Bounded(Bound.REVISE) Double revise,
        @Schema(description = "diffusion only; sections may grow into their neighbours' padding", defaultValue = "true")
        Boolean slack,
        @Schema(description = "json: this service's answer; fhir: one FHIR R4 document Bundle", defaultValue = "json")
        @OneOf(OutputFormat.class) String format) {
}
