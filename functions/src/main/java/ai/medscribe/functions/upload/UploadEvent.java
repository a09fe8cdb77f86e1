package ai.medscribe.functions.upload;

import ai.medscribe.functions.api.dto.StorageEvent;
import ai.medscribe.functions.service.BadRequestException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One object-created notification: the bucket and key of the uploaded object. Read from the typed
 * event data ({@link StorageEvent}): a Google Cloud Storage event's data ({@code {bucket, name, ...}})
 * or an S3 notification ({@code {Records: [{s3: {bucket: {name}, object: {key}}}]}}, keys URL-encoded).
 * {@link #from(JsonNode)} checks the data as sent, before it is bound to the record (the request
 * gate's check: a wrong JSON type, or a {@code Records} that is not a list, is refused with the same
 * field and limit as a missing value, which the bound record could no longer tell apart).
 */
public record UploadEvent(String bucket, String key) {

    static final int MAX_RECORDS = 16;
    static final int MAX_CHARS = 1024;
    static final String NO_DATA_LIMIT = "{bucket, name} or {Records: [...]}";

    /**
     * The request gate's check of {@code complete-upload}'s data as sent: its shape ({@link #from(JsonNode)}),
     * then its binding to {@link StorageEvent} with {@code mapper}, the one Funqy binds it with (unknown
     * fields ignored). The only values the shape check does not read are {@code bucket} and {@code name}
     * beside {@code Records}: one that no string binds from (an object, a list) is refused here, naming it.
     */
    public static StorageEvent bind(JsonNode data, ObjectMapper mapper) {
        from(data);
        try {
            return mapper.treeToValue(data, StorageEvent.class);
        } catch (JsonProcessingException wrong) {
            String field = wrong instanceof JsonMappingException m ? field(m.getPath()) : "";
            throw new BadRequestException(field.isEmpty() ? "data" : field, "a string",
                    "the event data has a value of the wrong type" + (field.isEmpty() ? "" : " at " + field));
        }
    }

    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The events of the data as sent, or the refusal of its first fault (as {@link #from(StorageEvent)}). */
    public static List<UploadEvent> from(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            throw noData();
        }
        if (!data.isObject()) {
            throw new BadRequestException("data", "a JSON object", "the event data must be a JSON object");
        }
        if (data.has("Records")) {
            JsonNode records = data.get("Records");
            if (!records.isArray()) {
                throw badRecords();
            }
            List<String[]> located = new ArrayList<>();
            for (JsonNode record : records) {
                JsonNode s3 = record.path("s3");
                located.add(new String[] {text(s3.path("bucket"), "name"), text(s3.path("object"), "key")});
            }
            return fromS3(located);
        }
        return List.of(new UploadEvent(required(text(data, "bucket"), "bucket"), required(text(data, "name"), "name")));
    }

    /** The events of the bound data, or the refusal of its first fault. */
    public static List<UploadEvent> from(StorageEvent data) {
        if (data == null) {
            throw noData();
        }
        if (data.records() != null) {
            List<String[]> located = new ArrayList<>();
            for (StorageEvent.S3Record record : data.records()) {
                StorageEvent.S3Entity s3 = record == null ? null : record.s3();
                located.add(new String[] {
                    s3 == null || s3.bucket() == null ? null : s3.bucket().name(),
                    s3 == null || s3.object() == null ? null : s3.object().key()});
            }
            return fromS3(located);
        }
        return List.of(new UploadEvent(required(data.bucket(), "bucket"), required(data.name(), "name")));
    }

    /** Each record's {bucket name, URL-encoded key}. */
    private static List<UploadEvent> fromS3(List<String[]> records) {
        if (records.isEmpty() || records.size() > MAX_RECORDS) {
            throw badRecords();
        }
        List<UploadEvent> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String at = "Records[" + i + "].s3";
            String bucket = required(records.get(i)[0], at + ".bucket.name");
            String key = required(records.get(i)[1], at + ".object.key");
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

    /** The string value of {@code name} in {@code node}; null when absent or not a string. */
    private static String text(JsonNode node, String name) {
        JsonNode v = node.path(name);
        return v.isTextual() ? v.asText() : null;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(field, "a non-empty string", "the event has no " + field);
        }
        if (value.length() > MAX_CHARS) {
            throw new BadRequestException(field, MAX_CHARS, field + " is longer than " + MAX_CHARS + " characters");
        }
        return value;
    }

    private static BadRequestException noData() {
        return new BadRequestException("data", NO_DATA_LIMIT, "the event has no data: expected a storage notification");
    }

    private static BadRequestException badRecords() {
        return new BadRequestException("Records", "1.." + MAX_RECORDS + " records",
                "Records must be an array of 1.." + MAX_RECORDS + " S3 notification records");
    }
}
