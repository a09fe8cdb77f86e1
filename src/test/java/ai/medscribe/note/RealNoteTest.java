package ai.medscribe.note;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RealNote on invented notes written in the formats users bring (EHR visit notes, dictations, discharge summaries). */
class RealNoteTest {

    // ---- fixtures: invented patients ----

    static final String VITALS_AFTER_ROS = """
            HPI: Two days of sore throat.
            ROS: No fever. No cough.
            VITALS
            BP: 118/76
            P: 72
            T: 37.1
            Exam: Tonsillar exudate. No cervical lymphadenopathy.
            """;

    static final String HISTORIES = """
            HPI: Follow-up of asthma, well controlled.
            MEDICAL HISTORY: Asthma since childhood.
            PAST HISTORY: Eczema as a child.
            SURGICAL HISTORY: Tonsillectomy at age 6.
            Past Medical History: Seasonal allergies.
            PMH: none other.
            Plan: Continue current inhaler.
            """;

    static final String INSTRUCTIONS = """
            Assessment: Acute otitis media, left ear.
            Plan: Amoxicillin 500 mg three times daily for 10 days.
            INSTRUCTIONS: Give the medicine with food. Return if fever lasts more than 2 days.
            """;

    static final String INSTRUCTIONS_AFTER_AP = """
            A/P: Viral upper respiratory infection; supportive care.
            Patient Instructions: Rest and plenty of fluids.
            Discharge instructions: Return if breathing gets harder.
            """;

    static final String RADIOLOGY_IMPRESSION = """
            HPI: Cough for 3 weeks after a cold.
            RESULTS:
            Chest x-ray PA and lateral.
            Findings: Lungs are clear.
            Impression: No acute cardiopulmonary process.
            Assessment: Post-viral cough.
            Plan: Honey at night, return if no better in 3 weeks.
            """;

    static final String AP_NARRATIVE_THEN_NUMBERED = """
            HPI: Shortness of breath and ankle swelling for one week.
            Assessment and Plan: 67 year old woman with acute on chronic heart failure.
            Volume overloaded on exam.
            1. Furosemide 40 mg IV twice daily.
            2. Daily weights and strict intake and output.
            """;

    static final String AP_SUBHEADERS = """
            HPI: Fever and productive cough for 4 days.
            A&P:
            Assessment: Community-acquired pneumonia.
            Plan: Azithromycin for 5 days, recheck in 1 week.
            """;

    static final String AP_PROBLEM_LIST = """
            HPI: Routine follow-up.
            Assessment/Plan:
            1. Essential hypertension - above goal; increase lisinopril to 20 mg daily.
            2. Type 2 diabetes - A1c 7.1; continue metformin.
            """;

    static final String AP_NARRATIVE_THEN_PROBLEMS = """
            A/P: 58 year old man here for follow-up, doing well.
            1. Hypertension - at goal, continue lisinopril.
            2. Hyperlipidemia: continue atorvastatin.
            """;

    static final String AP_PLAN_PER_PROBLEM = """
            A/P:
            1. Hypertension, uncontrolled.
            Plan: increase lisinopril.
            2. Gout, stable on allopurinol.
            """;

    static final String INLINE_HEADERS = """
            HPI: 34 year old man with cough, in no acute distress. PMH: asthma. Medications: albuterol. Allergies: none.
            Exam: Lungs: scattered wheezes.
            Plan: drink 500 cc: water daily, e.g. plan: rest.
            """;

    static final String DIAGNOSIS_FIRST = """
            DIAGNOSIS: Acute bronchitis.
            HISTORY: 45 year old woman with 10 days of cough after a cold.
            EXAM: Scattered rhonchi, no crackles.
            PLAN: Supportive care.
            """;

    static final String DIAGNOSIS_THEN_NARRATIVE = """
            Diagnosis: Acute bronchitis.

            This 45 year old woman has had 10 days of cough after a cold; no fever.

            Plan: Supportive care.
            """;

