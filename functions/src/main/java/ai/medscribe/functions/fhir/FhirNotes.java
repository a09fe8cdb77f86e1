package ai.medscribe.functions.fhir;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

import ai.medscribe.note.Section;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;

/**
 * A written note as a FHIR R4 document: a {@code Bundle} of type {@code document} whose first entry
 * is a {@code Composition} (status {@code preliminary}: a draft for a clinician to review; type LOINC
 * 11506-3 progress note) with one section per SOAP section, coded with LOINC ({@link LoincSections})
 * and carrying the text as XHTML narrative, then the {@code Device} that wrote it (the model: name,
 * sha256, preset) and a {@code Provenance} of the Composition naming that device and the sampler
 * settings (steps, temperature, seed, passes) and, for an upload, the source object.
 * {@link #read} parses such a document back (the upload trigger's redelivery, the tests).
 */
public final class FhirNotes {

    /** Where this service's extensions and identifier systems are named. */
    public static final String BASE = "https://medscribe.ai/fhir/";
    public static final String SECTION_ORIGIN = BASE + "StructureDefinition/section-origin";
    public static final String SAMPLER_STEPS = BASE + "StructureDefinition/sampler-steps";
    public static final String SAMPLER_TEMPERATURE = BASE + "StructureDefinition/sampler-temperature";
    /** A 64-bit integer: a FHIR R4 integer holds 32 bits, so the seed is written as a decimal string. */
    public static final String SAMPLER_SEED = BASE + "StructureDefinition/sampler-seed";
    public static final String MODEL_PASSES = BASE + "StructureDefinition/model-passes";
    public static final String SOURCE_SHA256 = BASE + "StructureDefinition/source-sha256";
    public static final String MODEL_SHA256_SYSTEM = BASE + "NamingSystem/model-sha256";
    public static final String OBJECT_SYSTEM = BASE + "NamingSystem/object-key";
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String EMPTY_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/list-empty-reason";
    static final String DATA_OPERATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    static final String PARTICIPANT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    static final String TITLE = "Progress note (draft for clinician review)";
    private static final String LANGUAGE_MODEL = " language model";

    private FhirNotes() {
    }

