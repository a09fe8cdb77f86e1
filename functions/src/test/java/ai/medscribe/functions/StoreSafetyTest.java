package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.medscribe.store.LocalObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The upload trigger on the local store: a key whose real path leaves the bucket (a symbolic link)
 * is refused and nothing of the linked file is written; eight concurrent deliveries of one upload
 * event run the model once and the other seven answer {@code alreadyCompleted}.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class StoreSafetyTest {

    private static final Path ROOT = Path.of("target/test-store");
    private static final LocalObjectStore STORE = new LocalObjectStore(ROOT);

    @Inject
    BundleRegistry registry;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static String gcsData(String key) {
        return "{\"bucket\":\"notes\",\"name\":\"" + key + "\"}";
    }

    private double modelRuns() {
        Counter c = meters.find("medscribe.function.model.runs").tag("function", "complete-upload").counter();
        return c == null ? 0 : c.count();
    }

    private static long completions(String prefix) throws Exception {
        Path dir = Files.createDirectories(ROOT.resolve("notes/completed"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    @Test
    void aKeyLinkedOutOfTheBucketIsRefusedAndNothingIsWritten() throws Exception {
        Path outside = Files.createTempDirectory("medscribe-outside");
        Path secret = Files.writeString(outside.resolve("secret.txt"), "HPI: a note from outside the store.");
        Path incoming = Files.createDirectories(ROOT.resolve("notes/incoming"));
        Path link = incoming.resolve("linked-out.txt");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link.toAbsolutePath(), secret);
        Path linkedDir = incoming.resolve("linked-dir");
        Files.deleteIfExists(linkedDir);
        Files.createSymbolicLink(linkedDir.toAbsolutePath(), outside);
        double before = modelRuns();

        given().contentType("application/json").body(gcsData("incoming/linked-out.txt"))
                .when().post("/complete-upload")
                .then().statusCode(403).body("field", equalTo("key")).body("error", equalTo("invalid request"));
        given().contentType("application/json")
                .header("ce-id", "evt-link").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "google.cloud.storage.object.v1.finalized")
                .body(gcsData("incoming/linked-dir/secret.txt"))
                .when().post("/")
                .then().statusCode(403).body("field", equalTo("key"));

        assertEquals(0, completions("linked-"));
        assertEquals(before, modelRuns());
        try (Stream<Path> files = Files.walk(ROOT.resolve("notes/completed"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains("from outside the store"), f.toString());
            }
        }
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(secret), files.toList(), "nothing written outside the store");
        }
    }

    @Test
    void eightConcurrentDeliveriesOfOneUploadRunTheModelOnce() throws Exception {
        String key = "incoming/concurrent-" + System.nanoTime() + ".txt";
        STORE.put("notes", key, "HPI: chest pain on exertion. EXAM: normal heart sounds.".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        String prefix = key.substring("incoming/".length(), key.length() - ".txt".length()) + ".";
        double before = modelRuns();

        int deliveries = 8;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                boolean asEvent = i % 2 == 0;
                answers.add(pool.submit(() -> {
                    go.await();
                    var request = given().contentType("application/json").body(gcsData(key));
                    if (asEvent) {
                        request = request.header("ce-id", "evt-same").header("ce-specversion", "1.0")
                                .header("ce-source", "//storage.googleapis.com")
                                .header("ce-type", "google.cloud.storage.object.v1.finalized");
                    }
                    return request.when().post(asEvent ? "/" : "/complete-upload");
                }));
            }
            go.countDown();
            int fresh = 0;
            String outputKey = null;
            for (Future<Response> answer : answers) {
                Response r = answer.get(5, TimeUnit.MINUTES);
                assertEquals(200, r.statusCode(), r.asString());
                if (!r.jsonPath().getBoolean("[0].alreadyCompleted")) {
                    fresh++;
                }
                String out = r.jsonPath().getString("[0].outputKey");
                assertTrue(outputKey == null || outputKey.equals(out), out);
                outputKey = out;
            }
            assertEquals(1, fresh, "one delivery completes the upload, the others answer alreadyCompleted");
            assertEquals(before + 1, modelRuns(), "the model ran once for eight deliveries");
            assertEquals(1, completions(prefix));
        } finally {
            pool.shutdownNow();
        }
    }
}
