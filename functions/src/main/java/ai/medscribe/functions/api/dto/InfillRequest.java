package ai.medscribe.functions.api.dto;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "One note (exactly one of note and sections), or a list of them (notes) written in one sampler "
        + "batch: each note is checked as a single one (an error names its index, e.g. notes[1].note, and nothing is "
        + "written); the sampler options and format are shared.")
public record InfillRequest(
        @Schema(description = "the note as text with section headers (README, \"infill\")")
        @Bounded(Bound.NOTE_CHARS) String note,
        @Schema(description = "the note by section name: HPI, ROS, EXAM, ASSESSMENT, PLAN")
        Map<String, @NotNull @Bounded(Bound.NOTE_CHARS) String> sections,
        @Schema(description = "the sections to write (HPI, ROS, EXAM, ASSESSMENT, PLAN); default: every missing or empty "
                + "section but ROS and EXAM (see observations); a given section named here is rewritten")
        @Bounded(Bound.SECTIONS) List<@NotNull @Size(max = 32) String> generate,
        @Schema(description = "token count per generated section, at most the model's maximum length in all")
        Map<String, @NotNull @Bounded(Bound.MODEL_LENGTH) Integer> lengths,
        @Schema(description = "omit: a missing ROS or EXAM (what was asked and observed at the visit) is not written "
                + "unless named in generate, and is listed in withheld; generate: write them", defaultValue = "omit")
        @OneOf(Observations.class) String observations,
        @Schema(description = "the model that writes (single note only); strategy, remask, threshold, revise and slack "
                + "are options of the diffusion sampler", defaultValue = "diffusion")
        @OneOf(ModelKind.class) String model,
        @Schema(description = "a list of notes instead of one (at most medscribe.infill.max-notes)")
        @Bounded(Bound.INFILL_NOTES) List<@NotNull @Valid Item> notes,
        @Schema(description = "denoising steps; default 20, or the model's maximum length when shorter")
        @Bounded(Bound.MODEL_LENGTH) Integer steps,
        @Schema(description = "sampling temperature, > 0", defaultValue = "" + SamplerOptions.DEFAULT_TEMPERATURE)
        @Bounded(Bound.TEMPERATURE) Double temperature,
        @Schema(description = "the same request and seed give the same note; a listed note's seed defaults to this "
                + "plus its index", defaultValue = "0")
        Long seed,
        @Schema(description = "which positions each step commits", defaultValue = "frontier")
        @OneOf(SamplerOptions.Strategy.class) String strategy,
        @Schema(description = "remask repeated tokens", defaultValue = "true")
        Boolean remask,
        @Schema(description = "commit every token at least this confident at once, 0 = off",
                defaultValue = "" + SamplerOptions.DEFAULT_INFILL_THRESHOLD)
        @Bounded(Bound.THRESHOLD) Double threshold,
        @Schema(description = "remask committed tokens below this confidence, 0 = off",
                defaultValue = "" + SamplerOptions.DEFAULT_REMASK_BELOW)
        @Bounded(Bound.REVISE) Double revise,
        @Schema(description = "sections may grow into their neighbours' padding", defaultValue = "true")
        Boolean slack,
        @Schema(description = "json: this service's answer; fhir: a FHIR R4 document Bundle (per note)",
                defaultValue = "json")
        @OneOf(OutputFormat.class) String format) {

    /** Whether this is the list form (it has {@code notes}). */
    public boolean isList() {
        return notes != null;
    }

    /** One note of the list: the single request's note fields, and its own seed (default: the request's + its index). */
    @Schema(name = "InfillNote", description = "One note of a list: exactly one of note and sections.")
    public record Item(
            @Schema(description = "the note as text with section headers")
            @Bounded(Bound.NOTE_CHARS) String note,
            @Schema(description = "the note by section name")
            Map<String, @NotNull @Bounded(Bound.NOTE_CHARS) String> sections,
            @Schema(description = "the sections to write; default: every missing or empty section but ROS and EXAM")
            @Bounded(Bound.SECTIONS) List<@NotNull @Size(max = 32) String> generate,
            @Schema(description = "token count per generated section")
            Map<String, @NotNull @Bounded(Bound.MODEL_LENGTH) Integer> lengths,
            @Schema(description = "default: the request's seed plus the note's index")
            Long seed,
            @Schema(description = "as for a single note", defaultValue = "omit")
            @OneOf(Observations.class) String observations) {
    }
}