    /** The FHIR R4 context: made once (it reads every resource definition), shared, thread-safe. */
    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /** The note as a FHIR document Bundle. */
    public static Bundle document(DraftNote note) {
        Date time = Date.from(note.time());
        String compositionUrl = uuidUrl();
        String deviceUrl = uuidUrl();
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.DOCUMENT);
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue(uuidUrl()));
        bundle.setTimestampElement(new InstantType(time));
        bundle.addEntry().setFullUrl(compositionUrl).setResource(composition(note, time, deviceUrl));
        bundle.addEntry().setFullUrl(deviceUrl).setResource(device(note.model()));
        bundle.addEntry().setFullUrl(uuidUrl()).setResource(provenance(note, time, compositionUrl, deviceUrl));
        return bundle;
    }

    /** The document as FHIR JSON. */
    public static String json(Bundle document) {
        return context().newJsonParser().encodeResourceToString(document);
    }

    private static Composition composition(DraftNote note, Date time, String deviceUrl) {
        Composition c = new Composition();
        c.setStatus(Composition.CompositionStatus.PRELIMINARY);
        c.setType(loinc(LoincSections.PROGRESS_NOTE));
        c.setDate(time);
        c.setTitle(TITLE);
        c.addAuthor(new Reference(deviceUrl).setDisplay("MedScribe " + note.model().id()));
        c.setText(narrative(List.of("Draft progress note written by the MedScribe model " + note.model().id()
                + "; preliminary until a clinician has reviewed it.")));
        for (Section s : Section.SOAP) {
            String text = note.sections().getOrDefault(s, "");
            LoincSections.Code code = LoincSections.of(s);
            Composition.SectionComponent section = c.addSection().setTitle(code.title()).setCode(loinc(code));
            section.addExtension(SECTION_ORIGIN, new CodeType(note.generated().contains(s) ? "generated" : "given"));
            if (note.generated().contains(s)) {
                // a generated section names its author: the model's Device, whose identifier is its bundle hash
                section.addAuthor(new Reference(deviceUrl).setDisplay("MedScribe " + note.model().id()
                        + (note.model().sha256() == null ? "" : " sha256:" + note.model().sha256())));
            }
            fill(section, text);
        }
        for (DraftNote.OtherText other : note.other()) {
            Composition.SectionComponent section = c.addSection()
                    .setTitle(other.header() == null ? "Text before the first section" : other.header());
            section.addExtension(SECTION_ORIGIN, new CodeType("given"));
            fill(section, other.text());
        }
        return c;
    }

    /** A section's narrative; an empty section says so (FHIR: text, entries or an empty reason). */
    private static void fill(Composition.SectionComponent section, String text) {
        List<String> lines = text == null ? List.of() : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            section.setEmptyReason(new CodeableConcept(new Coding(EMPTY_REASON_SYSTEM, "unavailable", "Unavailable")));
            section.setText(narrative(List.of("No text.")));
        } else {
            section.setText(narrative(lines));
        }
    }

    private static Device device(DraftNote.Model model) {
        Device d = new Device();
        if (model.sha256() != null) {
            d.addIdentifier().setSystem(MODEL_SHA256_SYSTEM).setValue(model.sha256());
        }
        d.addDeviceName().setName("MedScribe " + model.id()).setType(Device.DeviceNameType.MODELNAME);
        d.setType(new CodeableConcept().setText(model.type() + LANGUAGE_MODEL));
        if (model.sha256() != null) {
            d.addVersion().setType(new CodeableConcept().setText("sha256")).setValue(model.sha256());
        }
        if (model.preset() != null) {
            d.addVersion().setType(new CodeableConcept().setText("preset")).setValue(model.preset());
        }
        if (model.parameters() > 0) {
            d.addProperty().setType(new CodeableConcept().setText("parameters"))
                    .addValueQuantity(new Quantity().setValue(model.parameters()).setUnit("parameters"));
        }
        return d;
    }

    private static Provenance provenance(DraftNote note, Date time, String compositionUrl, String deviceUrl) {
        Provenance p = new Provenance();
        p.addTarget(new Reference(compositionUrl));
        p.setRecordedElement(new InstantType(time));
        p.setActivity(new CodeableConcept(new Coding(DATA_OPERATION_SYSTEM, "CREATE", "create")));
        p.addAgent().setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE_SYSTEM, "author", "Author")))
                .setWho(new Reference(deviceUrl).setDisplay("MedScribe " + note.model().id()));
        DraftNote.Sampling sampling = note.sampling();
        p.addExtension(SAMPLER_STEPS, new IntegerType(sampling.steps()));
        p.addExtension(SAMPLER_TEMPERATURE, new DecimalType(BigDecimal.valueOf(sampling.temperature())));
        p.addExtension(SAMPLER_SEED, new StringType(Long.toString(sampling.seed())));
        if (sampling.passes() != null) {
            p.addExtension(MODEL_PASSES, new IntegerType(sampling.passes()));
        }
        if (note.source() != null) {
            DraftNote.Source source = note.source();
            Provenance.ProvenanceEntityComponent entity = p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem(OBJECT_SYSTEM)
                            .setValue(source.bucket() + "/" + source.key())));
            entity.addExtension(SOURCE_SHA256, new StringType(source.sha256()));
        }
        return p;
    }

    /**
     * Reads a document this class wrote (its sections, origins, model and sampler settings); anything
     * else is an {@link IllegalArgumentException}.
     */
    public static DraftNote read(String json) {
        try {
            return readDocument(context().newJsonParser().parseResource(Bundle.class, json));
        } catch (DataFormatException | NullPointerException e) {
            throw new IllegalArgumentException("not a MedScribe FHIR note document", e);
        }
    }

    private static DraftNote readDocument(Bundle bundle) {
        Composition composition = first(bundle, Composition.class)
                .orElseThrow(() -> new IllegalArgumentException("the document has no Composition"));
        Device device = first(bundle, Device.class).orElseThrow(() -> new IllegalArgumentException("the document has no Device"));
        Provenance provenance = first(bundle, Provenance.class)
                .orElseThrow(() -> new IllegalArgumentException("the document has no Provenance"));
        Map<Section, String> sections = new EnumMap<>(Section.class);
        List<Section> generated = new ArrayList<>();
        List<DraftNote.OtherText> other = new ArrayList<>();
        for (Composition.SectionComponent section : composition.getSection()) {
            String text = section.hasEmptyReason() ? "" : text(section.getText());
            boolean isGenerated = "generated".equals(extension(section.getExtensionByUrl(SECTION_ORIGIN)));
            Optional<Section> soap = section.getCode().getCoding().stream()
                    .filter(c -> LoincSections.SYSTEM.equals(c.getSystem())).findFirst()
                    .flatMap(c -> LoincSections.section(c.getCode()));
            if (soap.isPresent()) {
                sections.put(soap.get(), text);
                if (isGenerated) {
                    generated.add(soap.get());
                }
            } else {
                other.add(new DraftNote.OtherText(section.getTitle(), text));
            }
        }
        String sha256 = device.getIdentifier().stream().filter(i -> MODEL_SHA256_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue).findFirst().orElse(null);
        String preset = device.getVersion().stream().filter(v -> "preset".equals(v.getType().getText()))
                .map(Device.DeviceVersionComponent::getValue).findFirst().orElse(null);
        String type = device.getType().getText();
        type = type != null && type.endsWith(LANGUAGE_MODEL) ? type.substring(0, type.length() - LANGUAGE_MODEL.length()) : type;
        String name = device.getDeviceName().isEmpty() ? "" : device.getDeviceNameFirstRep().getName();
        long parameters = device.getProperty().stream().filter(pr -> "parameters".equals(pr.getType().getText()))
                .flatMap(pr -> pr.getValueQuantity().stream()).map(q -> q.getValue().longValue()).findFirst().orElse(0L);
        DraftNote.Model model = new DraftNote.Model(name.replaceFirst("^MedScribe ", ""), type, preset, sha256, parameters);
        String passes = extension(provenance.getExtensionByUrl(MODEL_PASSES));
        DraftNote.Sampling sampling = new DraftNote.Sampling(
                Integer.parseInt(extension(provenance.getExtensionByUrl(SAMPLER_STEPS))),
                Double.parseDouble(extension(provenance.getExtensionByUrl(SAMPLER_TEMPERATURE))),
                Long.parseLong(extension(provenance.getExtensionByUrl(SAMPLER_SEED))),
                passes == null ? null : Integer.valueOf(passes));
        DraftNote.Source source = null;
        for (Provenance.ProvenanceEntityComponent entity : provenance.getEntity()) {
            Identifier id = entity.getWhat().getIdentifier();
            if (entity.getRole() == Provenance.ProvenanceEntityRole.SOURCE && OBJECT_SYSTEM.equals(id.getSystem())) {
                String[] bucketKey = id.getValue().split("/", 2);
                source = new DraftNote.Source(bucketKey[0], bucketKey.length > 1 ? bucketKey[1] : "",
                        extension(entity.getExtensionByUrl(SOURCE_SHA256)));
            }
        }
        Instant time = provenance.getRecorded().toInstant();
        return new DraftNote(sections, generated, other, model, sampling, source, time);
    }

    private static <R extends Resource> Optional<R> first(Bundle bundle, Class<R> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).findFirst();
    }

    private static String extension(Extension e) {
        if (e == null) {
            return null;
        }
        Type value = e.getValue();
        return value == null ? null : value.primitiveValue();
    }

    private static CodeableConcept loinc(LoincSections.Code code) {
        return new CodeableConcept(new Coding(LoincSections.SYSTEM, code.code(), code.display())).setText(code.title());
    }

    /** One XHTML paragraph per line, the text escaped (a note is text, never markup). */
    static Narrative narrative(List<String> lines) {
        StringBuilder div = new StringBuilder("<div xmlns=\"" + XHTML + "\">");
        for (String line : lines) {
            div.append("<p>").append(escape(line)).append("</p>");
        }
        div.append("</div>");
        Narrative n = new Narrative();
        n.setStatus(Narrative.NarrativeStatus.ADDITIONAL);
        n.setDivAsString(div.toString());
        return n;
    }

    /** The text of a narrative written by {@link #narrative}: its paragraphs, unescaped, one a line. */
    static String text(Narrative narrative) {
        XhtmlNode div = narrative.getDiv();
        List<String> lines = new ArrayList<>();
        for (XhtmlNode child : div.getChildNodes()) {
            if ("p".equals(child.getName())) {
                lines.add(child.allText());
            }
        }
        return String.join("\n", lines);
    }

    /** XML-escaped text without the characters XML 1.0 cannot hold (control characters but tab). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    boolean allowed = cp == '\t' || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD
                            || cp >= 0x10000 && cp <= 0x10FFFF;
                    if (allowed) {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    private static String uuidUrl() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
