package ai.medscribe.note;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SectionParserTest {

    private final SectionParser parser = SectionParser.instance();

    @Test
    void parsesCanonicalHeadersInOrder() {
        SoapNote note = parser.parse("HPI: chest pain ROS: denies fever EXAM: vitals BP 120/80 "
                + "ASSESSMENT: essential hypertension PLAN: follow up in 2 weeks");
        assertEquals(Section.SOAP, note.order());
        assertEquals("vitals BP 120/80", note.sectionMap().get(Section.EXAM));
        assertEquals("follow up in 2 weeks", note.sectionMap().get(Section.PLAN));
    }

    @Test
    void mapsRealWorldSpellingsInAnyCase() {
        SoapNote note = parser.parse("Patient seen today.\nHistory of Present Illness: cough\n"
                + "Review of Systems: negative\nPhysical Exam: clear\nA/P: pneumonia\nPlan of care: antibiotics");
        assertEquals(List.of(Section.OTHER, Section.HPI, Section.ROS, Section.EXAM, Section.ASSESSMENT, Section.PLAN),
                note.parts().stream().map(SoapNote.Part::section).toList());
        assertEquals("Patient seen today.", note.parts().get(0).text());
        assertEquals("pneumonia", note.sectionMap().get(Section.ASSESSMENT));
        SoapNote combined = parser.parse("ASSESSMENT AND PLAN: copd exacerbation, start prednisone");
        assertEquals(List.of(Section.ASSESSMENT), combined.order());
    }

    @Test
    void doesNotTakeWordsInsideTextForHeaders() {
        SoapNote note = parser.parse("PLAN: discuss the plan with family HPI: none");
        assertEquals(List.of(Section.PLAN, Section.HPI), note.order());
        assertEquals("discuss the plan with family", note.sectionMap().get(Section.PLAN));
    }

    @Test
    void labelsEveryTokenWithItsSection() {
        String text = "intro HPI: a b ROS: c PLAN: d e";
        assertEquals(List.of(Section.OTHER, Section.HPI, Section.HPI, Section.HPI, Section.ROS, Section.ROS,
                Section.PLAN, Section.PLAN, Section.PLAN), parser.tokenSections(text));
    }
}
