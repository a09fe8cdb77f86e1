package ai.medscribe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.medscribe.functions.fhir.DraftNote;
import ai.medscribe.functions.fhir.FhirNotes;
import ai.medscribe.note.Section;

/** The FHIR mapping without the service: markup stays text, and the validation in the tests does catch errors. */
class FhirNotesTest {

    private static DraftNote note(String hpi) {
        return new DraftNote(Map.of(Section.HPI, hpi, Section.PLAN, "rest"), List.of(Section.PLAN), List.of(),
                new DraftNote.Model("diffusion-test", "diffusion", "test", "ff00", 10),
                new DraftNote.Sampling(20, 0.8, Long.MAX_VALUE, 7), null, Instant.parse("2026-01-02T03:04:05.678Z"));
    }

    @Test
    void markupAndControlCharactersInANoteStayText() {
        String json = FhirNotes.json(FhirNotes.document(note("<script>alert(1)</script> a & b\u0007\nline two")));
        FhirDocuments.validDocument(json);
        DraftNote read = FhirNotes.read(json);
        assertEquals("<script>alert(1)</script> a & b\nline two", read.sections().get(Section.HPI));
        assertEquals(Long.MAX_VALUE, read.sampling().seed(), "a 64-bit seed survives");
        assertEquals(7, read.sampling().passes());
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), read.time());
    }

    @Test
    void theSchemaValidationCatchesADocumentWithoutItsRequiredStatus() {
        String json = FhirNotes.json(FhirNotes.document(note("cough")));
        String broken = json.replace("\"status\":\"preliminary\",", "");
        assertThrows(AssertionError.class, () -> FhirDocuments.validDocument(broken));
    }

    @Test
    void somethingElseIsNotReadAsANote() {
        assertThrows(IllegalArgumentException.class, () -> FhirNotes.read("{\"resourceType\":\"Bundle\",\"type\":\"document\"}"));
        assertThrows(IllegalArgumentException.class, () -> FhirNotes.read("{\"note\":\"HPI: x\"}"));
    }
}
