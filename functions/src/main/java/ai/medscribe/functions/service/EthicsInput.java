package ai.medscribe.functions.service;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code ethics-report}: an optional note to screen for PHI-like spans. */
public record EthicsInput(String note) {

    public static EthicsInput from(JsonNode body, RequestLimits limits) {
        FieldRules f = new FieldRules().with("note", FieldRules.text(limits.maxNoteChars()));
        return new EthicsInput(f.get("note", RequestReader.read(body, EthicsInput.class, f).note(), null));
    }
}
