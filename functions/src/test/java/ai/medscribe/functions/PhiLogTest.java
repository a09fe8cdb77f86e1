package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.medscribe.store.LocalObjectStore;
import ai.medscribe.store.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * No patient details in the log: a marked note, marked upload keys and marked malformed bodies go
 * through every function (successful calls, client faults, CloudEvents in both modes), with the
 * service's and Funqy's categories at DEBUG; no log record (message, parameters, exception and its
 * stack) holds the marker, no record carries a stack trace, and the upload keys appear only as their
 * hashes.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
@TestProfile(PhiLogTest.Verbose.class)
class PhiLogTest {

    /** The categories that could see request content, at DEBUG. */
    public static class Verbose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"ai.medscribe\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.funqy\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.vertx.http\".level", "DEBUG");
        }
    }

    private static final LocalObjectStore STORE = new LocalObjectStore(Path.of("target/test-store"));
    private static final String MARK = "Phimark" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String GCS = "google.cloud.storage.object.v1.finalized";

    /** Every record published while the test runs, rendered with everything it carries. */
    static final class Capture extends Handler {
        final List<String> lines = new ArrayList<>();
        final List<String> withThrowable = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord r) {
            StringBuilder line = new StringBuilder().append(r.getLevel()).append(' ').append(r.getLoggerName())
                    .append(' ').append(r.getMessage());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    line.append(" | ").append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(" | ").append(trace);
                withThrowable.add(r.getLoggerName() + " " + r.getThrown());
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }

    @Inject
    BundleRegistry registry;

    private final Capture capture = new Capture();

    @BeforeEach
    void listen() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static Response post(String path, String body) {
        return given().contentType("application/json").body(body).when().post(path);
    }

    private static Response binary(String type, String data, String source) {
        return given().contentType("application/json").header("ce-id", "evt-" + MARK).header("ce-specversion", "1.0")
                .header("ce-source", source).header("ce-type", type).header("ce-subject", MARK)
                .body(data).when().post("/");
    }

    private static Response structured(String type, String data) {
        return structured("/", type, data);
    }

    private static Response structured(String path, String type, String data) {
        return given().contentType("application/cloudevents+json")
                .body("{\"id\":\"" + MARK + "\",\"specversion\":\"1.0\",\"source\":\"" + MARK + "\",\"type\":\""
                        + type + "\",\"subject\":\"" + MARK + "\",\"datacontenttype\":\"application/json\",\"data\":"
                        + data + "}")
                .when().post(path);
    }

    private static String gcs(String key) {
        return "{\"bucket\":\"notes\",\"name\":\"" + key + "\"}";
    }

    private static String s3(String key) {
        return "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"notes\"},\"object\":{\"key\":\"" + key + "\"}}}]}";
    }

    private static void expect(int status, Response r) {
        assertEquals(status, r.statusCode(), r.asString());
    }

    @Test
    void markedContentThroughEveryFunctionNeverReachesTheLog() throws Exception {
        String note = "HPI: " + MARK + " Jane Roe, MRN 00" + MARK + ", reports chest pain. EXAM: clear lungs.";
        String key = "incoming/" + MARK + " Jane Roe.txt";
        String s3Key = "incoming/" + MARK + "-s3.txt";
        STORE.put("notes", key, note.getBytes(StandardCharsets.UTF_8), "text/plain");
        STORE.put("notes", s3Key, note.replace("Jane", "John").getBytes(StandardCharsets.UTF_8), "text/plain");
        Path outside = Files.writeString(Files.createTempDirectory("medscribe-phi").resolve("x.txt"), note);
        Path link = Path.of("target/test-store/notes/incoming/" + MARK + "-link.txt").toAbsolutePath();
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);

        // generate, benchmark: no text fields; marked values and names are refused.
        expect(200, post("/generate", "{\"steps\":4,\"seed\":7}"));
        expect(400, post("/generate", "{\"mode\":\"" + MARK + "\"}"));
        expect(400, post("/generate", "{\"" + MARK + "\":1}"));
        expect(400, post("/benchmark", "{\"" + MARK + "\":true}"));
        expect(400, post("/benchmark", "{\"stepCounts\":[\"" + MARK + "\"]}"));
        // infill and ethics-report with a marked note.
        expect(200, post("/infill", "{\"note\":\"" + note + "\",\"steps\":4}"));
        expect(400, post("/infill", "{\"sections\":{\"HPI\":\"" + MARK + "\"},\"generate\":[\"" + MARK + "\"]}"));
        expect(200, post("/ethics-report", "{\"note\":\"" + note + "\"}"));
        expect(400, post("/ethics-report", "{\"note\":{\"" + MARK + "\":1}}"));
        // complete-upload: a marked key and note, completed, then redelivered; in both event modes.
        expect(200, post("/complete-upload", gcs(key)));
        expect(200, binary(GCS, gcs(key), MARK));
        expect(200, structured("/complete-upload", "com.amazonaws.s3.ObjectCreated", s3(s3Key)));
        expect(404, post("/complete-upload", gcs("incoming/" + MARK + "-never.txt")));
        expect(403, post("/complete-upload", gcs("completed/" + MARK + ".txt")));
        expect(403, post("/complete-upload", gcs("incoming/../" + MARK + ".txt")));
        expect(403, post("/complete-upload", gcs("incoming/" + MARK + "-link.txt")));
        expect(403, post("/complete-upload", "{\"bucket\":\"" + MARK + "\",\"name\":\"incoming/a.txt\"}"));
        expect(400, post("/complete-upload", s3("incoming/" + MARK + "%zz.txt")));
        expect(400, binary(GCS, "", MARK));
        expect(404, binary(MARK + ".type", gcs(key), "test"));
        expect(404, structured(MARK + ".type", gcs(key)));
        expect(400, given().contentType("application/cloudevents+json").body("[\"" + MARK + "\"]").when().post("/"));
        expect(400, given().contentType("application/json").header("ce-id", "1").header("ce-specversion", MARK)
                .header("ce-source", "s").header("ce-type", GCS).body(gcs(key)).when().post("/"));
        // Malformed bodies, marked, to every function and in both event modes.
        for (String function : List.of("generate", "infill", "benchmark", "ethics-report", "complete-upload")) {
            expect(400, post("/" + function, "{\"note\": " + MARK + "}"));
            expect(400, post("/" + function, MARK));
            expect(400, post("/" + function, "{\"note\":\"" + MARK + "\"} " + MARK));
        }
        expect(400, binary(GCS, "{\"name\": " + MARK, "test"));
        expect(400, given().contentType("application/cloudevents+json").body("{\"id\": " + MARK).when().post("/"));
        // Marked paths, media types and query strings.
        expect(404, post("/" + MARK, "{}"));
        expect(415, given().contentType("application/" + MARK).body("{}".getBytes(StandardCharsets.UTF_8))
                .when().post("/generate"));
        expect(415, given().contentType("text/plain").body(MARK).when().post("/infill"));
        expect(405, given().when().get("/generate?" + MARK + "=1"));

        List<String> lines = capture.lines();
        String hashed = ObjectStore.logId(key);
        assertTrue(lines.stream().anyMatch(l -> l.contains(hashed)),
                "the completed upload is logged by its key's hash " + hashed + ": " + lines);
        String mark = MARK.toLowerCase(Locale.ROOT);
        List<String> leaks = lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(mark)).toList();
        assertEquals(List.of(), leaks, "log records holding request content");
        assertEquals(List.of(), capture.withThrowable, "log records with a stack trace");
        assertFalse(lines.stream().anyMatch(l -> l.contains("Jane") || l.contains("MRN")), lines.toString());
    }
}
