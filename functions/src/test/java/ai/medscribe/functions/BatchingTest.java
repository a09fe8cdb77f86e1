package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.service.NoteBatcher;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Batched serving on the tiny bundles: concurrent requests share sampler batches and get the
 * notes they get one at a time; a full queue answers 429 with Retry-After, and the service keeps
 * serving. The batch thread is held ({@link NoteBatcher#pause}) so that requests wait in the queue
 * for certain: nothing here depends on timing.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
@TestProfile(BatchingTest.SmallQueue.class)
class BatchingTest {

    static final int MAX_QUEUE = 4;

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medscribe.batching.enabled", "true", "medscribe.batching.max-queue", String.valueOf(MAX_QUEUE),
                    "medscribe.batching.max-batch", "16", "medscribe.batching.window", "5ms");
        }
    }

    @Inject
    BundleRegistry registry;

    @Inject
    NoteBatcher batcher;

    private final ExecutorService clients = Executors.newFixedThreadPool(MAX_QUEUE + 1);

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    @AfterEach
    void release() {
        batcher.pause(false);
        clients.shutdownNow();
    }

    /**
     * Three compatible requests (one writes two notes, one is an infill that asks for generate's default
     * threshold, as its own default is none) and one with other steps.
     */
    private static final List<Call> CALLS = List.of(
            new Call("generate", Map.of("steps", 10, "seed", 5)),
            new Call("generate", Map.of("steps", 10, "seed", 9, "count", 2)),
            new Call("infill", Map.of("note", "HPI: patient reports cough for two days EXAM: lungs clear",
                    "generate", List.of("PLAN"), "steps", 10, "seed", 5, "threshold", 0.75)),
            new Call("generate", Map.of("steps", 6, "seed", 5)));

    private record Call(String function, Map<String, Object> body) {
        Response send() {
            return given().contentType("application/json").body(body).when().post("/" + function);
        }

        /** The notes of an answer, as text. */
        static Object notes(Response r) {
            return r.jsonPath().get(r.jsonPath().get("notes") != null ? "notes.text" : "note");
        }
    }

    @Test
    void concurrentRequestsGetTheNotesTheyGetOneAtATime() throws Exception {
        List<Object> sequential = new ArrayList<>();
        for (Call call : CALLS) {
            Response r = call.send();
            assertEquals(200, r.statusCode(), r.asString());
            sequential.add(Call.notes(r));
        }
        batcher.pause(true);
        List<Future<Response>> answers = new ArrayList<>();
        for (Call call : CALLS) {
            answers.add(clients.submit(call::send));
        }
        awaitQueued(CALLS.size());
        long before = batcher.batches();
        batcher.pause(false);
        for (int i = 0; i < CALLS.size(); i++) {
            Response r = answers.get(i).get();
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(sequential.get(i), Call.notes(r), "request " + i);
        }
        // the three compatible requests shared one batch, the one with other steps had its own
        assertEquals(2, batcher.batches() - before);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndServingGoesOn() throws Exception {
        batcher.pause(true);
        List<Future<Response>> waiting = new ArrayList<>();
        for (int i = 0; i < MAX_QUEUE; i++) {
            Map<String, Object> body = Map.of("steps", 5, "seed", 100 + i);
            waiting.add(clients.submit(() -> new Call("generate", body).send()));
        }
        awaitQueued(MAX_QUEUE);
        Response refused = new Call("generate", Map.of("steps", 5, "seed", 7)).send();
        assertEquals(429, refused.statusCode(), refused.asString());
        assertTrue(Long.parseLong(refused.getHeader("Retry-After")) >= 1, "Retry-After in seconds");
        assertEquals("overloaded", refused.jsonPath().getString("error"));
        assertEquals("request", refused.jsonPath().getString("field"));
        assertEquals(MAX_QUEUE, refused.jsonPath().getInt("limit"));
        Response refusedInfill = CALLS.get(2).send();
        assertEquals(429, refusedInfill.statusCode());
        batcher.pause(false);
        for (Future<Response> f : waiting) {
            assertEquals(200, f.get().statusCode());
        }
        Response after = new Call("generate", Map.of("steps", 5, "seed", 7)).send();
        assertEquals(200, after.statusCode(), after.asString());
        assertEquals(1, after.jsonPath().getList("notes").size());
    }

    /** Waits (polling, no time assertion) until {@code n} requests wait in the queue. */
    private void awaitQueued(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (batcher.queued() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + batcher.queued() + " of " + n + " requests reached the queue");
            }
            Thread.sleep(5);
        }
    }
}
