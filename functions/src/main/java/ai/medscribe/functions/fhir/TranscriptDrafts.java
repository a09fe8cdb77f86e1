package ai.medscribe.functions.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

import ai.medscribe.note.Section;

/**
 * Sections drafted from a conversation transcript as a FHIR R4 document Bundle, in the shape of
 * {@link FhirNotes}' notes: a preliminary Composition (one section per drafted section, LOINC-coded
 * when it is one of the five SOAP sections, marked generated, with its count of unsupported
 * sentences), the model as a Device (identified by its model hash), and a Provenance whose source
 * entity names the transcript by its SHA-256 only (an Identifier in {@link #TRANSCRIPT_SHA256_SYSTEM}):
 * the transcript's text is never in the document.
 */
public final class TranscriptDrafts {

    public static final String TRANSCRIPT_SHA256_SYSTEM = FhirNotes.BASE + "NamingSystem/transcript-sha256";
    public static final String UNSUPPORTED_SENTENCES = FhirNotes.BASE + "StructureDefinition/unsupported-sentences";
    public static final String DRAFT_THRESHOLD = FhirNotes.BASE + "StructureDefinition/draft-threshold";
    static final String TITLE = "Draft note sections from a conversation (for clinician review)";

    /** One drafted section: its product name (HPI), MTS header (GENHX), text and unsupported sentence count. */
    public record Drafted(String name, String header, String text, int unsupportedSentences) {
    }

    /** What was drafted, by which model (hash), from which transcript (hash), with which options (null for AR). */
    public record Draft(String model, String modelHash, String transcriptSha256, Integer steps, Double threshold,
            List<Drafted> sections, Instant time) {
    }

    private TranscriptDrafts() {
    }

    public static Bundle document(Draft draft) {
        Date time = Date.from(draft.time());
        String compositionUrl = uuidUrl();
        String deviceUrl = uuidUrl();
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.DOCUMENT);
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue(uuidUrl()));
        bundle.setTimestampElement(new InstantType(time));
        bundle.addEntry().setFullUrl(compositionUrl).setResource(composition(draft, time, deviceUrl));
        bundle.addEntry().setFullUrl(deviceUrl).setResource(device(draft));
        bundle.addEntry().setFullUrl(uuidUrl()).setResource(provenance(draft, time, compositionUrl, deviceUrl));
        return bundle;
    }

    private static Composition composition(Draft draft, Date time, String deviceUrl) {
        Composition c = new Composition();
        c.setStatus(Composition.CompositionStatus.PRELIMINARY);
        c.setType(loinc(LoincSections.PROGRESS_NOTE));
        c.setDate(time);
        c.setTitle(TITLE);
        c.addAuthor(new Reference(deviceUrl).setDisplay("MedScribe drafting " + draft.model()));
        c.setText(FhirNotes.narrative(List.of("Note sections drafted from a conversation by the MedScribe drafting model "
                + draft.model() + "; preliminary until a clinician has reviewed them.")));
        for (Drafted d : draft.sections()) {
            Composition.SectionComponent section = c.addSection();
            Optional<Section> soap = soap(d.name());
            if (soap.isPresent()) {
                LoincSections.Code code = LoincSections.of(soap.get());
                section.setTitle(code.title()).setCode(loinc(code));
            } else {
                section.setTitle(d.header());
            }
            section.addExtension(FhirNotes.SECTION_ORIGIN, new CodeType("generated"));
            section.addExtension(UNSUPPORTED_SENTENCES, new IntegerType(d.unsupportedSentences()));
            List<String> lines = d.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                section.setEmptyReason(new CodeableConcept(new Coding(FhirNotes.EMPTY_REASON_SYSTEM, "unavailable",
                        "Unavailable")));
                section.setText(FhirNotes.narrative(List.of("No text.")));
            } else {
                section.setText(FhirNotes.narrative(lines));
            }
        }
        return c;
    }

    private static Optional<Section> soap(String name) {
        return Section.SOAP.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Device device(Draft draft) {
        Device d = new Device();
        d.addIdentifier().setSystem(FhirNotes.MODEL_SHA256_SYSTEM).setValue(draft.modelHash());
        d.addDeviceName().setName("MedScribe drafting " + draft.model()).setType(Device.DeviceNameType.MODELNAME);
        d.setType(new CodeableConcept().setText(draft.model() + " language model (drafting from a transcript)"));
        d.addVersion().setType(new CodeableConcept().setText("sha256")).setValue(draft.modelHash());
        return d;
    }

    private static Provenance provenance(Draft draft, Date time, String compositionUrl, String deviceUrl) {
        Provenance p = new Provenance();
        p.addTarget(new Reference(compositionUrl));
        p.setRecordedElement(new InstantType(time));
        p.setActivity(new CodeableConcept(new Coding(FhirNotes.DATA_OPERATION_SYSTEM, "CREATE", "create")));
        p.addAgent().setType(new CodeableConcept(new Coding(FhirNotes.PARTICIPANT_TYPE_SYSTEM, "author", "Author")))
                .setWho(new Reference(deviceUrl).setDisplay("MedScribe drafting " + draft.model()));
        if (draft.steps() != null) {
            p.addExtension(FhirNotes.SAMPLER_STEPS, new IntegerType(draft.steps()));
        }
        if (draft.threshold() != null) {
            p.addExtension(DRAFT_THRESHOLD, new DecimalType(java.math.BigDecimal.valueOf(draft.threshold())));
        }
        p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference()
                .setIdentifier(new Identifier().setSystem(TRANSCRIPT_SHA256_SYSTEM).setValue(draft.transcriptSha256()))
                .setDisplay("conversation transcript (SHA-256)"));
        return p;
    }

    private static CodeableConcept loinc(LoincSections.Code code) {
        return new CodeableConcept(new Coding(LoincSections.SYSTEM, code.code(), code.display())).setText(code.title());
    }

    private static String uuidUrl() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
