package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.note.FormatNotes;
import ai.medscribe.note.Section;
import ai.medscribe.store.LocalObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Notes as clinicians head them (the five notes of {@code src/test/resources/notes/}): {@code infill}
 * and the upload trigger keep every piece of their text, the text outside the sections in
 * {@code unparsed} and in the note; a note without a recognised section is a 422 naming {@code note}.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class NoteFormatsTest {

    private static final LocalObjectStore STORE = new LocalObjectStore(Path.of("target/test-store"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADERLESS = "58 yo man with three days of productive cough and wheezing. "
            + "Diffuse expiratory wheezes. Likely COPD exacerbation, start prednisone.";

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static List<String> files() {
        return new ArrayList<>(FormatNotes.all().keySet());
    }

    @Test
    void theFiveNotesAreThere() {
        assertEquals(5, files().size());
        for (FormatNotes.Note n : FormatNotes.all().values()) {
            assertFalse(n.text().isBlank(), n.file());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"soap-letters.txt", "long-headers.txt", "chief-complaint-first.txt",
            "combined-assessment-plan.txt", "unknown-header.txt"})
    void infillKeepsEveryPieceOfTheNote(String file) {
        FormatNotes.Note n = FormatNotes.all().get(file);
        JsonPath r = given().contentType("application/json").body(Map.of("note", n.text(), "steps", 4, "seed", 5))
                .when().post("/infill")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(names(written(n)), r.getList("generated"), file);
        assertEquals(names(withheld(n)), r.getList("withheld"), file);
        assertEquals(names(Section.SOAP.stream().filter(s -> !n.missing().contains(s)).toList()), r.getList("given"), file);
        givenSections(n).forEach((s, text) -> assertEquals(text, r.getString("sections." + s.name()), file + " " + s));
        assertEquals(unparsed(n), unparsed(r.getList("unparsed")), file);
        assertKeepsEveryPiece(n, r.getString("note"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soap-letters.txt", "long-headers.txt", "chief-complaint-first.txt",
            "combined-assessment-plan.txt", "unknown-header.txt"})
    void theUploadTriggerKeepsEveryPieceOfTheNote(String file) throws IOException {
        FormatNotes.Note n = FormatNotes.all().get(file);
        String key = "incoming/formats/" + file;
        STORE.put("notes", key, n.text().getBytes(StandardCharsets.UTF_8), "text/plain");
        String outputKey = given().contentType("application/json")
                .body("{\"bucket\":\"notes\",\"name\":\"" + key + "\"}")
                .when().post("/complete-upload")
                .then().statusCode(200)
                .body("[0].generated", equalTo(names(written(n))))
                .body("[0].withheld", equalTo(names(withheld(n))))
                .extract().path("[0].outputKey");
        JsonNode doc = JSON.readTree(STORE.read("notes", outputKey));
        givenSections(n).forEach((s, text) -> assertEquals(text, doc.path("sections").path(s.name()).asText(), file + " " + s));
        for (Section s : written(n)) {
            assertTrue(doc.path("sections").has(s.name()), file + " " + s);
        }
        for (Section s : withheld(n)) {
            assertFalse(doc.path("labels").has(s.name()), file + " " + s + " is not written, so has no label");
        }
        List<List<String>> written = new ArrayList<>();
        doc.path("unparsed").forEach(u -> written.add(Arrays.asList(u.path("header").isNull() ? null
                : u.path("header").asText(), u.path("text").asText())));
        assertEquals(unparsed(n), written, file);
        assertKeepsEveryPiece(n, doc.path("note").asText());
    }

    @Test
    void aCombinedAssessmentAndPlanThatCannotBeSplitIsKeptAsOneNamedSection() {
        String ap = "COPD exacerbation, start prednisone and nebs";
        JsonPath r = given().contentType("application/json")
                .body(Map.of("note", "S: cough and wheeze\nA/P: " + ap, "steps", 4, "seed", 1))
                .when().post("/infill")
                .then().statusCode(200).extract().jsonPath();
        // kept whole under its own header: neither ASSESSMENT nor PLAN is written beside it, nor copied into both
        assertEquals(null, r.getString("sections.ASSESSMENT"));
        assertEquals(null, r.getString("sections.PLAN"));
        assertEquals(List.of(), r.getList("generated"));
        assertEquals(List.of("ROS", "EXAM"), r.getList("withheld"));
        assertEquals(List.of("HPI"), r.getList("given"));
        assertEquals(List.of(Arrays.asList("A/P", ap)), unparsed(r.getList("unparsed")));
        assertEquals(1, r.getString("note").split(java.util.regex.Pattern.quote(ap), -1).length - 1, r.getString("note"));
        JsonPath asked = given().contentType("application/json")
                .body(Map.of("note", "S: cough and wheeze\nA/P: " + ap, "observations", "generate", "steps", 4, "seed", 1))
                .when().post("/infill")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("ROS", "EXAM"), asked.getList("generated"));
        assertEquals("generated", asked.getString("labels.ROS.origin"));
        assertEquals(List.of(Arrays.asList("A/P", ap)), unparsed(asked.getList("unparsed")));
    }

    @Test
    void aNoteWithoutARecognisedSectionIs422ForInfill() {
        for (String note : List.of(HEADERLESS, "Medications: lisinopril 10 mg daily.\nAllergies: none.")) {
            String body = given().contentType("application/json").body(Map.of("note", note))
                    .when().post("/infill")
                    .then().statusCode(422)
                    .body("field", equalTo("note"))
                    .body("error", equalTo("invalid request"))
                    .extract().asString();
            assertErrorBodyWithoutText(body, note);
        }
    }

    @Test
    void aNoteWithoutARecognisedSectionIs422ForTheUploadTriggerAndWritesNothing() throws IOException {
        String key = "incoming/formats/headerless.txt";
        STORE.put("notes", key, HEADERLESS.getBytes(StandardCharsets.UTF_8), "text/plain");
        String body = given().contentType("application/json").body("{\"bucket\":\"notes\",\"name\":\"" + key + "\"}")
                .when().post("/complete-upload")
                .then().statusCode(422)
                .body("error", equalTo("note refused"))
                .body("field", equalTo("object")) // a text upload: the object is what was sent
                .extract().asString();
        assertErrorBodyWithoutText(body, HEADERLESS);
        assertTrue(Path.of("target/test-store/notes/failed/formats").toFile().isDirectory(), "recorded as a dead letter");
        String json = "incoming/formats/headerless.json";
        STORE.put("notes", json, JSON.writeValueAsBytes(Map.of("note", HEADERLESS)), "application/json");
        given().contentType("application/json").body("{\"bucket\":\"notes\",\"name\":\"" + json + "\"}")
                .when().post("/complete-upload")
                .then().statusCode(422)
                .body("field", equalTo("note"));
        Path completed = Path.of("target/test-store/notes/completed/formats");
        if (completed.toFile().isDirectory()) {
            try (var files = java.nio.file.Files.list(completed)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("headerless.")).count());
            }
        }
    }

    private static void assertErrorBodyWithoutText(String body, String note) {
        JsonNode error;
        try {
            error = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
        Set<String> keys = new java.util.HashSet<>();
        error.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("error", "field", "limit", "message"), keys, body);
        assertFalse(body.contains("wheez") || body.contains("lisinopril"), "the answer quotes the note: " + body);
        assertFalse(note.isBlank());
    }

    /**
     * Every piece of the note is in the completed note, whose canonical headers (the five SOAP sections
     * but those withheld) come in SOAP order; a withheld section has no header in it.
     */
    private static void assertKeepsEveryPiece(FormatNotes.Note n, String completed) {
        assertEquals(List.of(), n.piecesMissingFrom(completed), n.file() + ": " + completed);
        for (Section s : withheld(n)) {
            assertFalse(completed.contains(s.header()), n.file() + ": " + s + " withheld but in " + completed);
        }
        int at = -1;
        for (Section s : Section.SOAP.stream().filter(x -> !withheld(n).contains(x)).toList()) {
            int next = completed.indexOf(s.header(), at + 1);
            assertTrue(next > at, n.file() + ": " + s.header() + " after position " + at + " in " + completed);
            at = next;
        }
    }

    /**
     * The given sections as the service reads them: a chief complaint before the HPI is a section of its
     * own (issue 23), no longer folded into the HPI.
     */
    private static Map<Section, String> givenSections(FormatNotes.Note n) {
        Map<Section, String> given = new java.util.EnumMap<>(n.given());
        if (n == FormatNotes.CHIEF_COMPLAINT_FIRST) {
            given.put(Section.HPI, given.get(Section.HPI).substring("Chief Complaint: low back pain\n".length()));
        }
        return given;
    }

    /** The text outside the SOAP sections, by header: the chief complaint as its own named section. */
    private static List<List<String>> unparsed(FormatNotes.Note n) {
        List<List<String>> unparsed = new ArrayList<>();
        if (n == FormatNotes.CHIEF_COMPLAINT_FIRST) {
            unparsed.add(List.of("Chief Complaint", "low back pain"));
        }
        n.unparsed().forEach(u -> unparsed.add(Arrays.asList(u)));
        return unparsed;
    }

    /** What completion writes by default: the missing sections but ROS and EXAM (no source for observations). */
    private static List<Section> written(FormatNotes.Note n) {
        return n.missing().stream().filter(s -> s != Section.ROS && s != Section.EXAM).toList();
    }

    private static List<Section> withheld(FormatNotes.Note n) {
        return n.missing().stream().filter(s -> s == Section.ROS || s == Section.EXAM).toList();
    }

    private static List<String> names(List<Section> sections) {
        return sections.stream().map(Section::name).toList();
    }

    private static List<List<String>> unparsed(List<Map<String, String>> pieces) {
        return pieces.stream().map(m -> Arrays.asList(m.get("header"), m.get("text"))).toList();
    }
}
