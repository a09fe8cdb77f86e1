package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.medscribe.functions.fhir.DraftNote;
import ai.medscribe.functions.fhir.FhirNotes;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** format fhir on generate and infill: FHIR R4 documents that parse back, validate, and carry the codes and provenance. */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class FhirOutputTest {

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static String post(String function, Object body) {
        return given().contentType("application/json").body(body).when().post("/" + function)
                .then().statusCode(200).extract().asString();
    }

    @Test
    void generateAsFhirIsAValidDocumentWithLoincSectionsAndProvenance() {
        Bundle bundle = FhirDocuments.validDocument(post("generate", Map.of("format", "fhir", "steps", 10, "seed", 5)));
        Composition c = FhirDocuments.composition(bundle);
        assertEquals(Composition.CompositionStatus.PRELIMINARY, c.getStatus());
        assertEquals("http://loinc.org", c.getType().getCodingFirstRep().getSystem());
        assertEquals("11506-3", c.getType().getCodingFirstRep().getCode());
        assertTrue(c.hasDate() && c.hasTitle());
        assertEquals(FhirDocuments.SECTION_CODES, FhirDocuments.sectionCodes(c));
        assertTrue(c.getSection().stream().allMatch(s -> "generated".equals(
                s.getExtensionByUrl(FhirNotes.SECTION_ORIGIN).getValue().primitiveValue())));

        String sha = registry.bundle(ModelKind.DIFFUSION).orElseThrow().sha256();
        Device device = FhirDocuments.device(bundle);
        assertEquals(sha, device.getIdentifierFirstRep().getValue());
        assertEquals("MedScribe diffusion-tiny", device.getDeviceNameFirstRep().getName());
        Provenance p = FhirDocuments.provenance(bundle);
        assertEquals(bundle.getEntryFirstRep().getFullUrl(), p.getTargetFirstRep().getReference());
        assertEquals("10", FhirDocuments.extension(p, FhirNotes.SAMPLER_STEPS));
        assertEquals("5", FhirDocuments.extension(p, FhirNotes.SAMPLER_SEED));
        assertEquals("0.7", FhirDocuments.extension(p, FhirNotes.SAMPLER_TEMPERATURE));
        assertTrue(Integer.parseInt(FhirDocuments.extension(p, FhirNotes.MODEL_PASSES)) >= 1);
    }

    @Test
    void theFhirNoteIsTheJsonNote() {
        Map<String, Object> request = Map.of("steps", 8, "seed", 11);
        Map<String, String> json = given().contentType("application/json").body(request).when().post("/generate")
                .then().statusCode(200).extract().jsonPath().getMap("notes[0].sections");
        Map<String, Object> fhirRequest = new java.util.HashMap<>(request);
        fhirRequest.put("format", "fhir");
        DraftNote read = FhirNotes.read(post("generate", fhirRequest));
        for (Section s : Section.SOAP) {
            assertEquals(json.getOrDefault(s.name(), "").strip(), read.sections().get(s), s.name());
        }
    }

    @Test
    void infillAsFhirKeepsTheGivenSectionsVerbatimAndMarksWhatWasGenerated() {
        String note = "HPI: chest pain <2 days> & cough\nEXAM: heart regular rate and rhythm\nMedications: aspirin";
        String body = post("infill", Map.of("note", note, "generate", List.of("ASSESSMENT", "PLAN"), "steps", 10,
                "seed", 3, "format", "fhir"));
        Bundle bundle = FhirDocuments.validDocument(body);
        assertTrue(body.contains("chest pain &lt;2 days&gt; &amp; cough"), "the narrative is escaped XHTML");
        DraftNote read = FhirNotes.read(body);
        assertEquals("chest pain <2 days> & cough", read.sections().get(Section.HPI));
        assertEquals("heart regular rate and rhythm", read.sections().get(Section.EXAM));
        assertEquals(List.of(Section.ASSESSMENT, Section.PLAN), read.generated());
        assertEquals(List.of(new DraftNote.OtherText("Medications", "aspirin")), read.other());
        assertEquals(3L, read.sampling().seed());
        assertEquals(10, read.sampling().steps());
        Composition c = FhirDocuments.composition(bundle);
        assertEquals(FhirDocuments.SECTION_CODES, FhirDocuments.sectionCodes(c));
        // ROS was neither given nor asked for: an empty section says so.
        assertTrue(c.getSection().get(1).hasEmptyReason());
        assertFalse(c.getSection().get(0).hasEmptyReason());
    }

    @Test
    void jsonIsTheDefaultAndAnExplicitChoice() {
        given().contentType("application/json").body(Map.of("steps", 4, "format", "JSON")).when().post("/generate")
                .then().statusCode(200).body("notes.size()", equalTo(1));
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheFieldAndTheAllowedValues() {
        for (String function : List.of("generate", "infill")) {
            Map<String, Object> body = function.equals("generate") ? Map.of("format", "hl7v2")
                    : Map.of("note", "HPI: cough", "format", "hl7v2");
            given().contentType("application/json").body(body).when().post("/" + function)
                    .then().statusCode(400).body("field", equalTo("format")).body("limit", equalTo("json|fhir"))
                    .body("message", containsString("fhir"));
        }
        given().contentType("application/json").body(Map.of("format", 3)).when().post("/generate")
                .then().statusCode(400).body("field", equalTo("format"));
    }

    @Test
    void fhirAsksForOneNoteWithoutTrace() {
        given().contentType("application/json").body(Map.of("format", "fhir", "count", 2)).when().post("/generate")
                .then().statusCode(400).body("field", equalTo("count"));
        given().contentType("application/json").body(Map.of("format", "fhir", "trace", true)).when().post("/generate")
                .then().statusCode(400).body("field", equalTo("trace"));
    }
}
