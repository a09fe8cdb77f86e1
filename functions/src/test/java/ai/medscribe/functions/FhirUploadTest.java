package ai.medscribe.functions;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.ModelInfo;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.service.NoteCompleter;
import ai.medscribe.functions.upload.TriggerSettings;
import ai.medscribe.functions.upload.UploadEvent;
import ai.medscribe.functions.upload.UploadTrigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.functions.fhir.DraftNote;
import ai.medscribe.functions.fhir.FhirNotes;
import ai.medscribe.note.Section;
import ai.medscribe.store.LocalObjectStore;

/** The upload trigger with format fhir: it writes a FHIR document and answers a redelivery from it. */
class FhirUploadTest {

    private static final ModelInfo MODEL = new ModelInfo("diffusion-test", "diffusion", "test", "ab12cd34", 1234);

    /** Fills every requested section with a fixed text: the trigger's plumbing, not the model, is tested here. */
    private static final NoteCompleter COMPLETER = (request, options) -> {
        Map<Section, String> sections = new EnumMap<>(request.given());
        request.generate().forEach(s -> sections.put(s, "written " + s.name().toLowerCase()));
        return new NoteCompleter.Completion(sections, request.generate(), MODEL);
    };

    @Test
    void anUploadIsCompletedAsAFhirDocumentAndARedeliveryReadsItBack(@TempDir Path root) throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("notes", "incoming/visit-9.txt", "HPI: cough & fever\nEXAM: wheeze\n".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        UploadTrigger trigger = new UploadTrigger(new TriggerSettings("notes", "incoming/", "completed/", 12, 0.7, 8000,
                OutputFormat.FHIR), store, COMPLETER);
        List<UploadEvent> event = UploadEvent.from(new ObjectMapper().readTree(
                "{\"bucket\":\"notes\",\"name\":\"incoming/visit-9.txt\"}"));

        CompletedUpload first = trigger.handle(event).get(0);
        assertTrue(first.outputKey().startsWith("completed/visit-9.") && first.outputKey().endsWith(".fhir.json"),
                first.outputKey());
        String document = new String(store.read("notes", first.outputKey()), StandardCharsets.UTF_8);
        Bundle bundle = FhirDocuments.validDocument(document);
        assertEquals(FhirDocuments.SECTION_CODES, FhirDocuments.sectionCodes(FhirDocuments.composition(bundle)));
        Provenance p = FhirDocuments.provenance(bundle);
        assertEquals("12", FhirDocuments.extension(p, FhirNotes.SAMPLER_STEPS));
        assertEquals(Long.toString(first.provenance().seed()), FhirDocuments.extension(p, FhirNotes.SAMPLER_SEED));
        assertEquals("notes/incoming/visit-9.txt", p.getEntityFirstRep().getWhat().getIdentifier().getValue());
        assertEquals("ab12cd34", FhirDocuments.device(bundle).getIdentifierFirstRep().getValue());

        DraftNote read = FhirNotes.read(document);
        assertEquals("cough & fever", read.sections().get(Section.HPI));
        assertEquals("wheeze", read.sections().get(Section.EXAM));
        assertEquals(List.of(Section.ASSESSMENT, Section.PLAN), read.generated());
        assertEquals(List.of(Section.ROS), first.withheld(), "no source for a ROS: not invented");

        CompletedUpload again = trigger.handle(event).get(0);
        assertTrue(again.alreadyCompleted());
        assertEquals(first.outputKey(), again.outputKey());
        assertEquals(first.generated(), again.generated());
        assertEquals(first.provenance(), again.provenance(), "the redelivery answers the provenance of the document");
        try (var files = Files.walk(root.resolve("notes/completed"))) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "a redelivery writes nothing");
        }
    }
}
