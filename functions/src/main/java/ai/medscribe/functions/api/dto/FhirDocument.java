package ai.medscribe.functions.api.dto;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/** A FHIR R4 document Bundle as its FHIR JSON (what {@code format: fhir} answers). */
public record FhirDocument(@JsonValue JsonNode bundle) implements GenerateAnswer, InfillAnswer, DraftAnswer {
}