    static final String EPIC_VISIT = """
            Subjective
            Chief Complaint: Follow-up of hypertension.

            HPI: Ms. Dana Whitlock is a 61 y.o. female who presents for a blood pressure check. She reports \
            occasional morning headaches. No chest pain.

            Past Medical History:
            Diagnosis\tDate
            \u2022 Hypertension\t2015
            \u2022 Hyperlipidemia\t2018

            Past Surgical History:
            Procedure\tLaterality\tDate
            \u2022 CHOLECYSTECTOMY\t\t2009

            Social History
            Tobacco Use: Never smoker
            Alcohol Use: Occasionally

            Family History
            Problem\tRelation
            \u2022 Heart disease\tFather

            Current Outpatient Medications:
            \u2022 lisinopril 10 mg tablet Take 1 tablet by mouth daily.
            \u2022 atorvastatin 20 mg tablet Take 1 tablet by mouth nightly.

            Allergies
            Allergen\tReactions
            \u2022 Sulfa Antibiotics\tRash

            Review of Systems
            Constitutional: Negative for fever.
            Cardiovascular: Negative for chest pain.

            Objective
            Vitals:
            BP 148/92 | Pulse 76 | Temp 36.7 \u00b0C | Resp 14 | SpO2 98%

            Physical Exam
            Constitutional: She is oriented. No distress.
            Cardiovascular: Normal rate, regular rhythm.

            Assessment/Plan:
            1. Essential hypertension - above goal; increase lisinopril to 20 mg daily.
            2. Hyperlipidemia - continue atorvastatin.

            Patient Instructions
            Check your blood pressure at home twice a week and bring the log to your next visit.

            Follow-up: Return in about 4 weeks.
            """;

    static final String DICTATION = """
            CHIEF COMPLAINT
            Right knee pain.

            HISTORY OF PRESENT ILLNESS:  The patient is a 47-year-old man who twisted his right knee playing \
            basketball 3 days ago. He heard a pop and has had swelling since. He denies numbness.

            PAST MEDICAL HISTORY
            Asthma.

            PAST SURGICAL HISTORY
            Appendectomy at age 12.

            MEDICATIONS
            Albuterol inhaler as needed.

            ALLERGIES
            NKDA

            SOCIAL HISTORY
            He works as a teacher. He does not smoke.

            REVIEW OF SYSTEMS
            Negative except as noted in the HPI.

            PHYSICAL EXAMINATION
            VITAL SIGNS:  Temperature 98.4, pulse 80, blood pressure 126/78.
            GENERAL:  Alert and in no distress.
            EXTREMITIES:  Right knee with moderate effusion. Positive Lachman test.

            IMAGING
            X-ray of the right knee, 3 views.
            FINDINGS:  No fracture. Moderate joint effusion.
            IMPRESSION:  No acute osseous abnormality.

            ASSESSMENT
            Suspected anterior cruciate ligament tear, right knee.

            PLAN
            MRI of the right knee. Knee brace and crutches. Follow up with orthopedics after the MRI.
            """;

    static final String DISCHARGE = """
            DISCHARGE SUMMARY

            ADMISSION DIAGNOSIS: Community-acquired pneumonia.
            DISCHARGE DIAGNOSES:
            1. Community-acquired pneumonia, right lower lobe.
            2. Chronic obstructive pulmonary disease.

            HISTORY OF PRESENT ILLNESS: Mr. Arlo Pennings is a 72-year-old man who presented with 4 days of fever \
            and productive cough.

            HOSPITAL COURSE: He was admitted to the medical floor and started on ceftriaxone and azithromycin. His \
            oxygen requirement resolved by hospital day 3. He was changed to oral antibiotics.

            DISCHARGE MEDICATIONS:
            1. Amoxicillin-clavulanate 875 mg twice daily for 4 more days.
            2. Tiotropium inhaler daily.

            DISCHARGE INSTRUCTIONS: Complete the antibiotic course. Return for fever, chest pain or worse breathing.

            DISPOSITION: Home with family.

            FOLLOW-UP: Primary care in 1 week, repeat chest x-ray in 6 weeks.
            """;

