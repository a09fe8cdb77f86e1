package ai.medscribe.functions.api.dto;

import ai.medscribe.functions.api.FhirAnswers;

/**
 * How generate, infill and the upload trigger hand a note over: {@code json} (the default: this
 * service's own answer) or {@code fhir} (a FHIR R4 document Bundle, see {@link FhirAnswers}).
 */
public enum OutputFormat {
    JSON, FHIR;

    public static final String FIELD = "format";
}
