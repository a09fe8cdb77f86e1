package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.model.ModelKind;
import ai.medscribe.store.LocalObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Issue 23: real notes (held-out notes of {@link StyleNotes}, longer than the tiny model's canvas)
 * through infill and the upload trigger; windows, where each span went, observations not invented,
 * the trigger's refusals by cause, and infill's model.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class RealNotesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("target/test-store");
    private static final LocalObjectStore STORE = new LocalObjectStore(ROOT);

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static JsonNode infill(Map<String, Object> body, int status) throws Exception {
        Response r = given().contentType("application/json").body(JSON.writeValueAsString(body)).when().post("/infill");
        assertEquals(status, r.statusCode(), r.asString());
        return JSON.readTree(r.asString());
    }

    private static Response trigger(String key) {
        return given().contentType("application/json")
                .body("{\"bucket\":\"notes\",\"name\":\"" + key + "\"}").when().post("/complete-upload");
    }

    private static List<Path> under(String prefix) throws Exception {
        Path dir = ROOT.resolve("notes").resolve(prefix);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** Every character of the input is in exactly one span of where, in order. */
    private static void accountsForEveryCharacter(String text, JsonNode where, String name) {
        int at = 0;
        for (JsonNode w : where) {
            assertEquals(at, w.path("start").asInt(), name + ": spans tile the input");
            at = w.path("end").asInt();
        }
        assertEquals(text.length(), at, name + ": the spans reach the end");
    }

    /** The section each marker's text went to. */
    private static String sectionOf(String text, JsonNode where, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, marker);
        for (JsonNode w : where) {
            if (w.path("start").asInt() <= at && at < w.path("end").asInt()) {
                return w.path("section").asText();
            }
        }
        throw new AssertionError("no span holds " + marker);
    }

    @Test
    void heldOutStyleNotesAreAnsweredByInfillAndTheTrigger() throws Exception {
        List<StyleNotes.StyleNote> notes = StyleNotes.all();
        int canvas = registry.bundle(ModelKind.DIFFUSION).orElseThrow().sampler().maxLength();
        String hash = registry.bundle(ModelKind.DIFFUSION).orElseThrow().sha256();
        int infillOk = 0;
        int triggerOk = 0;
        List<String> failures = new ArrayList<>();
        for (StyleNotes.StyleNote n : notes) {
            assertTrue(n.words() >= 400 && n.words() <= 700, n.name() + " has " + n.words() + " words");
            // a note with every section is sent as a regenerate of its plan (infill of a complete note
            // without generate is 400 by contract); the others with the defaults
            Map<String, Object> body = n.complete() ? Map.of("note", n.text(), "seed", 5, "generate", List.of("PLAN"))
                    : Map.of("note", n.text(), "seed", 5);
            Response r = given().contentType("application/json").body(JSON.writeValueAsString(body)).when().post("/infill");
            if (r.statusCode() != 200) {
                failures.add(n.name() + " infill " + r.statusCode() + " " + r.asString());
            } else {
                infillOk++;
                JsonNode a = JSON.readTree(r.asString());
                JsonNode where = a.path("where");
                accountsForEveryCharacter(n.text(), where, n.name());
                String vitals = sectionOf(n.text(), where, n.vitalsMarker());
                String results = sectionOf(n.text(), where, n.resultsMarker());
                assertEquals("VITALS", vitals, n.name() + ": vitals");
                assertTrue(results.equals("RESULTS") || results.equals("IMPRESSION"), n.name() + ": results in " + results);
                for (JsonNode w : where) {
                    if (w.path("section").asText().equals("ROS")) {
                        String ros = n.text().substring(w.path("start").asInt(), w.path("end").asInt());
                        assertFalse(ros.contains(n.vitalsMarker()) || ros.contains(n.resultsMarker()), n.name() + ": ROS");
                    }
                }
                List<String> sections = new ArrayList<>();
                where.forEach(w -> sections.add(w.path("section").asText()));
                List<String> generated = new ArrayList<>();
                a.path("generated").forEach(g -> generated.add(g.asText()));
                if (sections.contains("ASSESSMENT_AND_PLAN") && !n.complete()) {
                    // kept as one named section: neither half is written beside it
                    assertFalse(generated.contains("ASSESSMENT") || generated.contains("PLAN"), n.name());
                }
                if (sections.contains("AP_ASSESSMENT")) {
                    assertTrue(sections.contains("AP_PLAN"), n.name() + ": a split A&P has both parts");
                }
                assertFalse(generated.contains("ROS") || generated.contains("EXAM"), n.name() + ": no observation invented");
                if (!a.path("sections").has("ROS") || a.path("sections").path("ROS").asText().isBlank()) {
                    assertTrue(a.path("withheld").toString().contains("ROS") || n.complete(), n.name() + ": ROS withheld");
                }
                for (String g : generated) {
                    assertEquals("generated", a.path("labels").path(g).path("origin").asText(), n.name());
                    assertEquals(hash, a.path("labels").path(g).path("modelHash").asText(), n.name());
                    assertTrue(a.path("seen").has(g), n.name() + ": seen " + g);
                    assertFalse(a.path("sections").path(g).asText().isBlank(), n.name() + ": " + g + " written");
                }
                // a given SOAP section comes back verbatim (stripped)
                if (a.path("given").toString().contains("HPI")) {
                    assertTrue(n.text().contains(a.path("sections").path("HPI").asText()), n.name() + ": HPI verbatim");
                }
            }
            String key = "incoming/style/" + n.name() + ".txt";
            STORE.put("notes", key, n.text().getBytes(StandardCharsets.UTF_8), "text/plain");
            Response t = trigger(key);
            if (t.statusCode() != 200) {
                failures.add(n.name() + " trigger " + t.statusCode() + " " + t.asString());
            } else {
                triggerOk++;
                JsonNode done = JSON.readTree(t.asString()).get(0);
                JsonNode doc = JSON.readTree(STORE.read("notes", done.path("outputKey").asText()));
                if (done.path("generated").size() > 0) {
                    assertEquals("completed", doc.path("status").asText(), n.name());
                    if (!done.path("alreadyCompleted").asBoolean()) { // an earlier run's output keeps its own bundle's hash
                        assertEquals(hash, doc.path("provenance").path("modelHash").asText(), n.name());
                    }
                } else {
                    assertEquals("unchanged", doc.path("status").asText(), n.name());
                }
                doc.path("generated").forEach(g -> assertEquals("generated",
                        doc.path("labels").path(g.asText()).path("origin").asText()));
            }
        }
        System.out.printf("held-out style notes: %d, infill 200: %d, trigger 200: %d, canvas %d; failures %s%n",
                notes.size(), infillOk, triggerOk, canvas, failures);
        assertTrue(infillOk >= Math.ceil(0.95 * notes.size()), failures.toString());
        assertTrue(triggerOk >= Math.ceil(0.95 * notes.size()), failures.toString());
    }

    @Test
    void aLongNoteIsWrittenFromAWindowThatFitsTheCanvas() throws Exception {
        StyleNotes.StyleNote n = StyleNotes.all().get(2); // a discharge summary: no assessment, no plan
        JsonNode a = infill(Map.of("note", n.text(), "seed", 1), 200);
        assertEquals(List.of("ASSESSMENT", "PLAN"), JSON.convertValue(a.path("generated"), List.class));
        assertEquals(List.of("ROS"), JSON.convertValue(a.path("withheld"), List.class));
        // the nearest given section first: EXAM for the assessment, then HPI
        JsonNode seen = a.path("seen").path("ASSESSMENT").path("sections");
        assertTrue(seen.toString().contains("EXAM"), seen.toString());
    }

    @Test
    void aNoteWithoutRosIsCompletedWithoutAnInventedRosUnlessAsked() throws Exception {
        String note = "HPI: cough for three days with low grade fever.\nEXAM: lungs clear, no wheeze.\n"
                + "ASSESSMENT: viral bronchitis.\nPLAN: fluids and rest.";
        JsonNode byDefault = infill(Map.of("note", note), 200);
        assertEquals(0, byDefault.path("generated").size());
        assertEquals(List.of("ROS"), JSON.convertValue(byDefault.path("withheld"), List.class));
        assertFalse(byDefault.path("sections").has("ROS") && !byDefault.path("sections").path("ROS").asText().isBlank());
        assertFalse(byDefault.path("note").asText().contains("ROS:"));

        String hash = registry.bundle(ModelKind.DIFFUSION).orElseThrow().sha256();
        JsonNode asked = infill(Map.of("note", note, "observations", "generate", "seed", 2), 200);
        assertEquals(List.of("ROS"), JSON.convertValue(asked.path("generated"), List.class));
        assertEquals("generated", asked.path("labels").path("ROS").path("origin").asText());
        assertEquals(hash, asked.path("labels").path("ROS").path("modelHash").asText());
        assertEquals("given", asked.path("labels").path("HPI").path("origin").asText());

        // by naming it in generate
        JsonNode named = infill(Map.of("note", note, "generate", List.of("ROS")), 200);
        assertEquals(List.of("ROS"), JSON.convertValue(named.path("generated"), List.class));

        // the trigger: not by default, and only when the upload asks for it
        STORE.put("notes", "incoming/no-ros/plain.txt", note.getBytes(StandardCharsets.UTF_8), "text/plain");
        JsonNode plain = JSON.readTree(trigger("incoming/no-ros/plain.txt").then().statusCode(200).extract().asString()).get(0);
        assertEquals(0, plain.path("generated").size());
        assertEquals("unchanged", plain.path("status").asText());
        JsonNode plainDoc = JSON.readTree(STORE.read("notes", plain.path("outputKey").asText()));
        assertTrue(plainDoc.path("sections").path("ROS").isMissingNode());
        assertTrue(plainDoc.path("provenance").path("modelHash").isNull(), plainDoc.toString());

        STORE.put("notes", "incoming/no-ros/asked.json", JSON.writeValueAsBytes(Map.of("note", note,
                "observations", "generate")), "application/json");
        JsonNode asks = JSON.readTree(trigger("incoming/no-ros/asked.json").then().statusCode(200).extract().asString()).get(0);
        assertEquals(List.of("ROS"), JSON.convertValue(asks.path("generated"), List.class));
        JsonNode doc = JSON.readTree(STORE.read("notes", asks.path("outputKey").asText()));
        assertEquals("completed", doc.path("status").asText());
        assertEquals("generated", doc.path("labels").path("ROS").path("origin").asText());
        if (!asks.path("alreadyCompleted").asBoolean()) {
            assertEquals(hash, doc.path("labels").path("ROS").path("modelHash").asText());
            assertEquals(hash, doc.path("provenance").path("modelHash").asText());
        }
    }

    @Test
    void anUploadTooLongForAnyWindowIsDeadLetteredAndNothingIsWritten() throws Exception {
        StringBuilder run = new StringBuilder("HPI: ");
        for (int i = 0; i < 400; i++) {
            run.append("word").append(i % 7 == 0 ? " and " : " ");
        }
        String key = "incoming/too-long/one-sentence.txt";
        STORE.put("notes", key, run.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
        List<Path> before = under("completed/too-long");
        Response r = trigger(key);
        assertEquals(422, r.statusCode(), r.asString());
        JsonNode error = JSON.readTree(r.asString());
        assertEquals("object", error.path("field").asText());
        assertEquals(registry.bundle(ModelKind.DIFFUSION).orElseThrow().sampler().maxLength(), error.path("limit").asInt());
        assertFalse(r.asString().contains("refuses this key"));
        assertEquals(before, under("completed/too-long"), "nothing under the output prefix");
        List<Path> dead = under("failed/too-long");
        assertEquals(1, dead.size(), dead.toString());
        JsonNode record = JSON.readTree(Files.readAllBytes(dead.get(0)));
        assertEquals(key, record.path("sourceKey").asText());
        assertEquals("object", record.path("reason").path("field").asText());
        assertTrue(record.path("reason").path("message").asText().contains("canvas"), record.toString());

        // infill names the field the request sent, with the limit
        JsonNode viaNote = infill(Map.of("note", run.toString()), 422);
        assertEquals("note", viaNote.path("field").asText());
        assertTrue(viaNote.has("limit"));
        JsonNode viaSections = infill(Map.of("sections", Map.of("HPI", run.substring(5))), 422);
        assertEquals("sections.HPI", viaSections.path("field").asText());
    }

    @Test
    void aNoteOverTheSizeLimitNamesNoteAndTheLimit() throws Exception {
        JsonNode e = infill(Map.of("note", "HPI: " + "x".repeat(9000)), 413);
        assertEquals("note", e.path("field").asText());
        assertEquals(8000, e.path("limit").asInt());
    }

    @Test
    void infillTakesModel() throws Exception {
        JsonNode ar = infill(Map.of("note", "HPI: cough. EXAM: clear lungs.", "generate", List.of("PLAN"),
                "model", "autoregressive", "seed", 3), 200);
        assertEquals("autoregressive", ar.path("model").path("type").asText());
        assertEquals("generated", ar.path("labels").path("PLAN").path("origin").asText());
        assertEquals(registry.bundle(ModelKind.AUTOREGRESSIVE).orElseThrow().sha256(),
                ar.path("labels").path("PLAN").path("modelHash").asText());
        StyleNotes.StyleNote n = StyleNotes.all().get(2);
        JsonNode arLong = infill(Map.of("note", n.text(), "model", "autoregressive"), 200);
        assertEquals(2, arLong.path("generated").size());
        JsonNode bad = infill(Map.of("note", "HPI: cough.", "model", "gpt"), 400);
        assertEquals("model", bad.path("field").asText());
    }
}
