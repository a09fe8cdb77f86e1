package ai.medscribe.functions;

/**
 * Where the upload trigger reads and writes: only {@code bucket} (empty = any bucket), only keys
 * under {@code inputPrefix}; completed notes go under {@code outputPrefix} of the same bucket.
 */
public record TriggerSettings(String bucket, String inputPrefix, String outputPrefix, int steps, double temperature,
        int maxNoteChars) {
}
