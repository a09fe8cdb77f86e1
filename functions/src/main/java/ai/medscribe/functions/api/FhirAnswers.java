package ai.medscribe.functions.api;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.FhirDocument;
import ai.medscribe.functions.api.dto.GenerateResponse;
import ai.medscribe.functions.api.dto.GeneratedNoteView;
import ai.medscribe.functions.api.dto.InfillResponse;
import ai.medscribe.functions.api.dto.ModelInfo;
import ai.medscribe.functions.api.dto.UnparsedText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.functions.fhir.DraftNote;
import ai.medscribe.functions.fhir.FhirNotes;
import ai.medscribe.note.Section;

/**
 * {@code format: fhir}: the answers of generate and infill, and the upload trigger's output, as
 * FHIR R4 document Bundles ({@link FhirNotes}). The functions still answer JSON (the Bundle's FHIR
 * JSON); the trigger writes it as {@code application/fhir+json}.
 */
public final class FhirAnswers {

    public static final String MEDIA_TYPE = "application/fhir+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FhirAnswers() {
    }

    /** generate's one note (format fhir asks for count 1). */
    public static FhirDocument generate(GenerateResponse answer) {
        GeneratedNoteView note = answer.notes().get(0);
        DraftNote draft = new DraftNote(note.sections(), Section.SOAP, List.of(),
                model(answer.model()), new DraftNote.Sampling(answer.steps(), answer.temperature(), answer.seed(),
                        note.passes()), null, Instant.now());
        return tree(FhirNotes.json(FhirNotes.document(draft)));
    }

    public static FhirDocument infill(InfillResponse answer) {
        DraftNote draft = new DraftNote(answer.sections(), answer.generated(), other(answer.unparsed()),
                model(answer.model()), new DraftNote.Sampling(answer.steps(), answer.temperature(), answer.seed(), null),
                null, Instant.now());
        return tree(FhirNotes.json(FhirNotes.document(draft)));
    }

    /** The trigger's completed note; {@code model} is null when the upload had every section. */
    public static byte[] upload(Map<Section, String> sections, List<Section> generated, List<UnparsedText> unparsed,
            ModelInfo model, CompletedUpload.Provenance p) {
        DraftNote.Model m = model == null ? new DraftNote.Model("none", "none", null, null, 0) : model(model);
        DraftNote draft = new DraftNote(sections, generated, other(unparsed), m,
                new DraftNote.Sampling(p.steps(), p.temperature(), p.seed(), null),
                new DraftNote.Source(p.sourceBucket(), p.sourceKey(), p.sourceSha256()), Instant.parse(p.time()));
        return FhirNotes.json(FhirNotes.document(draft)).getBytes(StandardCharsets.UTF_8);
    }

    /** What the trigger answers for an upload completed before: read back from its FHIR document. */
    public static CompletedUpload completed(String bucket, String key, String outputKey, byte[] document) {
        DraftNote draft = FhirNotes.read(new String(document, StandardCharsets.UTF_8));
        DraftNote.Source source = draft.source();
        CompletedUpload.Provenance p = new CompletedUpload.Provenance(
                draft.model().sha256(), draft.sampling().steps(),
                draft.sampling().temperature(), draft.sampling().seed(), draft.time().toString(),
                source == null ? bucket : source.bucket(), source == null ? key : source.key(),
                source == null ? null : source.sha256());
        return new CompletedUpload(bucket, key, outputKey, draft.generated(), true, p);
    }

    private static DraftNote.Model model(ModelInfo info) {
        return new DraftNote.Model(info.id(), info.type(), info.preset(), info.sha256(), info.parameters());
    }

    private static List<DraftNote.OtherText> other(List<UnparsedText> unparsed) {
        return unparsed.stream().map(u -> new DraftNote.OtherText(u.header(), u.text())).toList();
    }

    static FhirDocument tree(String json) {
        try {
            return new FhirDocument(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the FHIR document", e);
        }
    }
}
