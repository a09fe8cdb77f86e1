package ai.medscribe.functions.api.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code complete-upload} takes: the data of a storage notification, in either of its two shapes.
 * A Google Cloud Storage event's data ({@code {bucket, name, ...}}) fills {@link #bucket} and
 * {@link #name}; an S3 notification ({@code {Records: [{s3: {bucket: {name}, object: {key}}}]}}, keys
 * URL-encoded) fills {@link #records}, and then {@code bucket} and {@code name} are not read.
 * Providers send many more fields (event time, size, etag, owner...): every record here ignores the
 * fields it does not name. Names are matched exactly, as the shape check reads them (Funqy's mapper
 * matches them ignoring case: {@code records} beside {@code bucket} and {@code name} is not the S3 form).
 * Not bound strictly like the request records: the request gate checks the
 * data's shape first (upload.UploadEvent), so that every refusal names the field and its limit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record StorageEvent(String bucket, String name, @JsonProperty("Records") List<S3Record> records) {

    /** A GCS-style event: one object. */
    public static StorageEvent of(String bucket, String name) {
        return new StorageEvent(bucket, name, null);
    }

    /** One record of an S3 notification. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record S3Record(S3Entity s3) {
    }

    /** The record's {@code s3} entity: the bucket and the (URL-encoded) object key. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record S3Entity(S3Bucket bucket, S3Object object) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record S3Bucket(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record S3Object(String key) {
    }
}