    static final String NO_HEADER = "Patient doing well. No complaints today. Continue current medications and "
            + "return in six months.\nBP: 130/80, P: 76.\nNKDA\n";

    static final Map<String, String> FIXTURES = new LinkedHashMap<>();

    static {
        FIXTURES.put("VITALS_AFTER_ROS", VITALS_AFTER_ROS);
        FIXTURES.put("HISTORIES", HISTORIES);
        FIXTURES.put("INSTRUCTIONS", INSTRUCTIONS);
        FIXTURES.put("INSTRUCTIONS_AFTER_AP", INSTRUCTIONS_AFTER_AP);
        FIXTURES.put("RADIOLOGY_IMPRESSION", RADIOLOGY_IMPRESSION);
        FIXTURES.put("AP_NARRATIVE_THEN_NUMBERED", AP_NARRATIVE_THEN_NUMBERED);
        FIXTURES.put("AP_SUBHEADERS", AP_SUBHEADERS);
        FIXTURES.put("AP_PROBLEM_LIST", AP_PROBLEM_LIST);
        FIXTURES.put("AP_NARRATIVE_THEN_PROBLEMS", AP_NARRATIVE_THEN_PROBLEMS);
        FIXTURES.put("AP_PLAN_PER_PROBLEM", AP_PLAN_PER_PROBLEM);
        FIXTURES.put("INLINE_HEADERS", INLINE_HEADERS);
        FIXTURES.put("DIAGNOSIS_FIRST", DIAGNOSIS_FIRST);
        FIXTURES.put("DIAGNOSIS_THEN_NARRATIVE", DIAGNOSIS_THEN_NARRATIVE);
        FIXTURES.put("EPIC_VISIT", EPIC_VISIT);
        FIXTURES.put("DICTATION", DICTATION);
        FIXTURES.put("DISCHARGE", DISCHARGE);
        FIXTURES.put("NO_HEADER", NO_HEADER);
        FIXTURES.put("NO_HEADER_CRLF", NO_HEADER.replace("\n", "\r\n"));
        FIXTURES.put("DICTATION_CRLF", DICTATION.replace("\n", "\r\n"));
    }

    private static String content(RealNote note, RealSection section) {
        List<RealNote.Span> spans = note.spans(section);
        assertEquals(1, spans.size(), () -> section + " spans: " + spans);
        return spans.get(0).content();
    }

    // ---- the misfilings ----

    @Test
    void aCompactNoteOnOneLineHasItsSoapSectionsInCapitals() {
        RealNote note = RealNote.parse("HPI: patient reports cough for two days EXAM: lungs clear "
                + "ASSESSMENT: viral bronchitis PLAN: rest and fluids");
        assertEquals("patient reports cough for two days", note.soap().get(Section.HPI));
        assertEquals("lungs clear", note.soap().get(Section.EXAM));
        assertEquals("viral bronchitis", note.soap().get(Section.ASSESSMENT));
        assertEquals("rest and fluids", note.soap().get(Section.PLAN));
        assertEquals(List.of(RealSection.HPI, RealSection.ROS), RealNote.parse("HPI: cough ROS: none").sections());
        // inside a sentence, only a SOAP name in capitals of three letters or more: not a mixed-case word, not PE
        assertEquals(List.of(RealSection.HPI), RealNote.parse("HPI: rule out PE: CTA negative").sections());
        assertEquals(List.of(RealSection.HPI), RealNote.parse("HPI: cough, see the Plan: below").sections());
        assertEquals(List.of(RealSection.HPI), RealNote.parse("HPI: cough, MEDICATIONS: none").sections());
    }

