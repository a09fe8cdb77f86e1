package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.model.ModelKind;
import ai.medscribe.store.LocalObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The upload trigger on the local store, for both event shapes, in binary and structured CloudEvent mode. */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class CompleteUploadTest {

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static final Path ROOT = Path.of("target/test-store");
    private static final LocalObjectStore STORE = new LocalObjectStore(ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void emptyStore() throws IOException {
        if (Files.exists(ROOT)) {
            try (Stream<Path> all = Files.walk(ROOT)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String upload(String key, String content) {
        STORE.put("notes", key, content.getBytes(StandardCharsets.UTF_8), "text/plain");
        return key;
    }

    private static String gcsData(String key) {
        return "{\"bucket\":\"notes\",\"name\":\"" + key + "\",\"contentType\":\"text/plain\",\"size\":\"10\"}";
    }

    private static String s3Data(String key) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"notes\"},"
                + "\"object\":{\"key\":\"" + key.replace(" ", "+") + "\",\"size\":10}}}]}";
    }

    private static JsonNode output(String outputKey) throws IOException {
        return JSON.readTree(STORE.read("notes", outputKey));
    }

    @Test
    void gcsEventInBinaryModeCompletesThePlainTextNote() throws Exception {
        String key = upload("incoming/binary-gcs.txt", "HPI: cough for 3 days. ROS: no fever. EXAM: clear lungs.");
        String outputKey = given().contentType("application/json")
                .header("ce-id", "evt-1").header("ce-specversion", "1.0").header("ce-source", "//storage.googleapis.com")
                .header("ce-type", "google.cloud.storage.object.v1.finalized")
                .body(gcsData(key))
                .when().post("/")
                .then().statusCode(200)
                .body("[0].generated", equalTo(java.util.List.of("ASSESSMENT", "PLAN")))
                .body("[0].alreadyCompleted", equalTo(false))
                .extract().path("[0].outputKey");
        assertTrue(outputKey.startsWith("completed/binary-gcs."), outputKey);
        JsonNode doc = output(outputKey);
        assertEquals("cough for 3 days.", doc.path("sections").path("HPI").asText());
        assertFalse(doc.path("sections").path("PLAN").asText().isBlank());
        assertTrue(doc.path("note").asText().startsWith("HPI: cough for 3 days."), "the given HPI is kept verbatim");
        assertEquals(registry.bundle(ModelKind.DIFFUSION).orElseThrow().sha256(),
                doc.path("provenance").path("modelHash").asText());
        assertEquals(key, doc.path("provenance").path("sourceKey").asText());
        assertEquals("notes", doc.path("provenance").path("sourceBucket").asText());
        assertEquals(20, doc.path("provenance").path("steps").asInt());
    }

    @Test
    void gcsEventInStructuredModeCompletesAJsonNote() throws Exception {
        String key = upload("incoming/structured-gcs.json",
                "{\"sections\":{\"HPI\":\"headache\",\"ASSESSMENT\":\"migraine\"},\"observations\":\"generate\"}");
        String outputKey = given().contentType("application/cloudevents+json")
                .body("{\"id\":\"evt-2\",\"specversion\":\"1.0\",\"source\":\"//storage.googleapis.com\","
                        + "\"type\":\"google.cloud.storage.object.v1.finalized\",\"datacontenttype\":\"application/json\","
                        + "\"data\":" + gcsData(key) + "}")
                .when().post("/")
                .then().statusCode(200)
                .body("data[0].generated", equalTo(java.util.List.of("ROS", "EXAM", "PLAN")))
                .extract().path("data[0].outputKey");
        assertEquals("migraine", output(outputKey).path("sections").path("ASSESSMENT").asText());
    }

    @Test
    void s3EventInBinaryModeWithAnEncodedKey() throws Exception {
        String key = upload("incoming/dr notes/s3 binary.txt", "HPI: fall. PLAN: x-ray.");
        String outputKey = given().contentType("application/json")
                .header("ce-id", "evt-3").header("ce-specversion", "1.0").header("ce-source", "aws:s3")
                .header("ce-type", "com.amazonaws.s3.ObjectCreated")
                .body(s3Data(key))
                .when().post("/complete-upload")
                .then().statusCode(200)
                .body("[0].sourceKey", equalTo(key))
                .extract().path("[0].outputKey");
        assertTrue(outputKey.startsWith("completed/dr notes/s3 binary."), outputKey);
        assertEquals("x-ray.", output(outputKey).path("sections").path("PLAN").asText());
    }

    @Test
    void s3EventInStructuredModeAndARedeliveryWritesNothingNew() throws Exception {
        String key = upload("incoming/s3-structured.txt", "HPI: rash. EXAM: erythema.");
        String event = "{\"id\":\"evt-4\",\"specversion\":\"1.0\",\"source\":\"aws:s3\","
                + "\"type\":\"com.amazonaws.s3.ObjectCreated\",\"datacontenttype\":\"application/json\","
                + "\"data\":" + s3Data(key) + "}";
        String first = given().contentType("application/cloudevents+json").body(event)
                .when().post("/complete-upload").then().statusCode(200)
                .body("data[0].alreadyCompleted", equalTo(false)).extract().path("data[0].outputKey");
        byte[] before = STORE.read("notes", first);
        String again = given().contentType("application/cloudevents+json").body(event)
                .when().post("/complete-upload").then().statusCode(200)
                .body("data[0].alreadyCompleted", equalTo(true)).extract().path("data[0].outputKey");
        assertEquals(first, again);
        assertEquals(new String(before, StandardCharsets.UTF_8),
                new String(STORE.read("notes", again), StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(ROOT.resolve("notes/completed"))) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("s3-structured.")).count());
        }
    }

    @Test
    void plainPostOfGcsDataWorksAndAMissingObjectIs404() {
        String key = upload("incoming/plain.txt", "ASSESSMENT: otitis media.");
        given().contentType("application/json").body(gcsData(key))
                .when().post("/complete-upload").then().statusCode(200)
                .body("[0].generated", equalTo(java.util.List.of("HPI", "PLAN")))
                .body("[0].withheld", equalTo(java.util.List.of("ROS", "EXAM")))
                .body("[0].status", equalTo("completed"));
        given().contentType("application/json").body(gcsData("incoming/never-uploaded.txt"))
                .when().post("/complete-upload").then().statusCode(404).body("field", equalTo("key"));
    }

    @Test
    void aFolderWhereTheObjectShouldBeIs422AndLeavesNoOutput() throws Exception {
        // A directory where the object should be: permanent (issue 25: it was a 503 redelivered forever).
        Files.createDirectories(ROOT.resolve("notes/incoming/broken.txt"));
        given().contentType("application/json").body(gcsData("incoming/broken.txt"))
                .when().post("/complete-upload").then().statusCode(422).body("field", equalTo("key"));
        try (Stream<Path> files = Files.list(Files.createDirectories(ROOT.resolve("notes/completed")))) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("broken.")).count());
        }
    }
}
