package ai.medscribe.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Objects the local store refuses for good are answered by cause, promptly, with a 4xx a broker
 * does not redeliver: a folder key and a FIFO 422, a 300 MB object 413 naming the limit (not read),
 * bytes that are not UTF-8 415. Errors of CloudEvents posted to {@code /} count under their function.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class UploadRefusalTest {

    private static final Path INCOMING = Path.of("target/test-store/notes/incoming");
    private static final Duration BOUND = Duration.ofMinutes(2);

    @Inject
    MeterRegistry meters;

    private static String gcsData(String key) {
        return "{\"bucket\":\"notes\",\"name\":\"" + key + "\"}";
    }

    @Test
    void aFolderKeyIs422() throws Exception {
        Files.createDirectories(INCOMING.resolve("sub-folder"));
        assertTimeoutPreemptively(BOUND, () -> given().contentType("application/json").body(gcsData("incoming/sub-folder"))
                .when().post("/complete-upload")
                .then().statusCode(422).body("field", equalTo("key")).body("limit", equalTo("a regular file")));
    }

    @Test
    void aFifoIs422AndHoldsNoThread() throws Exception {
        Path fifo = Files.createDirectories(INCOMING).resolve("fifo-" + System.nanoTime() + ".txt");
        int made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        } catch (IOException noMkfifo) {
            made = -1;
        }
        assumeTrue(made == 0, "mkfifo is not available");
        try {
            assertTimeoutPreemptively(BOUND, () -> given().contentType("application/json")
                    .body(gcsData("incoming/" + fifo.getFileName()))
                    .when().post("/complete-upload")
                    .then().statusCode(422).body("field", equalTo("key")));
        } finally {
            Files.deleteIfExists(fifo);
        }
    }

    @Test
    void aThreeHundredMegabyteObjectIs413NamingTheLimit() throws Exception {
        Path big = Files.createDirectories(INCOMING).resolve("big-300mb.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(300L << 20); // sparse: the store refuses it by its size, without reading it
        }
        try {
            assertTimeoutPreemptively(BOUND, () -> given().contentType("application/json").body(gcsData("incoming/big-300mb.txt"))
                    .when().post("/complete-upload")
                    .then().statusCode(413).body("field", equalTo("object")).body("limit", equalTo(8000))
                    .body("message", containsString("8000")));
        } finally {
            Files.deleteIfExists(big);
        }
    }

    @Test
    void bytesThatAreNotUtf8Are415() throws Exception {
        Files.write(Files.createDirectories(INCOMING).resolve("latin1.txt"),
                new byte[] {'H', 'P', 'I', ':', ' ', (byte) 0xE9, 't', 'a', 't'});
        given().contentType("application/json").body(gcsData("incoming/latin1.txt"))
                .when().post("/complete-upload")
                .then().statusCode(415).body("field", equalTo("object"));
    }

    @Test
    void errorsOfCloudEventsAtTheRootCountUnderTheirFunction() throws Exception {
        Files.createDirectories(INCOMING.resolve("event-folder"));
        double before = errors("complete-upload", "422");
        given().contentType("application/json")
                .header("ce-id", "evt-folder").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "google.cloud.storage.object.v1.finalized")
                .body(gcsData("incoming/event-folder"))
                .when().post("/")
                .then().statusCode(422);
        assertEquals(before + 1, errors("complete-upload", "422"));
    }

    private double errors(String function, String status) {
        Counter c = meters.find("medscribe.function.errors").tag("function", function).tag("status", status).counter();
        return c == null ? 0 : c.count();
    }
}
