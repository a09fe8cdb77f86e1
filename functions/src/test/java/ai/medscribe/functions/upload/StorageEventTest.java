package ai.medscribe.functions.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.DraftedUpload;
import ai.medscribe.functions.api.dto.StorageEvent;
import ai.medscribe.functions.api.dto.UploadAnswer;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.note.Section;

/**
 * complete-upload's typed event data: bound as Funqy binds it (unknown fields ignored, names matched
 * ignoring case), it gives the events, and the refusals, that the data as sent gives; its typed answer
 * is written as the values themselves.
 */
class StorageEventTest {

    /** Funqy's mapper: the application's, with these two features set. */
    @SuppressWarnings("deprecation")
    private static final ObjectMapper FUNQY = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true);

    /** An S3 notification as S3 sends it (trimmed of nothing the function reads). */
    static final String S3 = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
              "eventTime":"2026-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
              "userIdentity":{"principalId":"AWS:X"},"requestParameters":{"sourceIPAddress":"10.0.0.1"},
              "responseElements":{"x-amz-request-id":"R","x-amz-id-2":"I"},
              "s3":{"s3SchemaVersion":"1.0","configurationId":"c",
                "bucket":{"name":"notes","ownerIdentity":{"principalId":"P"},"arn":"arn:aws:s3:::notes"},
                "object":{"key":"incoming/visit+7%2B.json","size":120,"eTag":"e","sequencer":"0A"}}}]}""";

    /** A GCS finalize event's data. */
    static final String GCS = """
            {"kind":"storage#object","id":"notes/incoming/a.txt/1","bucket":"notes","name":"incoming/a.txt",
             "generation":"1","metageneration":"1","contentType":"text/plain","size":"12",
             "metadata":{"k":"v"},"timeCreated":"2026-01-01T00:00:00.000Z"}""";

    static Stream<String> data() {
        return Stream.of(S3, GCS,
                "{\"bucket\":\"notes\",\"name\":\"incoming/a.txt\",\"records\":[1]}",
                "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"a\"},\"object\":{\"key\":\"k1\"}}},"
                        + "{\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k%202\"}}}]}",
                "{}", "{\"bucket\":\"notes\"}", "{\"bucket\":\" \",\"name\":\"x\"}",
                "{\"bucket\":\"notes\",\"name\":\"" + "a".repeat(1025) + "\"}",
                "{\"Records\":[]}", "{\"Records\":[" + "{},".repeat(16) + "{}]}", "{\"Records\":[{}]}",
                "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"a\"},\"object\":{}}}]}",
                "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"a\"},\"object\":{\"key\":\"%zz\"}}}]}",
                "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"a\"},\"object\":{\"key\":\"" + "k".repeat(1025) + "\"}}}]}");
    }

    @ParameterizedTest
    @MethodSource("data")
    void theBoundDataGivesTheEventsOrTheRefusalOfTheDataAsSent(String json) throws Exception {
        JsonNode sent = FUNQY.readTree(json);
        Object expected;
        try {
            expected = UploadEvent.from(sent);
        } catch (BadRequestException refused) {
            expected = refused.body();
        }
        Object actual;
        try {
            actual = UploadEvent.from(UploadEvent.bind(sent, FUNQY));
        } catch (BadRequestException refused) {
            actual = refused.body();
        }
        assertEquals(expected, actual, json);
    }

    @Test
    void anS3NotificationBindsWithItsKeysDecoded() throws Exception {
        StorageEvent event = UploadEvent.bind(FUNQY.readTree(S3), FUNQY);
        assertNull(event.bucket());
        assertEquals(List.of(new UploadEvent("notes", "incoming/visit 7+.json")), UploadEvent.from(event));
        assertEquals(List.of(new UploadEvent("notes", "incoming/a.txt")),
                UploadEvent.from(UploadEvent.bind(FUNQY.readTree(GCS), FUNQY)));
    }

    @Test
    void aValueBesideRecordsThatNoStringBindsFromIsRefusedNamingIt() throws Exception {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> UploadEvent.bind(
                FUNQY.readTree("{\"bucket\":{\"x\":1},\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"a\"},"
                        + "\"object\":{\"key\":\"k\"}}}]}"), FUNQY));
        assertEquals(400, refused.status());
        assertEquals("bucket", refused.body().field());
    }

    @Test
    void theTypedAnswerIsWrittenAsTheValuesThemselves() throws Exception {
        CompletedUpload note = new CompletedUpload("notes", "incoming/a.txt", "completed/a.json",
                List.of(Section.values()[0]), false,
                new CompletedUpload.Provenance("h", 8, 0.5, 7L, "t", "notes", "incoming/a.txt", "s"));
        DraftedUpload draft = new DraftedUpload("notes", "transcripts/b.txt", "completed/b.draft.json",
                List.of("HPI"), true, new DraftedUpload.Provenance("m", "h", 4, 0.9, "t", "notes",
                        "transcripts/b.txt", "s"));
        List<Object> untyped = List.of(note, draft);
        List<UploadAnswer> typed = List.of(note, draft);
        assertEquals(FUNQY.writeValueAsString(untyped),
                FUNQY.writerFor(new TypeReference<List<UploadAnswer>>() { }).writeValueAsString(typed));
        assertEquals(FUNQY.writeValueAsString(untyped), FUNQY.writeValueAsString(typed));
        assertEquals(FUNQY.writeValueAsString(note), FUNQY.writerFor(UploadAnswer.class).writeValueAsString(note));
    }
}
