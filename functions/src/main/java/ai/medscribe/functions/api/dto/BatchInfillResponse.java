package ai.medscribe.functions.api.dto;

import java.util.List;

/**
 * {@code infill}'s answer to a list: one result per note, in order, each what the single request
 * answers ({@link InfillResponse}, or with {@code format: fhir} a FHIR document Bundle).
 */
public record BatchInfillResponse(List<InfillAnswer> results) implements InfillAnswer {
}
