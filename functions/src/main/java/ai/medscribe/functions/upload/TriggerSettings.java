package ai.medscribe.functions.upload;

import ai.medscribe.functions.api.dto.OutputFormat;

/**
 * Where the upload trigger reads and writes: only {@code bucket} (empty = any bucket), only keys
 * under {@code inputPrefix}; completed notes go under {@code outputPrefix} of the same bucket, in
 * {@code format} (json: this service's document; fhir: a FHIR R4 document Bundle); a note refused for its
 * content (no header, too long for any window of the model) is recorded under {@code deadLetterPrefix}.
 */
public record TriggerSettings(String bucket, String inputPrefix, String outputPrefix, int steps, double temperature,
        int maxNoteChars, OutputFormat format, String deadLetterPrefix) {

    /** Where a note the trigger refuses for its content is recorded with its reason, by default. */
    public static final String DEAD_LETTER_PREFIX = "failed/";

    public TriggerSettings(String bucket, String inputPrefix, String outputPrefix, int steps, double temperature,
            int maxNoteChars, OutputFormat format) {
        this(bucket, inputPrefix, outputPrefix, steps, temperature, maxNoteChars, format, DEAD_LETTER_PREFIX);
    }

    public TriggerSettings(String bucket, String inputPrefix, String outputPrefix, int steps, double temperature,
            int maxNoteChars) {
        this(bucket, inputPrefix, outputPrefix, steps, temperature, maxNoteChars, OutputFormat.JSON);
    }
}
