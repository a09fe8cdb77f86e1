package ai.medscribe.functions.api.dto;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What {@code infill} answers: its JSON response, or with {@code format: fhir} a FHIR R4 document
 * Bundle ({@link FhirDocument}). Written as the value itself, without a type name (Jackson's
 * deduction: Funqy writes the declared type, and this makes it write the value's own).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
public sealed interface InfillAnswer permits InfillResponse, BatchInfillResponse, FhirDocument {
}