    @Test
    void vitalsAreNotTheReviewOfSystems() {
        RealNote note = RealNote.parse(VITALS_AFTER_ROS);
        assertEquals("No fever. No cough.", note.soap().get(Section.ROS));
        assertEquals("BP: 118/76\nP: 72\nT: 37.1", content(note, RealSection.VITALS));
        assertEquals("VITALS", note.spans(RealSection.VITALS).get(0).header());
        // "P: 72" at a line start inside VITALS is a pulse, not a plan.
        assertFalse(note.soap().containsKey(Section.PLAN));
        assertEquals("Tonsillar exudate. No cervical lymphadenopathy.", note.soap().get(Section.EXAM));
        assertEquals(RealSection.Role.OBJECTIVE, RealSection.VITALS.role());
        assertTrue(RealSection.VITALS.soapSection().isEmpty());
        assertTrue(RealSection.RESULTS.soapSection().isEmpty());
        // No SOAP letter starts a section inside VITALS, whatever follows it.
        assertEquals(List.of(RealSection.VITALS), RealNote.parse("Vitals:\nBP: 120/80\nP: regular, 72\n").sections());
    }

    @Test
    void medicalPastAndSurgicalHistoryAreNotTheHpi() {
        RealNote note = RealNote.parse(HISTORIES);
        assertEquals("Follow-up of asthma, well controlled.", note.soap().get(Section.HPI));
        assertEquals(List.of("MEDICAL HISTORY:", "PAST HISTORY:", "Past Medical History:", "PMH:"),
                note.spans(RealSection.MEDICAL_HISTORY).stream().map(RealNote.Span::header).toList());
        assertEquals("Tonsillectomy at age 6.", content(note, RealSection.SURGICAL_HISTORY));
        assertEquals(List.of(RealSection.HPI, RealSection.MEDICAL_HISTORY, RealSection.SURGICAL_HISTORY,
                RealSection.PLAN), note.sections());
        assertEquals("Continue current inhaler.", note.soap().get(Section.PLAN));
    }

    @Test
    void instructionsAreNotThePlanOrTheAssessment() {
        RealNote note = RealNote.parse(INSTRUCTIONS);
        assertEquals(Map.of(Section.ASSESSMENT, "Acute otitis media, left ear.",
                Section.PLAN, "Amoxicillin 500 mg three times daily for 10 days."), note.soap());
        assertEquals("Give the medicine with food. Return if fever lasts more than 2 days.",
                content(note, RealSection.INSTRUCTIONS));

        RealNote afterAp = RealNote.parse(INSTRUCTIONS_AFTER_AP);
        assertEquals(List.of(RealSection.ASSESSMENT_AND_PLAN, RealSection.INSTRUCTIONS), afterAp.sections());
        assertEquals("Viral upper respiratory infection; supportive care.",
                content(afterAp, RealSection.ASSESSMENT_AND_PLAN));
        assertEquals(List.of("Rest and plenty of fluids.", "Return if breathing gets harder."),
                afterAp.spans(RealSection.INSTRUCTIONS).stream().map(RealNote.Span::content).toList());
    }

    @Test
    void aRadiologyImpressionInsideResultsIsNotTheAssessment() {
        RealNote note = RealNote.parse(RADIOLOGY_IMPRESSION);
        assertEquals("Post-viral cough.", note.soap().get(Section.ASSESSMENT));
        assertEquals("No acute cardiopulmonary process.", content(note, RealSection.IMPRESSION));
        assertEquals("Chest x-ray PA and lateral.\nFindings: Lungs are clear.", content(note, RealSection.RESULTS));
        assertEquals(RealSection.RESULTS, RealSection.IMPRESSION.parent());

        // Without an Assessment header the impression still does not become one.
        RealNote only = RealNote.parse("IMAGING: CT head without contrast.\nIMPRESSION: No acute hemorrhage.\n\n"
                + "CT chest: small nodule.\n");
        assertFalse(only.soap().containsKey(Section.ASSESSMENT));
        assertEquals(List.of(RealSection.RESULTS, RealSection.IMPRESSION, RealSection.RESULTS),
                only.spans().stream().map(RealNote.Span::section).toList());
        assertEquals("CT chest: small nodule.", only.spans().get(2).content());

        // After labs alone (no study), "Impression:" is the clinician's: the ASSESSMENT.
        RealNote labs = RealNote.parse("Labs: WBC 14.2, lactate 1.1.\nImpression: Community-acquired pneumonia.\n");
        assertEquals(Map.of(Section.ASSESSMENT, "Community-acquired pneumonia."), labs.soap());
    }

