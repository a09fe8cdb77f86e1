package ai.medscribe.functions.api.dto;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.draft.Drafter;
import ai.medscribe.model.ModelKind;

/**
 * The {@code draft} request as sent: a transcript ("Doctor: ... / Patient: ..." turns, one per line)
 * and what to draft from it. Bound by Jackson (strictly: unknown fields and wrong JSON types are
 * refused) and checked with Bean Validation; a field left out (or null) takes its default.
 *
 * @param transcript required, not blank, at most {@link #MAX_TRANSCRIPT_CHARS} characters (413 beyond;
 *        the model's transcript region in tokens is checked when drafting, 413 too)
 * @param sections section names ({@link SectionName}), 1 to {@link #MAX_SECTIONS}; default ["HPI"]
 * @param model diffusion (default) or autoregressive
 * @param steps diffusion passes at most, 1..512 (default {@value Drafter.Options#DEFAULT_STEPS}); not used by autoregressive
 * @param threshold the confidence at which the diffusion drafter commits a word at once, in (0, 1]
 *        (default {@value Drafter.Options#DEFAULT_THRESHOLD}); not used by autoregressive
 * @param format json (default) or fhir (a FHIR R4 document Bundle)
 */
@Schema(description = "Note sections drafted from a conversation transcript.")
public record DraftRequest(
        @Schema(description = "turns \"Doctor: ...\" / \"Patient: ...\", one per line", required = true)
        @NotBlank @Size(max = DraftRequest.MAX_TRANSCRIPT_CHARS) String transcript,
        @Schema(description = "HPI, ROS, EXAM, ASSESSMENT, PLAN or an MTS-Dialog header (GENHX, CC, FAM/SOCHX, "
                + "MEDICATIONS, ...); default [HPI]")
        @Size(min = 1, max = DraftRequest.MAX_SECTIONS) List<@NotNull @SectionName String> sections,
        @Schema(description = "the drafting model", defaultValue = "diffusion", enumeration = {"diffusion", "autoregressive"})
        @Pattern(regexp = "diffusion|autoregressive") String model,
        @Schema(description = "diffusion passes at most (diffusion only)", defaultValue = "" + Drafter.Options.DEFAULT_STEPS)
        @Range(min = 1, max = 512) Integer steps,
        @Schema(description = "the confidence at which the diffusion drafter commits a word (diffusion only)",
                defaultValue = "" + Drafter.Options.DEFAULT_THRESHOLD)
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double threshold,
        @Schema(description = "json: this service's answer; fhir: a FHIR R4 document Bundle", defaultValue = "json",
                enumeration = {"json", "fhir"})
        @Pattern(regexp = "json|fhir") String format) {

    public static final int MAX_TRANSCRIPT_CHARS = 20_000;
    public static final int MAX_SECTIONS = 10;
    public static final List<String> DEFAULT_SECTIONS = List.of("HPI");

    /** The sections' headers, in the order asked (valid only after validation). */
    public List<MtsHeader> headers() {
        return (sections == null ? DEFAULT_SECTIONS : sections).stream().map(MtsHeader::parse).toList();
    }

    public ModelKind modelKind() {
        return model == null ? ModelKind.DIFFUSION : ModelKind.fromId(model);
    }

    public Drafter.Options options() {
        return new Drafter.Options(steps == null ? Drafter.Options.DEFAULT_STEPS : steps,
                threshold == null ? Drafter.Options.DEFAULT_THRESHOLD : threshold);
    }

    public boolean fhir() {
        return "fhir".equals(format);
    }
}
