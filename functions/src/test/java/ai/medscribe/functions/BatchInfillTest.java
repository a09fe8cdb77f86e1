package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.service.NoteBatcher;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * infill of a list of notes ({@code notes}) on the tiny bundles, batching on (the default): one
 * sampler batch per list, each result the single request's answer for the same note and seed, and
 * every refusal naming the field (and the note's index) before anything is written.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class BatchInfillTest {

    static final int MAX_NOTES = 16;

    @Inject
    BundleRegistry registry;

    @Inject
    NoteBatcher batcher;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    /** Three notes: two by text (seeds 11 and 12: the request's seed plus the index), one by sections with its own seed. */
    private static final List<Map<String, Object>> NOTES = List.of(
            Map.of("note", "HPI: patient reports cough for two days EXAM: lungs clear", "generate", List.of("PLAN")),
            Map.of("note", "HPI: headache since this morning ROS: no fever", "generate", List.of("ASSESSMENT", "PLAN")),
            Map.of("sections", Map.of("HPI", "back pain after lifting", "PLAN", "rest and ibuprofen"),
                    "generate", List.of("EXAM"), "seed", 40));
    private static final List<Long> SEEDS = List.of(11L, 12L, 40L);
    private static final List<String> GIVEN_HPI = List.of("patient reports cough for two days",
            "headache since this morning", "back pain after lifting");

    private static Response post(Object body) {
        return given().contentType("application/json").body(body).when().post("/infill");
    }

    private static Map<String, Object> list(List<?> notes) {
        return Map.of("notes", notes, "steps", 8, "seed", 11);
    }

    @Test
    void aListIsFilledInOneBatchAndEachNoteIsTheSingleAnswer() {
        long before = batcher.batches();
        Response r = post(list(NOTES));
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(before + 1, batcher.batches(), "one sampler batch for the list");
        List<Map<String, Object>> results = r.jsonPath().getList("results");
        assertEquals(3, results.size());
        for (int i = 0; i < NOTES.size(); i++) {
            JsonPath result = new JsonPath(r.asString()).setRootPath("results[" + i + "]");
            assertEquals(GIVEN_HPI.get(i), result.getString("sections.HPI"), "note " + i + " keeps its text");
            assertEquals(SEEDS.get(i), result.getLong("seed"));
            Map<String, Object> single = new HashMap<>(NOTES.get(i));
            single.put("steps", 8);
            single.put("seed", SEEDS.get(i));
            Response alone = post(single);
            assertEquals(200, alone.statusCode(), alone.asString());
            JsonPath one = alone.jsonPath();
            for (String field : List.of("note", "sections", "generated", "given", "unparsed", "model", "steps",
                    "temperature", "seed")) {
                assertEquals((Object) one.get(field), result.get(field), "note " + i + ": " + field);
            }
        }
        assertEquals("rest and ibuprofen", r.jsonPath().getString("results[2].sections.PLAN"));
    }

    @Test
    void aListInFhirIsOneDocumentPerNote() {
        Map<String, Object> body = new HashMap<>(list(NOTES));
        body.put("format", "fhir");
        Response r = post(body);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(List.of("Bundle", "Bundle", "Bundle"), r.jsonPath().getList("results.resourceType"));
        assertEquals(List.of("document", "document", "document"), r.jsonPath().getList("results.type"));
    }

    @Test
    void noteAndNotesTogetherAreRefused() {
        Map<String, Object> body = new HashMap<>(list(NOTES));
        body.put("note", "HPI: cough");
        refused(post(body), 400, "notes");
        Map<String, Object> sections = new HashMap<>(list(NOTES));
        sections.put("sections", Map.of("HPI", "cough"));
        refused(post(sections), 400, "notes");
    }

    @Test
    void anEmptyOrTooLongListIsRefusedNamingTheLimit() {
        Response empty = refused(post(list(List.of())), 400, "notes");
        assertEquals("1.." + MAX_NOTES + " items", empty.jsonPath().getString("limit"));
        Response tooMany = refused(post(list(Collections.nCopies(MAX_NOTES + 1, NOTES.get(0)))), 400, "notes");
        assertEquals("1.." + MAX_NOTES + " items", tooMany.jsonPath().getString("limit"));
        assertTrue(tooMany.jsonPath().getString("message").contains("had " + (MAX_NOTES + 1)));
        refused(post(Map.of("notes", "HPI: cough")), 400, "notes");
    }

    @Test
    void aBadNoteIsRefusedByIndexAndNothingIsWritten() {
        long before = batcher.batches();
        List<Object> unknownSection = new ArrayList<>(NOTES);
        unknownSection.set(1, Map.of("note", "HPI: cough", "generate", List.of("DIET")));
        refused(post(list(unknownSection)), 400, "notes[1].generate[0]");
        List<Object> noHeader = new ArrayList<>(NOTES);
        noHeader.set(1, Map.of("note", "just some words"));
        refused(post(list(noHeader)), 422, "notes[1].note");
        List<Object> unknownField = new ArrayList<>(NOTES);
        unknownField.set(1, Map.of("note", "HPI: cough", "steps", 3));
        refused(post(list(unknownField)), 400, "notes[1].steps");
        List<Object> notAnObject = new ArrayList<>(NOTES);
        notAnObject.set(1, "HPI: cough");
        refused(post(list(notAnObject)), 400, "notes[1]");
        // text longer than the model holds: the sampler's own check, made before the batch runs
        List<Object> tooLong = new ArrayList<>(NOTES);
        tooLong.set(1, Map.of("note", "HPI: " + "cough ".repeat(300), "generate", List.of("PLAN")));
        // a list is written in one canvas per note (no windows): 422 naming the field the note was sent in
        Response r = post(list(tooLong));
        assertEquals(422, r.statusCode(), r.asString());
        assertEquals("notes[1].note", r.jsonPath().getString("field"), r.asString());
        assertEquals(128, r.jsonPath().getInt("limit"), r.asString());
        assertEquals(before, batcher.batches(), "nothing written");

        Response after = post(list(NOTES.subList(0, 2)));
        assertEquals(200, after.statusCode(), after.asString());
        assertEquals(2, after.jsonPath().getList("results").size());
    }

    private static Response refused(Response r, int status, String field) {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(field, r.jsonPath().getString("field"), r.asString());
        return r;
    }
}