    @Test
    void aCombinedAssessmentAndPlanIsSplitBeforeItsNumberedPlan() {
        RealNote note = RealNote.parse(AP_NARRATIVE_THEN_NUMBERED);
        assertEquals("67 year old woman with acute on chronic heart failure.\nVolume overloaded on exam.",
                note.soap().get(Section.ASSESSMENT));
        assertEquals("1. Furosemide 40 mg IV twice daily.\n2. Daily weights and strict intake and output.",
                note.soap().get(Section.PLAN));
        RealNote.Span assessment = note.spans(RealSection.AP_ASSESSMENT).get(0);
        RealNote.Span plan = note.spans(RealSection.AP_PLAN).get(0);
        assertEquals("Assessment and Plan:", assessment.header());
        assertEquals("", plan.header());
        assertEquals(assessment.end(), plan.headerStart());
        assertEquals(RealSection.ASSESSMENT_AND_PLAN, RealSection.AP_PLAN.parent());
    }

    @Test
    void aCombinedAssessmentAndPlanIsSplitAtItsSubHeaders() {
        RealNote note = RealNote.parse(AP_SUBHEADERS);
        assertEquals(List.of(RealSection.HPI, RealSection.ASSESSMENT_AND_PLAN, RealSection.AP_ASSESSMENT,
                RealSection.AP_PLAN), note.spans().stream().map(RealNote.Span::section).toList());
        assertEquals(List.of("HPI:", "A&P:", "Assessment:", "Plan:"),
                note.spans().stream().map(RealNote.Span::header).toList());
        assertEquals(Map.of(Section.HPI, "Fever and productive cough for 4 days.",
                Section.ASSESSMENT, "Community-acquired pneumonia.",
                Section.PLAN, "Azithromycin for 5 days, recheck in 1 week."), note.soap());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AP_PROBLEM_LIST", "AP_NARRATIVE_THEN_PROBLEMS", "AP_PLAN_PER_PROBLEM",
            "INSTRUCTIONS_AFTER_AP"})
    void aCombinedAssessmentAndPlanThatCannotBeSplitSafelyIsOneSectionAndNeverDuplicated(String fixture) {
        RealNote note = RealNote.parse(FIXTURES.get(fixture));
        List<RealNote.Span> ap = note.spans(RealSection.ASSESSMENT_AND_PLAN);
        assertEquals(1, ap.size(), fixture);
        assertTrue(note.spans(RealSection.AP_ASSESSMENT).isEmpty(), fixture);
        assertTrue(note.spans(RealSection.AP_PLAN).isEmpty(), fixture);
        // Kept whole, numbered problems included; counted in neither ASSESSMENT nor PLAN.
        assertFalse(note.soap().containsKey(Section.ASSESSMENT), fixture);
        assertFalse(note.soap().containsKey(Section.PLAN), fixture);
        String last = switch (fixture) {
            case "AP_PROBLEM_LIST" -> "2. Type 2 diabetes - A1c 7.1; continue metformin.";
            case "AP_NARRATIVE_THEN_PROBLEMS" -> "2. Hyperlipidemia: continue atorvastatin.";
            case "AP_PLAN_PER_PROBLEM" -> "2. Gout, stable on allopurinol.";
            default -> "supportive care.";
        };
        assertTrue(ap.get(0).content().endsWith(last), fixture);
    }

    @Test
    void noFixtureGivesTheSameTextToAssessmentAndPlan() {
        for (Map.Entry<String, String> f : FIXTURES.entrySet()) {
            Map<Section, String> soap = RealNote.parse(f.getValue()).soap();
            if (soap.containsKey(Section.ASSESSMENT) && soap.containsKey(Section.PLAN)) {
                assertNotEquals(soap.get(Section.ASSESSMENT), soap.get(Section.PLAN), f.getKey());
                assertFalse(soap.get(Section.PLAN).contains(soap.get(Section.ASSESSMENT)), f.getKey());
            }
        }
    }

    @Test
    void inlineHeadersAfterASentenceEndStartTheirOwnSections() {
        RealNote note = RealNote.parse(INLINE_HEADERS);
        assertEquals("34 year old man with cough, in no acute distress.", note.soap().get(Section.HPI));
        assertEquals("asthma.", content(note, RealSection.MEDICAL_HISTORY));
        assertEquals("albuterol.", content(note, RealSection.MEDICATIONS));
        assertEquals("none.", content(note, RealSection.ALLERGIES));
        // Unknown labels, lower-case spellings and "cc:" without a sentence end before it stay text.
        assertEquals("Lungs: scattered wheezes.", note.soap().get(Section.EXAM));
        assertEquals("drink 500 cc: water daily, e.g. plan: rest.", note.soap().get(Section.PLAN));
        assertEquals(List.of("HPI:", "PMH:", "Medications:", "Allergies:", "Exam:", "Plan:"),
                note.spans().stream().map(RealNote.Span::header).toList());
    }

    @Test
    void aDiagnosisFirstDoesNotSwallowTheHistory() {
        RealNote note = RealNote.parse(DIAGNOSIS_FIRST);
        assertEquals("Acute bronchitis.", content(note, RealSection.DIAGNOSIS));
        assertEquals(Map.of(Section.HPI, "45 year old woman with 10 days of cough after a cold.",
                Section.EXAM, "Scattered rhonchi, no crackles.", Section.PLAN, "Supportive care."), note.soap());
        assertEquals(RealSection.Role.ASSESSMENT, RealSection.DIAGNOSIS.role());

        // Narrative after the diagnosis's paragraph is text under no header, not the diagnosis.
        RealNote narrative = RealNote.parse(DIAGNOSIS_THEN_NARRATIVE);
        assertEquals(List.of(RealSection.DIAGNOSIS, RealSection.OTHER, RealSection.PLAN),
                narrative.spans().stream().map(RealNote.Span::section).toList());
        assertEquals("Acute bronchitis.", content(narrative, RealSection.DIAGNOSIS));
        assertTrue(content(narrative, RealSection.OTHER).startsWith("This 45 year old woman"));
        assertEquals(Map.of(Section.PLAN, "Supportive care."), narrative.soap());

        // A list after a blank line is still the diagnosis.
        RealNote list = RealNote.parse("Dx:\n1. Asthma exacerbation.\n\n2. Viral URI.\n");
        assertEquals(List.of(RealSection.DIAGNOSIS), list.sections());
    }

    // ---- whole notes ----

    @Test
    void everyCharacterOfEveryFixtureIsInExactlyOneSpan() {
        for (Map.Entry<String, String> f : FIXTURES.entrySet()) {
            String text = f.getValue();
            RealNote note = RealNote.parse(text);
            assertEquals(text, note.render(), f.getKey());
            int[] owners = new int[text.length()];
            for (RealNote.Where w : note.where()) {
                for (int i = w.start(); i < w.end(); i++) {
                    owners[i]++;
                }
            }
            for (int i = 0; i < owners.length; i++) {
                assertEquals(1, owners[i], f.getKey() + " at " + i);
            }
            for (RealNote.Span s : note.spans()) {
                assertEquals(text.substring(s.headerStart(), s.textStart()), s.header(), f.getKey());
                assertEquals(text.substring(s.textStart(), s.end()), s.text(), f.getKey());
            }
        }
    }

    @Test
    void anEpicVisitNote() {
        RealNote note = RealNote.parse(EPIC_VISIT);
        assertEquals(List.of(RealSection.HPI, RealSection.CHIEF_COMPLAINT, RealSection.MEDICAL_HISTORY,
                RealSection.SURGICAL_HISTORY, RealSection.SOCIAL_HISTORY, RealSection.FAMILY_HISTORY,
                RealSection.MEDICATIONS, RealSection.ALLERGIES, RealSection.ROS, RealSection.EXAM, RealSection.VITALS,
                RealSection.ASSESSMENT_AND_PLAN, RealSection.INSTRUCTIONS), note.sections());
        Map<Section, String> soap = note.soap();
        assertEquals(List.of(Section.HPI, Section.ROS, Section.EXAM), List.copyOf(soap.keySet()));
        assertTrue(soap.get(Section.HPI).startsWith("Ms. Dana Whitlock is a 61 y.o. female"));
        assertTrue(soap.get(Section.HPI).endsWith("No chest pain."));
        assertEquals("Constitutional: She is oriented. No distress.\nCardiovascular: Normal rate, regular rhythm.",
                soap.get(Section.EXAM));
        assertTrue(content(note, RealSection.VITALS).startsWith("BP 148/92 | Pulse 76"));
        // The table column "Diagnosis" inside the history is not a header.
        assertTrue(content(note, RealSection.MEDICAL_HISTORY).startsWith("Diagnosis\tDate"));
        assertEquals(List.of("Patient Instructions", "Follow-up:"),
                note.spans(RealSection.INSTRUCTIONS).stream().map(RealNote.Span::header).toList());
    }

    @Test
    void aTranscribedDictation() {
        RealNote note = RealNote.parse(DICTATION);
        assertEquals(List.of(RealSection.CHIEF_COMPLAINT, RealSection.HPI, RealSection.MEDICAL_HISTORY,
                RealSection.SURGICAL_HISTORY, RealSection.MEDICATIONS, RealSection.ALLERGIES, RealSection.SOCIAL_HISTORY,
                RealSection.ROS, RealSection.EXAM, RealSection.VITALS, RealSection.RESULTS, RealSection.IMPRESSION,
                RealSection.ASSESSMENT, RealSection.PLAN), note.sections());
        assertEquals("Right knee pain.", content(note, RealSection.CHIEF_COMPLAINT));
        assertEquals("NKDA", content(note, RealSection.ALLERGIES));
        // Vital signs under PHYSICAL EXAMINATION are VITALS; the exam resumes at GENERAL:.
        assertEquals("Temperature 98.4, pulse 80, blood pressure 126/78.", content(note, RealSection.VITALS));
        assertEquals("GENERAL:  Alert and in no distress.\nEXTREMITIES:  Right knee with moderate effusion. "
                + "Positive Lachman test.", note.soap().get(Section.EXAM));
        assertEquals("No acute osseous abnormality.", content(note, RealSection.IMPRESSION));
        assertEquals("Suspected anterior cruciate ligament tear, right knee.", note.soap().get(Section.ASSESSMENT));
        assertEquals("MRI of the right knee. Knee brace and crutches. Follow up with orthopedics after the MRI.",
                note.soap().get(Section.PLAN));
        assertEquals("CHIEF COMPLAINT", note.spans().get(0).header());
        assertEquals("HISTORY OF PRESENT ILLNESS:", note.spans().get(1).header());
        assertEquals(note.sections(), RealNote.parse(DICTATION.replace("\n", "\r\n")).sections());
    }

    @Test
    void aDischargeSummary() {
        RealNote note = RealNote.parse(DISCHARGE);
        assertEquals(List.of(RealSection.OTHER, RealSection.DIAGNOSIS, RealSection.HPI, RealSection.HOSPITAL_COURSE,
                RealSection.MEDICATIONS, RealSection.INSTRUCTIONS, RealSection.DISPOSITION), note.sections());
        assertEquals("DISCHARGE SUMMARY", note.spans().get(0).content());
        assertEquals(List.of("ADMISSION DIAGNOSIS:", "DISCHARGE DIAGNOSES:"),
                note.spans(RealSection.DIAGNOSIS).stream().map(RealNote.Span::header).toList());
        assertEquals("DISCHARGE MEDICATIONS:", note.spans(RealSection.MEDICATIONS).get(0).header());
        assertEquals(List.of("DISCHARGE INSTRUCTIONS:", "FOLLOW-UP:"),
                note.spans(RealSection.INSTRUCTIONS).stream().map(RealNote.Span::header).toList());
        assertTrue(content(note, RealSection.HOSPITAL_COURSE).endsWith("He was changed to oral antibiotics."));
        assertEquals(List.of(Section.HPI), List.copyOf(note.soap().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NO_HEADER", "NO_HEADER_CRLF"})
    void textWithoutAHeaderIsOneOtherSpan(String fixture) {
        String text = FIXTURES.get(fixture);
        RealNote note = RealNote.parse(text);
        assertEquals(List.of(new RealNote.Span(RealSection.OTHER, "", 0, 0, text.length(), text)), note.spans());
        assertEquals(Map.of(), note.soap());
        assertEquals(List.of(new RealNote.Where("OTHER", 0, text.length())), note.where());
        assertEquals(List.of(), RealNote.parse("").spans());
    }

    // ---- header spellings ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HPI:|HPI", "CC:|CHIEF_COMPLAINT", "ROS:|ROS", "PE:|EXAM", "PMH:|MEDICAL_HISTORY", "PSH:|SURGICAL_HISTORY",
            "FH:|FAMILY_HISTORY", "SH:|SOCIAL_HISTORY", "A/P:|ASSESSMENT_AND_PLAN", "A&P:|ASSESSMENT_AND_PLAN",
            "A & P:|ASSESSMENT_AND_PLAN", "Dx:|DIAGNOSIS", "Meds:|MEDICATIONS", "VITALS|VITALS", "Vital Signs:|VITALS",
            "HISTORY OF PRESENT ILLNESS:|HPI", "Past Medical History:|MEDICAL_HISTORY", "LABS|RESULTS", "Data:|RESULTS",
            "PROBLEM LIST|PROBLEM_LIST", "Immunizations:|IMMUNIZATIONS", "HOSPITAL COURSE|HOSPITAL_COURSE",
            "Disposition:|DISPOSITION", "Family History|FAMILY_HISTORY", "ASSESSMENT AND PLAN|ASSESSMENT_AND_PLAN",
            "Impression:|ASSESSMENT", "S:|HPI", "O:|EXAM"})
    void eachSpellingIsItsSection(String header, RealSection section) {
        String text = "Seen in clinic.\n" + header + "\nsome text here\n";
        RealNote note = RealNote.parse(text);
        assertEquals(List.of(RealSection.OTHER, section), note.spans().stream().map(RealNote.Span::section).toList(),
                header);
        assertEquals(header, note.spans().get(1).header());
        assertEquals("some text here", note.spans().get(1).content());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan: lower case at a line start", "Hypertension: not a header", "GENERAL: alert",
            "NKDA", "BP: 120/80", "P: 72", "Follow up in two weeks", "we discussed the plan: rest",
            "PLAN TO RETURN", "Allergies reviewed with the patient"})
    void wordsThatAreNotHeaders(String line) {
        String text = "HPI: cough.\n" + line + "\n";
        RealNote note = RealNote.parse(text);
        assertEquals(List.of(RealSection.HPI), note.sections(), line);
        assertEquals("cough.\n" + line, note.soap().get(Section.HPI), line);
    }
}
