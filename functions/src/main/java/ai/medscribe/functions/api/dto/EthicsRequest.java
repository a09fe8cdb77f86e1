package ai.medscribe.functions.api.dto;

import ai.medscribe.functions.api.dto.Bounded.Bound;

/** The {@code ethics-report} request as sent. */
public record EthicsRequest(
        @Bounded(Bound.NOTE_CHARS) String note) {
}
