package ai.medscribe.functions.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.medscribe.functions.api.dto.Bounded.Bound;

/** The {@code ethics-report} request as sent. */
public record EthicsRequest(
        @Schema(description = "an optional note to screen for PHI-like spans (413 over the note size limit)")
        @Bounded(Bound.NOTE_CHARS) String note) {
}
