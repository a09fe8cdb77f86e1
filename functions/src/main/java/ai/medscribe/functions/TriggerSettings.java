package ai.medscribe.functions;

/**
 * Where the upload trigger reads and writes: only {@code bucket} (empty = any bucket), only keys
 * under {@code inputPrefix}; completed notes go under {@code outputPrefix} of the same bucket, in
 * {@code format} (json: this service's document; fhir: a FHIR R4 document Bundle).
 */
public record TriggerSettings(String bucket, String inputPrefix, String outputPrefix, int steps, double temperature,
        int maxNoteChars, OutputFormat format) {

    public TriggerSettings(String bucket, String inputPrefix, String outputPrefix, int steps, double temperature,
            int maxNoteChars) {
        this(bucket, inputPrefix, outputPrefix, steps, temperature, maxNoteChars, OutputFormat.JSON);
    }
}
