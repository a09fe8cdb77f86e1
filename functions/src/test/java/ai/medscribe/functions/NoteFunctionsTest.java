package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.medscribe.model.ModelKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** generate, infill and benchmark over plain HTTP JSON, on the tiny bundles trained in the test setup. */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class NoteFunctionsTest {

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static JsonPath post(String function, Object body) {
        return given().contentType("application/json").body(body)
                .when().post("/" + function)
                .then().statusCode(200).extract().jsonPath();
    }

    private String sha(ModelKind kind) {
        return registry.bundle(kind).orElseThrow().sha256();
    }

    @Test
    void generateReturnsNotesWithSectionsChecksAndTheModel() {
        JsonPath r = post("generate", Map.of("count", 2, "steps", 10, "seed", 3));
        assertEquals(2, r.getList("notes").size());
        assertEquals("diffusion-tiny", r.getString("model.id"));
        assertEquals(sha(ModelKind.DIFFUSION), r.getString("model.sha256"));
        assertEquals("scaffold", r.getString("mode"));
        assertEquals("frontier", r.getString("strategy"));
        assertEquals(10, r.getInt("steps"));
        for (int i = 0; i < 2; i++) {
            String note = "notes[" + i + "].";
            // The scaffold places the five headers: the structure check sees all five in order.
            assertEquals(List.of("HPI", "ROS", "EXAM", "ASSESSMENT", "PLAN"), r.getList(note + "structure.sections"));
            assertTrue(r.getBoolean(note + "structure.allSectionsInOrder"));
            assertTrue(r.getString(note + "text").startsWith("HPI:"));
            assertFalse(r.getString(note + "sections.PLAN").isBlank());
            assertTrue(r.getInt(note + "tokens") > 5);
            assertEquals(List.of(), r.getList(note + "errors.missingSections"));
            assertNull(r.get(note + "trace"));
        }
        assertTrue(r.getLong("latencyMs") >= 0);
    }

    @Test
    void theSameSeedGivesTheSameNotesAndAnotherSeedOthers() {
        Map<String, Object> request = Map.of("count", 2, "steps", 8, "seed", 42, "temperature", 1.0);
        List<String> first = post("generate", request).getList("notes.text");
        assertEquals(first, post("generate", request).getList("notes.text"));
        assertNotEquals(first, post("generate", Map.of("count", 2, "steps", 8, "seed", 43, "temperature", 1.0))
                .getList("notes.text"));
    }

    @Test
    void traceIsTheUnmaskingTrajectoryStepByStep() {
        JsonPath r = post("generate", Map.of("steps", 6, "seed", 5, "trace", true, "mode", "free", "remask", false));
        assertEquals("free", r.getString("mode"));
        List<List<String>> trace = r.getList("notes[0].trace");
        assertEquals(7, trace.size(), "the start and the canvas after each of the six steps");
        assertTrue(trace.get(0).stream().allMatch("[MASK]"::equals), "a free note starts all masked");
        assertTrue(trace.get(1).contains("[MASK]"), "masks remain after the first of six steps");
        assertFalse(trace.get(6).contains("[MASK]"), "no mask is left after the last step");
        assertEquals(128, trace.get(6).size());
        for (int step = 1; step < trace.size(); step++) {
            long before = trace.get(step - 1).stream().filter("[MASK]"::equals).count();
            long after = trace.get(step).stream().filter("[MASK]"::equals).count();
            assertTrue(after < before, "step " + step + " commits tokens");
        }
    }

    @Test
    void placedNotesStartWithTheFiveHeadersTheModelPlaced() {
        JsonPath r = post("generate", Map.of("steps", 6, "seed", 5, "trace", true, "mode", "placed", "count", 2));
        assertEquals("placed", r.getString("mode"));
        for (int n = 0; n < 2; n++) {
            List<String> start = r.getList("notes[" + n + "].trace[0]");
            List<String> headers = start.stream().filter(t -> t.endsWith(":")).toList();
            assertEquals(List.of("hpi:", "ros:", "exam:", "assessment:", "plan:"), headers,
                    "the five headers are on the canvas, in order, before the first pass");
            assertEquals(5, r.getMap("notes[" + n + "].sections").size());
        }
    }

    @Test
    void theAutoregressiveBaselineWritesNotesToo() {
        JsonPath r = post("generate", Map.of("model", "autoregressive", "count", 1, "seed", 1));
        assertEquals("autoregressive-tiny", r.getString("model.id"));
        assertEquals(sha(ModelKind.AUTOREGRESSIVE), r.getString("model.sha256"));
        assertEquals("left-to-right", r.getString("mode"));
        assertTrue(r.getString("notes[0].text").startsWith("HPI:"));
        assertNotNull(r.get("notes[0].structure"));
    }

    @Test
    void infillKeepsGivenSectionsVerbatimAndSaysWhatItGenerated() {
        String hpi = "patient reports chest pain for two days";
        String exam = "heart regular rate and rhythm";
        given().contentType("application/json")
                .body(Map.of("sections", Map.of("HPI", hpi, "EXAM", exam), "steps", 10, "seed", 9))
                .when().post("/infill")
                .then().statusCode(200)
                .body("sections.HPI", equalTo(hpi))
                .body("sections.EXAM", equalTo(exam))
                // ROS records what was asked at the visit: not written unless asked for (issue 23)
                .body("generated", equalTo(List.of("ASSESSMENT", "PLAN")))
                .body("withheld", equalTo(List.of("ROS")))
                .body("given", equalTo(List.of("HPI", "EXAM")))
                .body("model.sha256", equalTo(sha(ModelKind.DIFFUSION)))
                .body("labels.PLAN.origin", equalTo("generated"))
                .body("labels.PLAN.modelHash", equalTo(sha(ModelKind.DIFFUSION)))
                .body("labels.HPI.origin", equalTo("given"))
                .body("labels.ROS", org.hamcrest.Matchers.nullValue())
                .body("note", org.hamcrest.Matchers.startsWith("HPI: " + hpi))
                .body("sections.PLAN", notNullValue());
        given().contentType("application/json")
                .body(Map.of("sections", Map.of("HPI", hpi, "EXAM", exam), "observations", "generate", "steps", 10,
                        "seed", 9))
                .when().post("/infill")
                .then().statusCode(200)
                .body("sections.EXAM", equalTo(exam))
                .body("generated", equalTo(List.of("ROS", "ASSESSMENT", "PLAN")))
                .body("withheld", equalTo(List.of()))
                .body("labels.ROS.origin", equalTo("generated"))
                .body("note", org.hamcrest.Matchers.startsWith("HPI: " + hpi + " ROS:"));
    }

    @Test
    void regenerateAfterAnEditRewritesOnlyTheNamedSection() {
        String note = "HPI: patient presents with cough and fever ROS: denies nausea EXAM: lungs clear to auscultation "
                + "ASSESSMENT: asthma exacerbation PLAN: order chest x ray";
        JsonPath r = post("infill", Map.of("note", note, "generate", List.of("PLAN"), "lengths", Map.of("PLAN", 4),
                "seed", 2, "steps", 4));
        assertEquals(List.of("PLAN"), r.getList("generated"));
        assertEquals(List.of("HPI", "ROS", "EXAM", "ASSESSMENT"), r.getList("given"));
        assertEquals("asthma exacerbation", r.getString("sections.ASSESSMENT"));
        assertEquals("lungs clear to auscultation", r.getString("sections.EXAM"));
        assertTrue(r.getString("sections.PLAN").split(" ").length <= 4, r.getString("sections.PLAN"));
    }

    @Test
    void benchmarkSweepsStepCountsAgainstTheBaseline() {
        given().contentType("application/json")
                .body(Map.of("stepCounts", List.of(2, 4), "samples", 2, "includeAutoregressive", true))
                .when().post("/benchmark")
                .then().statusCode(200)
                .body("sweep", hasSize(4))
                .body("sweep.mode", hasItem("scaffold"))
                .body("sweep.mode", hasItem("free"))
                .body("sweep.steps", equalTo(List.of(2, 4, 2, 4)))
                .body("sweep.samples", everyItem(equalTo(2)))
                .body("sweep.latencyP50Ms", everyItem(greaterThan(0f)))
                .body("sweep.tokensPerSecond", everyItem(greaterThan(0f)))
                .body("autoregressive.mode", equalTo("autoregressive"))
                .body("autoregressiveCached.mode", equalTo("autoregressive-cached"))
                .body("speedup", greaterThan(0f))
                .body("speedupVsCached", greaterThan(0f))
                .body("hardware", notNullValue())
                .body("models.id", equalTo(List.of("diffusion-tiny", "autoregressive-tiny")));
        given().contentType("application/json")
                .body(Map.of("stepCounts", List.of(3), "samples", 1, "includeAutoregressive", false))
                .when().post("/benchmark")
                .then().statusCode(200)
                .body("sweep", hasSize(2))
                .body("autoregressive", nullValue())
                .body("autoregressiveCached", nullValue())
                .body("speedup", nullValue());
    }
}
