package ai.medscribe.functions.api.dto;

import java.util.List;

import ai.medscribe.note.Section;

/**
 * Whether infill and the upload trigger may write the sections that record observations when the
 * request does not name them: {@code omit} (the default) leaves a missing ROS or EXAM missing, since
 * the note is no source of what the clinician asked or found; {@code generate} writes them, labelled
 * generated like every written section. Naming ROS or EXAM in {@code generate} also asks for them.
 * VITALS and RESULTS are never written: they are no section of the model's.
 */
public enum Observations {
    OMIT, GENERATE;

    public static final String FIELD = "observations";

    /** The SOAP sections that record what was asked or observed at the visit. */
    static final List<Section> SECTIONS = List.of(Section.ROS, Section.EXAM);

    public static boolean records(Section s) {
        return SECTIONS.contains(s);
    }
}
