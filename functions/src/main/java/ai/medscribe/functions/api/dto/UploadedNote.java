package ai.medscribe.functions.api.dto;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An uploaded JSON object as stored: {@code note} or {@code sections} as for infill, {@code generate}
 * allowed and ignored (the trigger completes the missing sections), {@code observations} as for infill.
 * Bound strictly; its sizes are checked against the trigger's note limit when it is read.
 */
public record UploadedNote(String note, Map<String, String> sections, JsonNode generate, String observations) {
}
