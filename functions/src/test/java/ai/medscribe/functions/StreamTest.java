package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.web.NoteStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** generate/stream and infill/stream: the denoising steps as Server-Sent Events, then the function's answer. */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class StreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BundleRegistry registry;

    @TestHTTPResource("/generate/stream")
    URI generateStream;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    record Event(String name, JsonNode data) {
    }

    private static List<Event> events(Response answer) throws Exception {
        List<Event> events = new ArrayList<>();
        for (String block : answer.asString().split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                }
            }
            events.add(new Event(name, JSON.readTree(data)));
        }
        return events;
    }

    private static JsonNode withoutLatency(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        copy.remove("latencyMs");
        return copy;
    }

    /** Checks the stream's shape and returns its result. */
    private static JsonNode streamed(String function, Map<String, Object> request, int steps) throws Exception {
        Response answer = given().contentType("application/json").body(request).when().post("/" + function + "/stream");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertTrue(answer.contentType().startsWith("text/event-stream"), answer.contentType());
        List<Event> events = events(answer);
        List<Event> steps0 = events.subList(0, events.size() - 2);
        // The start and then a canvas after every step (fewer when every mask is filled early).
        assertTrue(steps0.size() >= 2 && steps0.size() <= steps + 1, "steps: " + steps0.size());
        long masked = Long.MAX_VALUE;
        for (int i = 0; i < steps0.size(); i++) {
            Event step = steps0.get(i);
            assertEquals("step", step.name());
            assertEquals(i, step.data().get("step").asInt());
            long now = step.data().get("masked").asLong();
            assertTrue(now <= masked, "masked counts rise at step " + i);
            masked = now;
            assertEquals(now, count(step.data().get("text").asText(), "[MASK]"));
        }
        assertTrue(steps0.get(0).data().get("masked").asLong() > 0);
        assertEquals(0, masked, "the last canvas holds no mask");
        assertEquals("result", events.get(events.size() - 2).name());
        assertEquals("end", events.get(events.size() - 1).name());
        return events.get(events.size() - 2).data();
    }

    private static long count(String text, String token) {
        return List.of(text.split(" ")).stream().filter(token::equals).count();
    }

    private static JsonNode answered(String function, Map<String, Object> request) throws Exception {
        return JSON.readTree(given().contentType("application/json").body(request).when().post("/" + function)
                .then().statusCode(200).extract().asString());
    }

    @Test
    void generateStreamsEveryStepThenTheAnswerGenerateGives() throws Exception {
        Map<String, Object> request = Map.of("steps", 8, "seed", 11, "remask", false, "revise", 0);
        JsonNode result = streamed("generate", request, 8);
        assertFalse(result.get("notes").get(0).has("trace"), "no trace unless asked for");
        assertEquals(withoutLatency(answered("generate", request)), withoutLatency(result));
    }

    @Test
    void infillStreamsEveryStepThenTheAnswerInfillGives() throws Exception {
        Map<String, Object> request = Map.of("sections", Map.of("HPI", "cough for 3 days", "ROS", "no fever"),
                "generate", List.of("PLAN"), "steps", 6, "seed", 5, "remask", false, "revise", 0);
        JsonNode result = streamed("infill", request, 6);
        assertEquals("cough for 3 days", result.get("sections").get("HPI").asText());
        assertEquals(withoutLatency(answered("infill", request)), withoutLatency(result));
    }

    @Test
    void aBadStreamRequestIsTheUsualJsonError() {
        Map<String, String> bad = Map.of("/generate/stream", "{\"steps\":0}",
                "/infill/stream", "{\"note\":\"HPI: cough\",\"steps\":0}");
        for (String path : bad.keySet()) {
            Response answer = given().contentType("application/json").body(bad.get(path)).when().post(path);
            assertEquals(400, answer.statusCode(), path + ": " + answer.asString());
            assertTrue(answer.contentType().startsWith("application/json"), path);
            assertEquals("steps", answer.jsonPath().getString("field"), path);
        }
        Response many = given().contentType("application/json").body("{\"count\":2}").when().post("/generate/stream");
        assertEquals(400, many.statusCode());
        assertEquals("count", many.jsonPath().getString("field"));
        Response list = given().contentType("application/json").body("{\"notes\":[{\"note\":\"HPI: cough\"}]}").when()
                .post("/infill/stream");
        assertEquals(400, list.statusCode());
        assertEquals("notes", list.jsonPath().getString("field"));
        Response notJson = given().contentType("text/plain").body("steps").when().post("/generate/stream");
        assertEquals(415, notJson.statusCode(), notJson.asString());
    }

    /**
     * Live, without timing: the sampler is held after step 0 (a test hook on the sampling thread)
     * and the client reads step 0's event meanwhile; only then is the sampler let go. Were the events
     * sent once the note is written, the hold would time out before anything reached the client.
     */
    @Test
    void theFirstStepArrivesWhileTheSamplerIsStillHeld() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean timedOut = new AtomicBoolean();
        StepHold.afterStep = index -> {
            if (index == 0) {
                try {
                    timedOut.set(!release.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            HttpResponse<Stream<String>> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(generateStream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"steps\":8,\"seed\":11}")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, answer.statusCode());
            Iterator<String> lines = answer.body().iterator();
            assertEquals("event: step", lines.next());
            JsonNode first = JSON.readTree(lines.next().substring("data: ".length()));
            assertEquals(0, first.get("step").asInt());
            assertTrue(first.get("masked").asLong() > 0);
            assertEquals(1, release.getCount(), "read while the sampler is held after step 0");
            release.countDown();
            List<String> rest = new ArrayList<>();
            lines.forEachRemaining(rest::add);
            assertTrue(rest.contains("event: result"), String.join("\n", rest));
            assertEquals("event: end", rest.stream().filter(l -> l.startsWith("event: ")).reduce((a, b) -> b).get());
            assertFalse(timedOut.get(), "the sampler was held until the first event was read");
        } finally {
            StepHold.afterStep = null;
            release.countDown();
        }
    }
}
