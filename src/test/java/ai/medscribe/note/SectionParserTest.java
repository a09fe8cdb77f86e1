package ai.medscribe.note;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectionParserTest {

    private final SectionParser parser = SectionParser.instance();

    @Test
    void parsesCanonicalHeadersInOrder() {
        SoapNote note = parser.parse("HPI: chest pain ROS: denies fever EXAM: vitals BP 120/80 "
                + "ASSESSMENT: essential hypertension PLAN: follow up in 2 weeks");
        assertEquals(Section.SOAP, note.order());
        assertEquals("vitals BP 120/80", note.sectionMap().get(Section.EXAM));
        assertEquals("follow up in 2 weeks", note.sectionMap().get(Section.PLAN));
        assertEquals(note.sectionMap(), note.given());
        assertEquals(List.of(), note.unparsed());
        assertEquals("HPI: chest pain ROS: denies fever EXAM: vitals BP 120/80 "
                + "ASSESSMENT: essential hypertension PLAN: follow up in 2 weeks", note.text());
    }

    @Test
    void parsesTheLowerCaseHeadersAModelWrites() {
        SoapNote note = parser.parse("hpi: cough ros: denies fever exam: clear assessment: viral plan: rest");
        assertEquals(Section.SOAP, note.order());
        assertEquals("viral", note.given().get(Section.ASSESSMENT));
    }

    @Test
    void mapsRealWorldSpellingsInAnyCase() {
        SoapNote note = parser.parse("Patient seen today.\nHistory of Present Illness: cough\n"
                + "Review of Systems: negative\nPhysical Exam: clear\nA/P: pneumonia\nPlan of care: antibiotics");
        assertEquals(List.of(Section.OTHER, Section.HPI, Section.ROS, Section.EXAM, Section.ASSESSMENT, Section.PLAN),
                note.parts().stream().map(SoapNote.Part::section).toList());
        assertEquals("Patient seen today.", note.parts().get(0).text());
        assertEquals("pneumonia", note.sectionMap().get(Section.ASSESSMENT));
        assertEquals("antibiotics", note.given().get(Section.PLAN));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HPI:|HPI", "hpi :|HPI", "History of Present Illness:|HPI", "history  of the present illness:|HPI",
            "HISTORY OF PRESENTING ILLNESS:|HPI", "Subjective:|HPI", "S:|HPI", "s:|HPI",
            "ROS:|ROS", "Review of Systems:|ROS", "review of system:|ROS",
            "Exam:|EXAM", "Physical Exam:|EXAM", "PHYSICAL EXAMINATION:|EXAM", "Physical  examination :|EXAM",
            "PE:|EXAM", "Objective:|EXAM", "O:|EXAM",
            "Assessment:|ASSESSMENT", "Impression:|ASSESSMENT", "IMPRESSION:|ASSESSMENT", "Diagnosis:|ASSESSMENT",
            "A:|ASSESSMENT",
            "Plan:|PLAN", "PLAN:|PLAN", "Plan of Care:|PLAN", "Recommendations:|PLAN", "P:|PLAN"})
    void eachSpellingMapsToItsSection(String header, Section section) {
        SoapNote note = parser.parse(header + " some text here");
        assertEquals(List.of(section), note.order(), header);
        assertEquals(Map.of(section, "some text here"), note.given(), header);
        assertEquals(header.replace(":", "").strip(), note.parts().get(0).header());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Assessment and Plan:", "ASSESSMENT AND PLAN:", "assessment & plan:", "Assessment/Plan:",
            "Assessment  &  Plan :", "A/P:", "a/p:", "A / P:", "A&P:", "A & P:", "Impression and Plan:", "Impression/Plan:"})
    void aCombinedAssessmentAndPlanThatCannotBeSplitIsTheTextOfBoth(String header) {
        SoapNote note = parser.parse("HPI: cough. " + header + " copd exacerbation, start prednisone");
        assertEquals(List.of(Section.HPI, Section.ASSESSMENT), note.order(), header);
        assertEquals("copd exacerbation, start prednisone", note.sectionMap().get(Section.ASSESSMENT));
        assertFalse(note.sectionMap().containsKey(Section.PLAN));
        assertEquals("copd exacerbation, start prednisone", note.given().get(Section.ASSESSMENT), header);
        assertEquals("copd exacerbation, start prednisone", note.given().get(Section.PLAN), header);
        assertEquals(SoapNote.Kind.COMBINED, note.parts().get(1).kind());
    }

    @Test
    void aCombinedAssessmentAndPlanWithAPlanHeaderInsideIsSplitThere() {
        SoapNote note = parser.parse("HPI: cough\nAssessment and Plan: COPD exacerbation.\nPlan: prednisone, nebs");
        assertEquals(List.of(Section.HPI, Section.ASSESSMENT, Section.PLAN), note.order());
        assertEquals(Map.of(Section.HPI, "cough", Section.ASSESSMENT, "COPD exacerbation.", Section.PLAN,
                "prednisone, nebs"), note.given());
        SoapNote inline = parser.parse("A/P: viral URI; plan: fluids and rest");
        assertEquals(Map.of(Section.ASSESSMENT, "viral URI;", Section.PLAN, "fluids and rest"), inline.given());
    }

    @Test
    void aCombinedAssessmentAndPlanAfterAnAssessmentIsThePlan() {
        SoapNote note = parser.parse("Impression: otitis media\nA/P: amoxicillin for 10 days");
        assertEquals(Map.of(Section.ASSESSMENT, "otitis media", Section.PLAN, "amoxicillin for 10 days"), note.given());
    }

    @Test
    void aCombinedAssessmentAndPlanIsSplitBeforeItsNumberedItems() {
        String text = "Assessment and Plan: 67F with acute on chronic heart failure.\nVolume overloaded.\n"
                + "1. Furosemide 40 mg daily.\n\n2) Daily weights.\n";
        SoapNote note = parser.parse(text);
        assertEquals(List.of(Section.ASSESSMENT, Section.PLAN), note.order());
        assertEquals("67F with acute on chronic heart failure.\nVolume overloaded.", note.given().get(Section.ASSESSMENT));
        assertEquals("1. Furosemide 40 mg daily.\n\n2) Daily weights.", note.given().get(Section.PLAN));
        assertNull(note.parts().get(1).header());
        Section[] chars = parser.characterSections(text);
        assertEquals(Section.ASSESSMENT, chars[text.indexOf("Volume")]);
        assertEquals(Section.PLAN, chars[text.indexOf("1. Furo")]);
        assertEquals(Section.PLAN, chars[text.indexOf("Daily")]);
        assertEquals(List.of(new SectionParser.HeaderMatch(Section.ASSESSMENT, 0, "Assessment and Plan:".length())),
                parser.headers(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "A/P:\n1. COPD exacerbation: prednisone.\n2. Hypertension: continue lisinopril.",
            "A/P: COPD exacerbation.\n1. Prednisone 40 mg daily for five\ndays, then stop.",
            "A/P: COPD exacerbation. 1. Prednisone 2. Nebs",
            "A/P: COPD exacerbation.\n1. Prednisone.\nReturn if worse."})
    void numberedItemsThatAreNotAPlanAfterAnAssessmentAreNotSplit(String text) {
        SoapNote note = parser.parse(text);
        String body = text.substring(text.indexOf(':') + 1).strip();
        assertEquals(body, note.given().get(Section.ASSESSMENT));
        assertEquals(body, note.given().get(Section.PLAN));
    }

    @Test
    void soapLettersOnOneLine() {
        SoapNote note = parser.parse("S: cough for 3 days O: wheezes A: COPD exacerbation P: prednisone");
        assertEquals(List.of(Section.HPI, Section.EXAM, Section.ASSESSMENT, Section.PLAN), note.order());
        assertEquals("prednisone", note.given().get(Section.PLAN));
    }

    @Test
    void soapLettersAreHeadersOnlyWhereTheyCannotBeSomethingElse() {
        // A pulse is not a plan; a list number is; BP: is not P:; letters out of SOAP order are text.
        SoapNote note = parser.parse("S: cough\nO: T 37.9 P: 96 BP: 120/80\nA: bronchitis, plan A: fluids\nP: 1. rest");
        assertEquals(List.of(Section.HPI, Section.EXAM, Section.ASSESSMENT, Section.PLAN), note.order());
        assertEquals("T 37.9 P: 96 BP: 120/80", note.given().get(Section.EXAM));
        assertEquals("bronchitis, plan A: fluids", note.given().get(Section.ASSESSMENT));
        assertEquals("1. rest", note.given().get(Section.PLAN));
        SoapNote late = parser.parse("PLAN: rest. S: O: A: P: x");
        assertEquals(List.of(Section.PLAN), late.order());
        assertEquals("rest. S: O: A: P: x", late.given().get(Section.PLAN));
        assertEquals(List.of(), parser.parse("Vitals: T 37 P: 88\nsat 97%").order());
    }

    @Test
    void aPartialNoteInLettersMaySkipSections() {
        SoapNote note = parser.parse("O: lungs clear\nP: follow up in two weeks");
        assertEquals(Map.of(Section.EXAM, "lungs clear", Section.PLAN, "follow up in two weeks"), note.given());
    }

    @Test
    void chiefComplaintIsKeptWithItsHeaderInTheHpi() {
        SoapNote note = parser.parse("Chief Complaint: low back pain\nHPI: lifted a box.\nAssessment: strain");
        assertEquals(Map.of(Section.HPI, "Chief Complaint: low back pain\nlifted a box.", Section.ASSESSMENT, "strain"),
                note.given());
        assertEquals(SoapNote.Kind.SUBHEADING, note.parts().get(0).kind());
        assertEquals(Map.of(Section.HPI, "CC: sore throat"), parser.parse("CC: sore throat").given());
        assertEquals(Map.of(Section.HPI, "Reason for visit: follow-up\nfeels well"),
                parser.parse("Reason for visit: follow-up\nS: feels well").given());
        // cc: in the middle of a line is a volume, not a chief complaint.
        assertEquals(Map.of(Section.PLAN, "drink 500 cc: water daily"), parser.parse("Plan: drink 500 cc: water daily").given());
    }

    @Test
    void aRepeatedSectionKeepsItsLaterHeadersAsText() {
        SoapNote note = parser.parse("Assessment: asthma\nImpression: viral trigger\nPLAN: inhaler");
        assertEquals("asthma", note.sectionMap().get(Section.ASSESSMENT));
        assertEquals("asthma\nImpression: viral trigger", note.given().get(Section.ASSESSMENT));
    }

    @Test
    void textBeforeTheFirstHeaderAndUnderOtherHeadersIsKept() {
        SoapNote note = parser.parse("Seen with daughter.\nHPI: dysuria\nMedications: lisinopril\nAllergies:\n"
                + "Social History: nonsmoker\nExam: Vitals: T 37.0\nLungs: clear\nHPI findings: none");
        assertEquals(Map.of(Section.HPI, "dysuria", Section.EXAM, "Vitals: T 37.0\nLungs: clear\nHPI findings: none"),
                note.given());
        List<SoapNote.Part> unparsed = note.unparsed();
        assertEquals(Arrays.asList(null, "Medications", "Allergies", "Social History"),
                unparsed.stream().map(SoapNote.Part::header).toList());
        assertEquals(List.of("Seen with daughter.", "lisinopril", "", "nonsmoker"),
                unparsed.stream().map(SoapNote.Part::text).toList());
        assertEquals("Seen with daughter. HPI: dysuria EXAM: Vitals: T 37.0\nLungs: clear\nHPI findings: none "
                + "Medications: lisinopril Allergies: Social History: nonsmoker",
                SoapNote.withUnparsed(note.given(), unparsed));
        // Other headers count only at the start of a line: inside a section they are its text.
        assertEquals(Map.of(Section.HPI, "cough, meds: none"), parser.parse("HPI: cough, meds: none").given());
    }

    @Test
    void aHeaderAloneOnItsLineNeedsNoColon() {
        SoapNote note = parser.parse("HPI: cough\nASSESSMENT AND PLAN\nbronchitis\n1. fluids");
        assertEquals(Map.of(Section.HPI, "cough", Section.ASSESSMENT, "bronchitis", Section.PLAN, "1. fluids"),
                note.given());
        assertEquals(Map.of(Section.ASSESSMENT, "viral"), parser.parse("Impression\nviral").given());
        // Only a spelling that starts with a capital: a lower-case word alone on its line is text.
        assertEquals(Map.of(Section.HPI, "we talked about the\nplan\nwith family"),
                parser.parse("HPI: we talked about the\nplan\nwith family").given());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "patient doing well, no complaints, continue current medications",
            "Medications: lisinopril\nAllergies: none", "BP: 120/80 P: 72", "Sp: x"})
    void aNoteWithoutARecognisedSectionHasNone(String text) {
        SoapNote note = parser.parse(text);
        assertFalse(note.hasSections());
        assertEquals(Map.of(), note.given());
        assertEquals(text.isBlank() ? List.of() : List.of(Section.OTHER),
                note.parts().stream().map(SoapNote.Part::section).distinct().toList());
    }

    @Test
    void doesNotTakeWordsInsideTextForHeaders() {
        SoapNote note = parser.parse("PLAN: discuss the plan with family HPI: none");
        assertEquals(List.of(Section.PLAN, Section.HPI), note.order());
        assertEquals("discuss the plan with family", note.sectionMap().get(Section.PLAN));
        assertEquals(List.of(Section.PLAN), parser.parse("PLAN: see the planned: list and examination").order());
    }

    @Test
    void labelsEveryTokenWithItsSection() {
        String text = "intro HPI: a b ROS: c PLAN: d e";
        assertEquals(List.of(Section.OTHER, Section.HPI, Section.HPI, Section.HPI, Section.ROS, Section.ROS,
                Section.PLAN, Section.PLAN, Section.PLAN), parser.tokenSections(text));
        String other = "HPI: a\nMedications: b c\nPLAN: d";
        assertEquals(List.of(Section.HPI, Section.HPI, Section.OTHER, Section.OTHER, Section.OTHER, Section.PLAN,
                Section.PLAN), parser.tokenSections(other));
        assertEquals(List.of(Section.HPI, Section.PLAN),
                parser.headers(other).stream().map(SectionParser.HeaderMatch::section).toList());
    }

    @Test
    void theFiveTestNotesKeepEveryCharacter() {
        for (FormatNotes.Note n : FormatNotes.all().values()) {
            SoapNote note = parser.parse(n.text());
            assertTrue(note.hasSections(), n.file());
            assertEquals(n.given(), note.given(), n.file());
            assertEquals(n.unparsed().stream().map(u -> Arrays.asList(u)).toList(),
                    note.unparsed().stream().map(p -> Arrays.asList(p.header(), p.text())).toList(), n.file());
            assertEquals(n.missing(), Section.SOAP.stream().filter(s -> !note.given().containsKey(s)).toList(), n.file());
            String completed = SoapNote.withUnparsed(note.given(), note.unparsed());
            assertEquals(List.of(), n.piecesMissingFrom(completed), n.file());
        }
    }

    @Test
    void piecesMissingFromSeesADroppedPiece() {
        FormatNotes.Note n = FormatNotes.UNKNOWN_HEADER;
        SoapNote note = parser.parse(n.text());
        assertEquals(List.of("Seen with her daughter, who interprets.", "Medications: lisinopril 10 mg daily.",
                "Allergies: penicillin (rash)."), n.piecesMissingFrom(SoapNote.of(note.given()).text()));
    }
}
