package ai.medscribe.functions.api.dto;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import ai.medscribe.functions.api.dto.Bounded.Bound;
import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.SamplerOptions;

/**
 * The {@code infill} request as sent: one note ({@code note} or {@code sections}, with
 * {@code generate}, {@code lengths}, {@code observations}, {@code model}), or a list of them
 * ({@code notes}, each an {@link Item}); the sampler options are shared. Every field optional (left
 * out or null, it takes its default); bound strictly and checked with Bean Validation against the
 * current {@link RequestLimits}. What depends on several fields or on the note's text (exactly one of
 * note, sections and notes; known, distinct section names; lengths of generated sections, adding up
 * to at most the model's length) is checked when the service reads it.
 */
public record InfillRequest(
        @Bounded(Bound.NOTE_CHARS) String note,
        Map<String, @NotNull @Bounded(Bound.NOTE_CHARS) String> sections,
        @Bounded(Bound.SECTIONS) List<@NotNull @Size(max = 32) String> generate,
        Map<String, @NotNull @Bounded(Bound.MODEL_LENGTH) Integer> lengths,
        @OneOf(Observations.class) String observations,
        @OneOf(ModelKind.class) String model,
        @Bounded(Bound.INFILL_NOTES) List<@NotNull @Valid Item> notes,
        @Bounded(Bound.MODEL_LENGTH) Integer steps,
        @Bounded(Bound.TEMPERATURE) Double temperature,
        Long seed,
        @OneOf(SamplerOptions.Strategy.class) String strategy,
        Boolean remask,
        @Bounded(Bound.THRESHOLD) Double threshold,
        @Bounded(Bound.REVISE) Double revise,
        Boolean slack,
        @OneOf(OutputFormat.class) String format) {

    /** Whether this is the list form (it has {@code notes}). */
    public boolean isList() {
        return notes != null;
    }

    /** One note of the list: the single request's note fields, and its own seed (default: the request's + its index). */
    public record Item(
            @Bounded(Bound.NOTE_CHARS) String note,
            Map<String, @NotNull @Bounded(Bound.NOTE_CHARS) String> sections,
            @Bounded(Bound.SECTIONS) List<@NotNull @Size(max = 32) String> generate,
            Map<String, @NotNull @Bounded(Bound.MODEL_LENGTH) Integer> lengths,
            Long seed,
            @OneOf(Observations.class) String observations) {
    }
}
