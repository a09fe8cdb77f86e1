package ai.medscribe.functions;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code ethics-report}: an optional note to screen for PHI-like spans. */
public record EthicsInput(String note) {

    static final Set<String> FIELDS = Set.of("note");

    static EthicsInput from(JsonNode body, RequestLimits limits) {
        RequestFields f = RequestFields.of(body, FIELDS);
        return new EthicsInput(f.text("note", limits.maxNoteChars()));
    }
}
