package ai.medscribe.functions;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;

/**
 * The given sections of a note to complete, read from {@code {"note": text}},
 * {@code {"sections": {"HPI": ...}}}, or plain text with section headers. One reader for infill
 * and for uploaded objects. Text is read by {@link SectionParser}: every section's text as
 * {@link SoapNote#given()} gives it, and the text outside the sections in {@code unparsed}; a note
 * in which no section is recognised is refused (422, field {@code note}) rather than completed
 * from nothing.
 */
public record PartialNote(Map<Section, String> sections, List<UnparsedText> unparsed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PartialNote {
        sections = Map.copyOf(sections);
        unparsed = List.copyOf(unparsed);
    }

    public PartialNote(Map<Section, String> sections) {
        this(sections, List.of());
    }

    /** An uploaded JSON object as sent: {@code generate} is allowed and ignored (the trigger completes the missing). */
    record Upload(String note, Map<String, String> sections, JsonNode generate) {
    }

    /** The rules of {@code note} and {@code sections}, added to {@code rules}. */
    static FieldRules rules(FieldRules rules, int maxNoteChars) {
        return rules.with("note", FieldRules.text(maxNoteChars))
                .with("sections", FieldRules.shape("an object of section name to text",
                        "an object such as {\"HPI\": \"...\"}"))
                .with("sections.*", FieldRules.text(maxNoteChars));
    }

    /** Reads {@code note} or {@code sections} of a request object (exactly one of them). */
    static PartialNote fromRequest(FieldRules f, String note, Map<String, String> sections, int maxNoteChars) {
        if ((note == null) == (sections == null)) {
            throw new BadRequestException("note", "exactly one of note|sections",
                    "give either note (text with headers) or sections (an object by section name), not both or neither");
        }
        if (note != null) {
            return fromText(f.get("note", note, null));
        }
        return fromSections(f, sections, maxNoteChars);
    }

    static PartialNote fromText(String text) {
        SoapNote note = SectionParser.instance().parse(text);
        if (!note.hasSections()) {
            throw new BadRequestException(422, "note", "at least one section header, such as HPI:, S:, "
                    + "Physical Exam: or Assessment and Plan:", "the note has no section header that the service "
                    + "recognises, so none of its text would be kept; head its sections (see the infill documentation)");
        }
        return new PartialNote(note.given(), UnparsedText.of(note));
    }

    private static PartialNote fromSections(FieldRules f, Map<String, String> sections, int maxNoteChars) {
        Map<Section, String> given = new EnumMap<>(Section.class);
        int total = 0;
        for (Map.Entry<String, String> e : sections.entrySet()) {
            String field = "sections." + e.getKey();
            Section s = Section.fromName(e.getKey()).orElseThrow(() -> new BadRequestException(field,
                    Section.SOAP.toString(), "unknown section '" + e.getKey() + "'"));
            String text = f.item("sections.*", field, e.getValue());
            total += text.length();
            if (total > maxNoteChars) {
                throw new BadRequestException(413, "sections", maxNoteChars,
                        "sections hold more than the limit of " + maxNoteChars + " characters");
            }
            given.put(s, text.strip());
        }
        return new PartialNote(given);
    }

    /**
     * Reads an uploaded object: a JSON object as for infill, else plain text with headers.
     * Content that is neither is a bad request naming the object.
     */
    static PartialNote fromUpload(byte[] bytes, int maxNoteChars) {
        if (bytes.length > 4L * maxNoteChars) {
            throw new BadRequestException(413, "object", maxNoteChars, "the uploaded object is " + bytes.length
                    + " bytes, over the note size limit");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            JsonNode json;
            try {
                json = JSON.readTree(trimmed);
            } catch (Exception e) {
                throw new BadRequestException("object", "JSON {note|sections} or text with headers",
                        "the uploaded object is not valid JSON");
            }
            FieldRules rules = rules(new FieldRules(), maxNoteChars);
            Upload upload = RequestReader.read(json, Upload.class, rules);
            return fromRequest(rules, upload.note(), upload.sections(), maxNoteChars);
        }
        if (text.length() > maxNoteChars) {
            throw new BadRequestException(413, "object", maxNoteChars, "the uploaded note is " + text.length()
                    + " characters, over the limit of " + maxNoteChars);
        }
        return fromText(text);
    }

    /** Sections that are absent or empty: what completion fills. */
    List<Section> missing() {
        return Section.SOAP.stream().filter(s -> sections.getOrDefault(s, "").isBlank()).toList();
    }
}
