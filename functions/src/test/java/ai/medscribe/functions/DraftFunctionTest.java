package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.draft.DraftBundle;
import ai.medscribe.draft.Support;
import ai.medscribe.functions.bundles.DraftingBundles;
import ai.medscribe.functions.fhir.TranscriptDrafts;
import ai.medscribe.functions.service.DraftService;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.LocalObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * draft end to end on tiny drafting bundles: both models answer each section asked with its text,
 * passes, sentences and their supporting turns; the answer names the bundle's model hash and the
 * transcript's SHA-256 but never holds the transcript; format fhir names the transcript by its hash
 * only; every bad request is a 4xx naming the field and the limit, and the service keeps serving.
 */
@QuarkusTest
@WithTestResource(TinyDraftBundlesResource.class)
class DraftFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DraftingBundles drafting;
    @Inject
    BundleRegistry registry;

    @BeforeEach
    void loaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
        DraftingBundles.Status s = drafting.await(Duration.ofMinutes(2));
        assertEquals(Map.of(), s.missing(), "every drafting bundle loads");
    }

    private static Response post(Object body) {
        return given().contentType("application/json").body(body).when().post("/draft");
    }

    private static String modelHash(ModelKind kind) throws Exception {
        return JSON.readTree(Files.readString(TinyDraftBundles.directory().resolve(kind.id()).resolve(DraftBundle.METADATA)))
                .path("modelHash").asText();
    }

    @Test
    void diffusionDraftsEachSectionAskedWithItsSupport() throws Exception {
        String transcript = TinyDraftBundles.TRANSCRIPT;
        JsonNode answer = JSON.readTree(post(Map.of("transcript", transcript, "sections", List.of("HPI", "assessment",
                "PLAN"), "steps", 8)).then().statusCode(200).extract().asString());
        assertEquals("diffusion", answer.path("model").asText());
        assertEquals(modelHash(ModelKind.DIFFUSION), answer.path("modelHash").asText());
        assertTrue(answer.path("modelHash").asText().length() >= 32, answer.toString());
        assertEquals(DraftService.sha256(transcript), answer.path("transcriptSha256").asText());
        assertEquals(8, answer.path("steps").asInt());
        assertEquals(0.9, answer.path("threshold").asDouble());
        JsonNode sections = answer.path("sections");
        assertEquals(3, sections.size(), answer.toString());
        List<String[]> names = List.of(new String[] {"HPI", "GENHX"}, new String[] {"ASSESSMENT", "ASSESSMENT"},
                new String[] {"PLAN", "PLAN"});
        for (int i = 0; i < 3; i++) {
            JsonNode s = sections.get(i);
            assertEquals(names.get(i)[0], s.path("name").asText());
            assertEquals(names.get(i)[1], s.path("header").asText());
            assertTrue(s.path("generated").asBoolean());
            assertTrue(s.path("text").isTextual(), s.toString());
            assertTrue(s.path("passes").asInt() >= 1 && s.path("passes").asInt() <= 8, s.toString());
            assertTrue(s.path("millis").asDouble() > 0, s.toString());
            assertSentences(s, transcript);
        }
        // a tiny model may end a section at once (padding first); not all three
        assertTrue(java.util.stream.IntStream.range(0, 3).anyMatch(i -> !sections.get(i).path("text").asText().isBlank()),
                answer.toString());
        assertFalse(answer.toString().contains(transcript), "the answer never holds the transcript");
        assertFalse(answer.toString().contains("What brings you"), "the answer never holds the transcript");
    }

    @Test
    void autoregressiveDraftsTooAndTheDefaultSectionIsHpi() throws Exception {
        JsonNode answer = JSON.readTree(post(Map.of("transcript", TinyDraftBundles.TRANSCRIPT, "model",
                "autoregressive")).then().statusCode(200).extract().asString());
        assertEquals("autoregressive", answer.path("model").asText());
        assertEquals(modelHash(ModelKind.AUTOREGRESSIVE), answer.path("modelHash").asText());
        assertFalse(answer.has("steps"), "no diffusion options for autoregressive: " + answer);
        assertEquals(1, answer.path("sections").size());
        JsonNode hpi = answer.path("sections").get(0);
        assertEquals("HPI", hpi.path("name").asText());
        assertEquals("GENHX", hpi.path("header").asText());
        assertTrue(hpi.path("passes").asInt() >= 1);
        assertSentences(hpi, TinyDraftBundles.TRANSCRIPT);
        // greedy decoding: the same request drafts the same text
        post(Map.of("transcript", TinyDraftBundles.TRANSCRIPT, "model", "autoregressive")).then().statusCode(200)
                .body("sections[0].text", equalTo(hpi.path("text").asText()));
    }

    @Test
    void fhirNamesTheTranscriptByItsHashOnly() throws Exception {
        String transcript = TinyDraftBundles.TRANSCRIPT;
        String body = post(Map.of("transcript", transcript, "sections", List.of("HPI", "CC"), "format", "fhir"))
                .then().statusCode(200).body("resourceType", equalTo("Bundle")).body("type", equalTo("document"))
                .extract().asString();
        JsonNode doc = JSON.readTree(body);
        assertFalse(body.contains("What brings you") || body.contains(transcript), "no transcript text in the document");
        JsonNode composition = doc.path("entry").get(0).path("resource");
        assertEquals("Composition", composition.path("resourceType").asText());
        assertEquals("preliminary", composition.path("status").asText());
        assertEquals(2, composition.path("section").size());
        assertEquals("10164-2", composition.path("section").get(0).path("code").path("coding").get(0).path("code").asText());
        assertEquals("CC", composition.path("section").get(1).path("title").asText());
        JsonNode provenance = doc.path("entry").get(2).path("resource");
        assertEquals("Provenance", provenance.path("resourceType").asText());
        JsonNode what = provenance.path("entity").get(0).path("what").path("identifier");
        assertEquals(TranscriptDrafts.TRANSCRIPT_SHA256_SYSTEM, what.path("system").asText());
        assertEquals(DraftService.sha256(transcript), what.path("value").asText());
        JsonNode device = doc.path("entry").get(1).path("resource");
        assertEquals(modelHash(ModelKind.DIFFUSION), device.path("identifier").get(0).path("value").asText());
    }

    /**
     * A section's sentences are its text's, each with the turns {@link Support#link} finds in the
     * transcript (indices in range), and unsupportedSentences counts the flagged ones.
     */
    static void assertSentences(JsonNode section, String transcript) {
        String text = section.path("text").asText();
        List<Support.Sentence> expected = Support.link(text, transcript);
        JsonNode sentences = section.path("sentences");
        assertEquals(expected.size(), sentences.size(), section.toString());
        assertEquals(text.isBlank(), sentences.isEmpty(), section.toString());
        int turns = Support.turns(transcript).size();
        int unsupported = 0;
        for (int j = 0; j < expected.size(); j++) {
            JsonNode sentence = sentences.get(j);
            assertEquals(expected.get(j).text(), sentence.path("text").asText());
            assertTrue(text.contains(sentence.path("text").asText()), section.toString());
            assertEquals(expected.get(j).supported(), sentence.path("supported").asBoolean());
            List<Integer> got = new java.util.ArrayList<>();
            sentence.path("turns").forEach(t -> got.add(t.asInt()));
            assertEquals(expected.get(j).turns(), got, section.toString());
            assertTrue(got.stream().allMatch(t -> t >= 0 && t < turns), section.toString());
            unsupported += expected.get(j).supported() ? 0 : 1;
        }
        assertEquals(unsupported, section.path("unsupportedSentences").asInt(), section.toString());
    }

    static Stream<Arguments> badRequests() {
        String transcript = TinyDraftBundles.TRANSCRIPT;
        String longInTokens = "Doctor: How are you?\nPatient:" + " I have a cough and it hurts.".repeat(12);
        return Stream.of(
                Arguments.of(Map.of(), 400, "transcript", "required, not blank"),
                Arguments.of(Map.of("transcript", "  \n "), 400, "transcript", "required, not blank"),
                Arguments.of(Map.of("transcript", "x".repeat(20_001)), 413, "transcript", 20000),
                Arguments.of(Map.of("transcript", longInTokens), 413, "transcript", "48 tokens"),
                Arguments.of(Map.of("transcript", 5), 400, "transcript", "a string of at most 20000 characters"),
                Arguments.of(Map.of("transcript", transcript, "sections", List.of("HPI", "SOCIAL")), 400, "sections[1]",
                        ai.medscribe.functions.api.dto.SectionName.CHOICES),
                Arguments.of(Map.of("transcript", transcript, "sections", List.of()), 400, "sections", "1..10 items"),
                Arguments.of(Map.of("transcript", transcript, "sections", "HPI"), 400, "sections",
                        "an array of 1..10 items"),
                Arguments.of(Map.of("transcript", transcript, "sections", List.of("HPI", "HPI", "HPI", "HPI", "HPI",
                        "HPI", "HPI", "HPI", "HPI", "HPI", "HPI")), 400, "sections", "1..10 items"),
                Arguments.of(Map.of("transcript", transcript, "sections", List.of(3)), 400, "sections[0]",
                        ai.medscribe.functions.api.dto.SectionName.CHOICES),
                Arguments.of(Map.of("transcript", transcript, "steps", 0), 400, "steps", "1..512"),
                Arguments.of(Map.of("transcript", transcript, "steps", 513), 400, "steps", "1..512"),
                Arguments.of(Map.of("transcript", transcript, "steps", 2.5), 400, "steps", "1..512"),
                Arguments.of(Map.of("transcript", transcript, "steps", "8"), 400, "steps", "1..512"),
                Arguments.of(Map.of("transcript", transcript, "threshold", 0), 400, "threshold", "> 0 and <= 1"),
                Arguments.of(Map.of("transcript", transcript, "threshold", 1.5), 400, "threshold", "> 0 and <= 1"),
                Arguments.of(Map.of("transcript", transcript, "model", "gpt"), 400, "model", "diffusion|autoregressive"),
                Arguments.of(Map.of("transcript", transcript, "format", "xml"), 400, "format", "json|fhir"),
                Arguments.of(Map.of("transcript", transcript, "temperature", 1), 400, "temperature",
                        List.of("format", "model", "sections", "steps", "threshold", "transcript")));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestsNameTheFieldAndTheLimitAndTheServiceKeepsServing(Map<String, Object> body, int status, String field,
            Object limit) {
        post(body).then().statusCode(status).body("error", notNullValue()).body("field", equalTo(field))
                .body("limit", equalTo(limit)).body("message", containsString(field.replaceAll("\\[.*", "")));
        // a good request right after
        post(Map.of("transcript", TinyDraftBundles.TRANSCRIPT, "steps", 4)).then().statusCode(200)
                .body("sections", hasSize(1)).body("sections[0].generated", equalTo(true))
                .body("modelHash", notNullValue());
    }

    @Test
    void aConversationOverTheRegionIsDraftedFromTheTurnsChosenForEachSection() {
        // 24 short turns, about 180 tokens: over the tiny model's 48-token region
        String encounter = "Doctor: How are you?\nPatient: I have a cough and it hurts.\n".repeat(12);
        post(Map.of("transcript", encounter, "sections", List.of("HPI", "PLAN"), "steps", 4)).then().statusCode(200)
                .body("sections", hasSize(2))
                .body("sections[0].turns.of", equalTo(24)).body("sections[1].turns.of", equalTo(24))
                .body("sections[0].turns.to", org.hamcrest.Matchers.greaterThan(0))
                .body("sections[0].turns.from", org.hamcrest.Matchers.lessThan(24));
        // one that fits is drafted whole, and says nothing of turns
        post(Map.of("transcript", TinyDraftBundles.TRANSCRIPT, "steps", 4)).then().statusCode(200)
                .body("sections[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("turns")));
    }

    @Test
    void malformedJsonIsRefused() {
        given().contentType("application/json").body("{\"transcript\":").when().post("/draft").then().statusCode(400)
                .body("field", equalTo("body"));
        given().contentType("application/json").body("[1]").when().post("/draft").then().statusCode(400)
                .body("field", equalTo("body"));
    }

    @Test
    void readinessNamesTheDraftingBundles() throws Exception {
        String hash = modelHash(ModelKind.DIFFUSION);
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'drafting-bundles' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'drafting-bundles' }.data.diffusion", equalTo("model hash " + hash))
                .body("checks.find { it.name == 'drafting-bundles' }.data.autoregressive",
                        equalTo("model hash " + modelHash(ModelKind.AUTOREGRESSIVE)));
    }

    @Test
    void anUploadedTranscriptIsDraftedOnceWithItsProvenanceAndATooLongOneWritesNothing() throws Exception {
        LocalObjectStore store = new LocalObjectStore(java.nio.file.Path.of("target/test-store"));
        String transcript = TinyDraftBundles.transcript("earache", "four");
        String key = "transcripts/draft-test/visit-" + System.nanoTime() + ".txt";
        store.put("notes", key, transcript.getBytes(StandardCharsets.UTF_8), "text/plain");
        String event = "{\"bucket\":\"notes\",\"name\":\"" + key + "\"}";
        JsonNode done = JSON.readTree(given().contentType("application/json").body(event).when().post("/complete-upload")
                .then().statusCode(200).extract().asString()).get(0);
        String outputKey = done.path("outputKey").asText();
        String sha = DraftService.sha256(transcript);
        assertEquals("completed/draft-test/" + key.substring(key.lastIndexOf('/') + 1, key.length() - 4) + "."
                + sha.substring(0, 16) + ".draft.json", outputKey);
        assertFalse(done.path("alreadyCompleted").asBoolean());
        assertEquals("[\"HPI\",\"ASSESSMENT\",\"PLAN\"]", done.path("sections").toString());
        JsonNode provenance = done.path("provenance");
        assertEquals(modelHash(ModelKind.DIFFUSION), provenance.path("modelHash").asText());
        assertEquals(sha, provenance.path("transcriptSha256").asText());
        assertEquals(24, provenance.path("steps").asInt());
        assertEquals(key, provenance.path("sourceKey").asText());
        assertTrue(java.time.Instant.parse(provenance.path("time").asText()).isAfter(java.time.Instant.now().minusSeconds(600)));
        String written = new String(store.read("notes", outputKey), StandardCharsets.UTF_8);
        assertFalse(written.contains("What brings you") || written.contains(transcript), "no transcript in the output");
        JsonNode doc = JSON.readTree(written);
        assertEquals(provenance, doc.path("provenance"));
        assertEquals(3, doc.path("draft").path("sections").size());
        assertEquals("PLAN", doc.path("draft").path("sections").get(2).path("name").asText());
        assertSentences(doc.path("draft").path("sections").get(0), transcript);
        // redelivered: found, nothing drafted or written again
        given().contentType("application/json").body(event).when().post("/complete-upload").then().statusCode(200)
                .body("[0].alreadyCompleted", equalTo(true)).body("[0].outputKey", equalTo(outputKey))
                .body("[0].provenance.time", equalTo(provenance.path("time").asText()));

        String longKey = "transcripts/draft-test/long-" + System.nanoTime() + ".txt";
        store.put("notes", longKey, ("Doctor: How are you?\nPatient:" + " I have a cough and it hurts.".repeat(12))
                .getBytes(StandardCharsets.UTF_8), "text/plain");
        given().contentType("application/json").body("{\"bucket\":\"notes\",\"name\":\"" + longKey + "\"}").when()
                .post("/complete-upload").then().statusCode(413).body("field", equalTo("transcript"))
                .body("limit", equalTo("48 tokens")).body("message", containsString("tokens"));
        String stem = longKey.substring(longKey.lastIndexOf('/') + 1, longKey.length() - 4);
        assertEquals(List.of(), store.list("notes", "completed/draft-test/").stream().filter(k -> k.contains(stem)).toList());
        // a partial note under the note prefix is still completed by the note trigger
        store.put("notes", "incoming/draft-test-note.txt", "HPI: cough\nPLAN:".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        given().contentType("application/json").body("{\"bucket\":\"notes\",\"name\":\"incoming/draft-test-note.txt\"}")
                .when().post("/complete-upload").then().statusCode(200).body("[0].generated", hasItem("PLAN"));
    }
}
