package ai.medscribe.functions.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.functions.api.dto.DraftResponse;
import ai.medscribe.functions.fhir.FhirNotes;
import ai.medscribe.functions.fhir.TranscriptDrafts;

/** {@code format: fhir}: the draft answer as a FHIR document Bundle ({@link TranscriptDrafts}). */
final class DraftFhir {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DraftFhir() {
    }

    static TranscriptDrafts.Draft of(DraftResponse answer, Instant time) {
        return new TranscriptDrafts.Draft(answer.model(), answer.modelHash(), answer.transcriptSha256(), answer.steps(),
                answer.threshold(), answer.sections().stream().map(s -> new TranscriptDrafts.Drafted(s.name(),
                        s.header(), s.text(), s.unsupportedSentences())).toList(), time);
    }

    static JsonNode document(DraftResponse answer) {
        try {
            return JSON.readTree(FhirNotes.json(TranscriptDrafts.document(of(answer, Instant.now()))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the FHIR document", e);
        }
    }
}
