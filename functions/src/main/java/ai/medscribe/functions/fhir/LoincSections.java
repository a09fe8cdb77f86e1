package ai.medscribe.functions.fhir;

import java.util.Map;
import java.util.Optional;

import ai.medscribe.note.Section;

/**
 * The LOINC codes of the note and of its sections in a FHIR document: the one place that knows them.
 * The section codes are the ones C-CDA and US scribe products use for the same narrative sections.
 */
public final class LoincSections {

    public static final String SYSTEM = "http://loinc.org";
    /** The document type: a progress note. */
    public static final Code PROGRESS_NOTE = new Code("11506-3", "Progress note", "Progress note");

    /** A LOINC code, its LOINC display and the section title written in the document. */
    public record Code(String code, String display, String title) {
    }

    private static final Map<Section, Code> SECTIONS = Map.of(
            Section.HPI, new Code("10164-2", "History of Present illness Narrative", "History of present illness"),
            Section.ROS, new Code("10187-3", "Review of systems Narrative Reported", "Review of systems"),
            Section.EXAM, new Code("29545-1", "Physical findings Narrative", "Physical examination"),
            Section.ASSESSMENT, new Code("51848-0", "Evaluation note", "Assessment"),
            Section.PLAN, new Code("18776-5", "Plan of care note", "Plan"));

    private LoincSections() {
    }

    /** The code of one of the five SOAP sections. */
    public static Code of(Section section) {
        Code code = SECTIONS.get(section);
        if (code == null) {
            throw new IllegalArgumentException("no LOINC code for " + section);
        }
        return code;
    }

    /** The SOAP section a LOINC section code stands for. */
    public static Optional<Section> section(String loincCode) {
        return SECTIONS.entrySet().stream().filter(e -> e.getValue().code().equals(loincCode)).map(Map.Entry::getKey)
                .findFirst();
    }
}
