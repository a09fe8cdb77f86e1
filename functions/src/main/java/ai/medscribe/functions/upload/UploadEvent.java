package ai.medscribe.functions.upload;

import ai.medscribe.functions.service.BadRequestException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One object-created notification: the bucket and key of the uploaded object. Read from a Google
 * Cloud Storage event's data ({@code {bucket, name, ...}}) or an S3 notification
 * ({@code {Records: [{s3: {bucket: {name}, object: {key}}}]}}, keys URL-encoded).
 */
public record UploadEvent(String bucket, String key) {

    static final int MAX_RECORDS = 16;

    public static List<UploadEvent> from(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            throw new BadRequestException("data", "{bucket, name} or {Records: [...]}",
                    "the event has no data: expected a storage notification");
        }
        if (!data.isObject()) {
            throw new BadRequestException("data", "a JSON object", "the event data must be a JSON object");
        }
        if (data.has("Records")) {
            return fromS3(data.get("Records"));
        }
        return List.of(new UploadEvent(required(data, "bucket", "bucket"), required(data, "name", "name")));
    }

    private static List<UploadEvent> fromS3(JsonNode records) {
        if (!records.isArray() || records.isEmpty() || records.size() > MAX_RECORDS) {
            throw new BadRequestException("Records", "1.." + MAX_RECORDS + " records",
                    "Records must be an array of 1.." + MAX_RECORDS + " S3 notification records");
        }
        List<UploadEvent> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String at = "Records[" + i + "].s3";
            JsonNode s3 = records.get(i).path("s3");
            String bucket = required(s3.path("bucket"), "name", at + ".bucket.name");
            String key = required(s3.path("object"), "key", at + ".object.key");
            // S3 notifications URL-encode keys ('+' for a space).
            String decoded;
            try {
                decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                // The decoder's message quotes the key: not passed on.
                throw new BadRequestException(at + ".object.key", "a URL-encoded key",
                        "the object key has an invalid percent escape");
            }
            events.add(new UploadEvent(bucket, decoded));
        }
        return events;
    }

    private static String required(JsonNode node, String name, String field) {
        JsonNode v = node.path(name);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new BadRequestException(field, "a non-empty string", "the event has no " + field);
        }
        if (v.asText().length() > 1024) {
            throw new BadRequestException(field, 1024, field + " is longer than 1024 characters");
        }
        return v.asText();
    }
}
