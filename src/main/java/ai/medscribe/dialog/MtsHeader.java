package ai.medscribe.dialog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * MTS-Dialog's 20 normalised section headers, with the control token the model is conditioned on
 * and the product's section each one is shown under. GENHX is the product's HPI; ASSESSMENT and
 * DIAGNOSIS are shown as ASSESSMENT, PLAN and DISPOSITION as PLAN; every other header is a section
 * of its own under its own name, never folded into a SOAP section.
 */
public enum MtsHeader {
    GENHX("GENHX", "HPI"),
    ROS("ROS", "ROS"),
    EXAM("EXAM", "EXAM"),
    ASSESSMENT("ASSESSMENT", "ASSESSMENT"),
    DIAGNOSIS("DIAGNOSIS", "ASSESSMENT"),
    PLAN("PLAN", "PLAN"),
    DISPOSITION("DISPOSITION", "PLAN"),
    CC("CC", "CC"),
    PASTMEDICALHX("PASTMEDICALHX", "PASTMEDICALHX"),
    PASTSURGICAL("PASTSURGICAL", "PASTSURGICAL"),
    FAM_SOCHX("FAM/SOCHX", "FAM/SOCHX"),
    MEDICATIONS("MEDICATIONS", "MEDICATIONS"),
    ALLERGY("ALLERGY", "ALLERGY"),
    IMMUNIZATIONS("IMMUNIZATIONS", "IMMUNIZATIONS"),
    GYNHX("GYNHX", "GYNHX"),
    EDCOURSE("EDCOURSE", "EDCOURSE"),
    IMAGING("IMAGING", "IMAGING"),
    LABS("LABS", "LABS"),
    PROCEDURES("PROCEDURES", "PROCEDURES"),
    OTHER_HISTORY("OTHER_HISTORY", "OTHER_HISTORY");

    private final String csvName;
    private final String sectionName;

    MtsHeader(String csvName, String sectionName) {
        this.csvName = csvName;
        this.sectionName = sectionName;
    }

    /** How the CSV's {@code section_header} column writes it, e.g. {@code FAM/SOCHX}. */
    public String csvName() {
        return csvName;
    }

    /** The model's control token: {@code "[" + csvName() + "]"}, e.g. {@code [FAM/SOCHX]}. */
    public String controlToken() {
        return "[" + csvName + "]";
    }

    /** The product's section name: HPI for GENHX, ASSESSMENT for DIAGNOSIS, PLAN for DISPOSITION, else its own. */
    public String sectionName() {
        return sectionName;
    }

    /**
     * The header named {@code text}, ignoring case and surrounding blanks: the CSV spelling
     * ({@code FAM/SOCHX}), the constant's name ({@code FAM_SOCHX}) or the product's section name
     * where it names one header ({@code HPI} is GENHX; {@code ASSESSMENT} and {@code PLAN} are
     * themselves).
     *
     * @throws IllegalArgumentException naming the text and the choices if it names no header
     */
    public static MtsHeader parse(String text) {
        String key = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (key.equals("HPI")) {
            return GENHX;
        }
        for (MtsHeader h : values()) {
            if (h.csvName.equals(key) || h.name().equals(key)) {
                return h;
            }
        }
        String choices = Arrays.stream(values()).map(MtsHeader::csvName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown MTS-Dialog section header '" + text + "'; expected one of " + choices + " (or HPI for GENHX)");
    }
}
