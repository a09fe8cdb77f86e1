package ai.medscribe.functions.api;

import java.time.Instant;

import ai.medscribe.functions.api.dto.DraftResponse;
import ai.medscribe.functions.api.dto.FhirDocument;
import ai.medscribe.functions.fhir.FhirNotes;
import ai.medscribe.functions.fhir.TranscriptDrafts;

/** {@code format: fhir}: the draft answer as a FHIR document Bundle ({@link TranscriptDrafts}). */
final class DraftFhir {

    private DraftFhir() {
    }

    static TranscriptDrafts.Draft of(DraftResponse answer, Instant time) {
        return new TranscriptDrafts.Draft(answer.model(), answer.modelHash(), answer.transcriptSha256(), answer.steps(),
                answer.threshold(), answer.sections().stream().map(s -> new TranscriptDrafts.Drafted(s.name(),
                        s.header(), s.text(), s.unsupportedSentences())).toList(), time);
    }

    static FhirDocument document(DraftResponse answer) {
        return FhirAnswers.tree(FhirNotes.json(TranscriptDrafts.document(of(answer, Instant.now()))));
    }
}
