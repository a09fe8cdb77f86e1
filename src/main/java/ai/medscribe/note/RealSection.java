package ai.medscribe.note;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sections of a real clinical note (EHR visit note, dictation, discharge summary) as
 * {@link RealNote} reads them, and the one place that knows the header spellings clinicians write
 * for each. Unlike {@link Section}, which has only the five SOAP sections a model writes, every
 * kind of header here is a section of its own: vitals, results and the histories are not folded
 * into ROS, EXAM or HPI.
 *
 * <p>Spellings are lower case with single spaces; {@link RealNote} matches them in any spacing and
 * case (subject to its capitalisation rules). {@code "impression"} is listed under
 * {@link #IMPRESSION} but is that section only inside RESULTS after imaging; elsewhere RealNote
 * reads it as {@link #ASSESSMENT}. The SOAP letters {@code S: O: A: P:} are not spellings here:
 * RealNote knows them separately, under stricter rules.
 */
public enum RealSection {
    /** Text under no header: before the first header, or after the paragraph of a one-paragraph section. */
    OTHER("Other", Role.NONE, null),
    CHIEF_COMPLAINT("Chief complaint", Role.SUBJECTIVE, null,
            "chief complaint", "chief complaints", "cc", "presenting complaint", "reason for visit",
            "reason for consultation", "reason for consult", "reason for admission"),
    HPI("History of present illness", Role.SUBJECTIVE, Section.HPI,
            "hpi", "history of present illness", "history of the present illness", "history of presenting illness",
            "present illness", "interval history", "history", "subjective"),
    MEDICAL_HISTORY("Past medical history", Role.SUBJECTIVE, null,
            "pmh", "pmhx", "past medical history", "past history", "medical history",
            "past medical and surgical history"),
    SURGICAL_HISTORY("Past surgical history", Role.SUBJECTIVE, null,
            "psh", "pshx", "past surgical history", "surgical history"),
    SOCIAL_HISTORY("Social history", Role.SUBJECTIVE, null, "sh", "shx", "social history"),
    FAMILY_HISTORY("Family history", Role.SUBJECTIVE, null, "fh", "fhx", "family history"),
    MEDICATIONS("Medications", Role.SUBJECTIVE, null,
            "medications", "meds", "medication", "current medications", "current outpatient medications",
            "home medications", "outpatient medications", "medications on admission", "admission medications",
            "discharge medications", "medications at discharge", "prior to admission medications"),
    ALLERGIES("Allergies", Role.SUBJECTIVE, null, "allergies", "drug allergies", "medication allergies"),
    IMMUNIZATIONS("Immunizations", Role.SUBJECTIVE, null,
            "immunizations", "immunization history", "vaccinations", "vaccines"),
    /** The chart's problem list: history, not this visit's assessment. */
    PROBLEM_LIST("Problem list", Role.SUBJECTIVE, null,
            "problem list", "active problem list", "active problems", "problems"),
    ROS("Review of systems", Role.SUBJECTIVE, Section.ROS, "ros", "review of systems", "review of system",
            "systems review"),
    VITALS("Vital signs", Role.OBJECTIVE, null, "vitals", "vital signs", "vs"),
    EXAM("Physical exam", Role.OBJECTIVE, Section.EXAM,
            "exam", "physical exam", "physical examination", "examination", "pe", "objective", "physical findings"),
    RESULTS("Results", Role.OBJECTIVE, null,
            "results", "labs", "lab results", "lab data", "laboratory", "laboratory data", "laboratory results",
            "labs and imaging", "labs/imaging", "imaging", "imaging results", "radiology", "studies",
            "diagnostic studies", "diagnostics", "data", "pertinent results"),
    /** A radiology impression: a sub-span of RESULTS, never the assessment. */
    IMPRESSION("Impression (of a study)", Role.OBJECTIVE, null, "impression"),
    HOSPITAL_COURSE("Hospital course", Role.NONE, null,
            "hospital course", "brief hospital course", "course in hospital", "clinical course"),
    DIAGNOSIS("Diagnosis", Role.ASSESSMENT, null,
            "diagnosis", "diagnoses", "dx", "discharge diagnosis", "discharge diagnoses", "admission diagnosis",
            "admitting diagnosis", "final diagnosis", "final diagnoses", "principal diagnosis", "primary diagnosis",
            "secondary diagnoses"),
    ASSESSMENT("Assessment", Role.ASSESSMENT, Section.ASSESSMENT, "assessment", "clinical impression"),
    /**
     * A combined assessment and plan that is not split (or its header alone, when the split starts
     * at an {@code Assessment:} sub-header): of neither SOAP section.
     */
    ASSESSMENT_AND_PLAN("Assessment and plan", Role.ASSESSMENT, null,
            "assessment and plan", "assessment & plan", "assessment/plan", "a/p", "a&p", "impression and plan",
            "impression & plan", "impression/plan"),
    /** The assessment part of a split assessment and plan. */
    AP_ASSESSMENT("Assessment and plan: assessment part", Role.ASSESSMENT, Section.ASSESSMENT),
    /** The plan part of a split assessment and plan. */
    AP_PLAN("Assessment and plan: plan part", Role.PLAN, Section.PLAN),
    PLAN("Plan", Role.PLAN, Section.PLAN, "plan", "plan of care", "treatment plan", "recommendations"),
    INSTRUCTIONS("Instructions", Role.PLAN, null,
            "instructions", "patient instructions", "discharge instructions", "follow-up instructions",
            "follow up instructions", "follow-up", "follow up", "followup", "return precautions"),
    DISPOSITION("Disposition", Role.PLAN, null, "disposition", "discharge disposition");

    /** Where a section stands in SOAP terms. */
    public enum Role { SUBJECTIVE, OBJECTIVE, ASSESSMENT, PLAN, NONE }

    private final String displayName;
    private final Role role;
    private final Section soap;
    private final List<String> spellings;

    RealSection(String displayName, Role role, Section soap, String... spellings) {
        this.displayName = displayName;
        this.role = role;
        this.soap = soap;
        this.spellings = List.of(spellings);
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    /**
     * The model section this section IS, if any: only HPI, ROS, EXAM, ASSESSMENT, PLAN and the two
     * parts of a split assessment and plan. VITALS and RESULTS are objective but neither ROS nor EXAM.
     */
    public Optional<Section> soapSection() {
        return Optional.ofNullable(soap);
    }

    /** The section this one is a part of: RESULTS for IMPRESSION, ASSESSMENT_AND_PLAN for its parts, else itself. */
    public RealSection parent() {
        return switch (this) {
            case IMPRESSION -> RESULTS;
            case AP_ASSESSMENT, AP_PLAN -> ASSESSMENT_AND_PLAN;
            default -> this;
        };
    }

    /** The header spellings of this section, lower case, single-spaced. */
    public List<String> spellings() {
        return spellings;
    }

    private static final Map<String, RealSection> BY_SPELLING;

    static {
        Map<String, RealSection> map = new LinkedHashMap<>();
        for (RealSection s : values()) {
            for (String spelling : s.spellings) {
                if (map.put(normalise(spelling), s) != null) {
                    throw new IllegalStateException("spelling listed twice: " + spelling);
                }
            }
        }
        BY_SPELLING = Collections.unmodifiableMap(map);
    }

    /** Every spelling, normalised, to its section. */
    static Map<String, RealSection> bySpelling() {
        return BY_SPELLING;
    }

    /** The section of a header as written ({@code "Past  Medical History"}, {@code "A / P"}), if it is a spelling. */
    public static Optional<RealSection> ofSpelling(String written) {
        return Optional.ofNullable(BY_SPELLING.get(normalise(written)));
    }

    /** Lower case, single spaces, no spaces around {@code /}, {@code &} and {@code -}, no trailing colon. */
    static String normalise(String spelling) {
        String s = spelling.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(":")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s.replaceAll("\\s+", " ").replaceAll(" ?([/&-]) ?", "$1");
    }
}
