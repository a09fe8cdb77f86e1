package ai.medscribe.functions.service;

import ai.medscribe.functions.api.StrictJson;
import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.Observations;
import ai.medscribe.functions.api.dto.UploadedNote;
import ai.medscribe.functions.api.dto.UnparsedText;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.note.RealNote;
import ai.medscribe.note.RealSection;
import ai.medscribe.note.Section;

/**
 * The given sections of a note to complete, read from {@code {"note": text}},
 * {@code {"sections": {"HPI": ...}}}, or plain text with section headers. One reader for infill
 * and for uploaded objects. Text is read by {@link RealNote} (the section model of real notes):
 * the five SOAP sections as {@link RealNote#soap()} gives them (the parts of a split assessment and
 * plan included), every other span (VITALS, RESULTS, the histories, medications, an assessment and
 * plan kept whole, text before the first header) in {@code unparsed} under its header as written, and
 * {@code where} says where each span of the input went. A note in which no header is recognised is
 * refused (422, field {@code note}) rather than completed from nothing. {@code field} is the request
 * field the note came from ({@code note}, {@code sections} or {@code object}), for error answers.
 */
public record PartialNote(Map<Section, String> sections, List<UnparsedText> unparsed, List<RealNote.Where> where,
        Set<Section> covered, String field, Observations observations) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PartialNote {
        sections = Map.copyOf(sections);
        unparsed = List.copyOf(unparsed);
        where = where == null ? null : List.copyOf(where);
        covered = covered.isEmpty() ? Set.of() : Set.copyOf(covered);
        observations = observations == null ? Observations.OMIT : observations;
    }

    public PartialNote(Map<Section, String> sections) {
        this(sections, List.of(), null, Set.of(), "sections", Observations.OMIT);
    }

    PartialNote withObservations(Observations o) {
        return new PartialNote(sections, unparsed, where, covered, field, o);
    }

    /** Reads {@code note} or {@code sections} of a request object (exactly one of them). */
    public static PartialNote fromRequest(String note, Map<String, String> sections, int maxNoteChars) {
        if ((note == null) == (sections == null)) {
            throw new BadRequestException("note", "exactly one of note|sections",
                    "give either note (text with headers) or sections (an object by section name), not both or neither");
        }
        if (note != null) {
            return fromText(note, "note");
        }
        return fromSections(sections, maxNoteChars);
    }

    static PartialNote fromText(String text) {
        return fromText(text, "note");
    }

    static PartialNote fromText(String text, String field) {
        RealNote note = RealNote.parse(text);
        // The model sees only the SOAP sections: a note with none of them (no header, or only headers such as
        // Medications: and Allergies:) would be written from nothing.
        if (note.spans().stream().noneMatch(s -> s.section().soapSection().isPresent()
                || s.section() == RealSection.ASSESSMENT_AND_PLAN)) {
            throw new BadRequestException(422, field, "at least one section header, such as HPI:, S:, "
                    + "Physical Exam: or Assessment and Plan:", "the note has no history, exam, assessment or plan "
                    + "header that the service recognises, so the model would write from nothing; head its sections "
                    + "(see the infill documentation)");
        }
        Map<Section, String> sections = new EnumMap<>(note.soap());
        Set<Section> covered = EnumSet.noneOf(Section.class);
        List<UnparsedText> unparsed = new java.util.ArrayList<>();
        for (RealNote.Span s : note.spans()) {
            if (s.section().soapSection().isPresent()) {
                continue;
            }
            if (s.section() == RealSection.ASSESSMENT_AND_PLAN && !s.content().isEmpty()) {
                // kept as one named section: it stands for both, so neither is written beside it
                covered.add(Section.ASSESSMENT);
                covered.add(Section.PLAN);
            }
            if (s.raw().isBlank()) {
                continue;
            }
            unparsed.add(new UnparsedText(header(s), s.content()));
        }
        return new PartialNote(sections, unparsed, note.where(), covered, field, Observations.OMIT);
    }

    /** A span's header as written, without its colon; a span without a header: null before the first header, else its section's name. */
    private static String header(RealNote.Span s) {
        String h = s.header().strip();
        if (h.endsWith(":")) {
            h = h.substring(0, h.length() - 1).strip();
        }
        if (!h.isEmpty()) {
            return h;
        }
        return s.section() == RealSection.OTHER && s.headerStart() == 0 ? null
                : s.section().displayName().toUpperCase(Locale.ROOT);
    }

    private static PartialNote fromSections(Map<String, String> sections, int maxNoteChars) {
        Map<Section, String> given = new EnumMap<>(Section.class);
        int total = 0;
        for (Map.Entry<String, String> e : sections.entrySet()) {
            String field = "sections." + e.getKey();
            Section s = Section.fromName(e.getKey()).orElseThrow(() -> new BadRequestException(field,
                    Section.SOAP.toString(), "unknown section '" + e.getKey() + "'"));
            String text = e.getValue();
            if (text == null) {
                throw new BadRequestException(field, "a string", field + " must be a string");
            }
            total += text.length();
            if (total > maxNoteChars) {
                throw new BadRequestException(413, "sections", maxNoteChars,
                        "sections hold more than the limit of " + maxNoteChars + " characters");
            }
            given.put(s, text.strip());
        }
        return new PartialNote(given, List.of(), null, Set.of(), "sections", Observations.OMIT);
    }

    /**
     * Reads an uploaded object: a JSON object as for infill, else plain text with headers.
     * Content that is neither is a bad request naming the object.
     */
    public static PartialNote fromUpload(byte[] bytes, int maxNoteChars) {
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
            UploadedNote upload = StrictJson.read(json, UploadedNote.class, null);
            if (upload.note() != null && upload.note().length() > maxNoteChars) {
                throw new BadRequestException(413, "note", maxNoteChars, "note is " + upload.note().length()
                        + " characters, more than the limit of " + maxNoteChars);
            }
            Observations observations = EnumIds.parse(Observations.class, upload.observations()).orElse(null);
            if (observations == null && upload.observations() != null) {
                List<String> choices = EnumIds.choices(Observations.class);
                throw new BadRequestException(Observations.FIELD, String.join("|", choices), Observations.FIELD
                        + " must be one of " + choices);
            }
            return fromRequest(upload.note(), upload.sections(), maxNoteChars)
                    .withObservations(observations == null ? Observations.OMIT : observations);
        }
        if (text.length() > maxNoteChars) {
            throw new BadRequestException(413, "object", maxNoteChars, "the uploaded note is " + text.length()
                    + " characters, over the limit of " + maxNoteChars);
        }
        return fromText(text, "object");
    }

    /** Sections that are absent or empty, and not covered by an assessment and plan kept whole. */
    List<Section> missing() {
        return Section.SOAP.stream().filter(s -> sections.getOrDefault(s, "").isBlank() && !covered.contains(s)).toList();
    }

    /** What completion fills by default: the missing sections, less those that record observations unless asked. */
    public List<Section> toGenerate() {
        return missing().stream().filter(s -> observations == Observations.GENERATE || !Observations.records(s)).toList();
    }

    /** The missing sections left unwritten because they record observations. */
    public List<Section> withheld() {
        return missing().stream().filter(s -> !toGenerate().contains(s)).toList();
    }
}
