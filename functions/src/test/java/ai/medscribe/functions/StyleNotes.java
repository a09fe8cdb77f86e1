package ai.medscribe.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * Held-out notes in the formats clinicians write (an EHR visit note, a transcribed dictation, a
 * discharge summary), of invented patients, written for these tests (no real note is copied). Each
 * note knows a phrase of its vitals and of its results, which must never be read as ROS.
 */
final class StyleNotes {

    record StyleNote(String name, String text, String vitalsMarker, String resultsMarker, boolean complete) {

        StyleNote(String name, String text, String vitalsMarker, String resultsMarker) {
            this(name, text, vitalsMarker, resultsMarker, false);
        }

        int words() {
            return text.split("\\s+").length;
        }
    }

    private record Patient(String name, int age, String sex, String complaint, String onset, String history,
            String pmh, String meds, String exam, String results, String impression, String[] plan) {
    }

    private static final Patient[] PATIENTS = {
        new Patient("Ms. Ilse Varnholt", 58, "female", "exertional chest tightness", "three weeks",
                "The tightness comes on after climbing two flights of stairs and eases within five minutes of rest. "
                        + "She denies pain at rest and has not had syncope. She walks her dog daily and noticed she now stops halfway.",
                "hypertension, hyperlipidemia, prediabetes", "lisinopril 20 mg daily, atorvastatin 40 mg nightly",
                "Regular rate and rhythm, no murmur. Lungs clear bilaterally. No peripheral edema.",
                "Troponin below the detection limit. LDL 142 mg/dL. ECG with sinus rhythm and no acute ST changes.",
                "Stable exertional angina, likely", new String[] {"Exercise stress echocardiogram within two weeks.",
                        "Start aspirin 81 mg daily.", "Sublingual nitroglycerin as needed, with instructions."}),
        new Patient("Mr. Teodor Quill", 34, "male", "right ankle pain after a fall", "two days",
                "He inverted the ankle stepping off a curb and was able to bear weight afterwards with a limp. "
                        + "Swelling peaked on the first evening. Ice and ibuprofen have helped somewhat.",
                "none", "ibuprofen 400 mg as needed",
                "Swelling over the lateral malleolus with tenderness of the anterior talofibular ligament. "
                        + "No bony tenderness at the posterior edge of either malleolus. Neurovascularly intact.",
                "Ankle x-ray three views: no fracture, soft tissue swelling laterally.",
                "Grade II lateral ankle sprain", new String[] {"Air-stirrup brace and weight bearing as tolerated.",
                        "Home exercise sheet for range of motion.", "Return if unable to bear weight after one week."}),
        new Patient("Mrs. Amaranta Oyelaran", 71, "female", "worsening shortness of breath", "five days",
                "She now sleeps on three pillows and has gained four pounds this week. "
                        + "She ran out of furosemide eight days ago and did not refill it. No fever and no productive cough.",
                "heart failure with reduced ejection fraction, atrial fibrillation, chronic kidney disease stage 3",
                "furosemide 40 mg daily, metoprolol succinate 50 mg daily, apixaban 5 mg twice daily",
                "Jugular venous pressure to the angle of the jaw. Bibasilar crackles. Two plus pitting edema to the shins.",
                "BNP 1840 pg/mL. Creatinine 1.6 mg/dL. Chest x-ray: cardiomegaly with small bilateral effusions.",
                "Acute on chronic systolic heart failure from missed diuretic", new String[] {
                        "Intravenous furosemide 40 mg twice daily.", "Daily weights and strict intake and output.",
                        "Repeat basic metabolic panel in the morning."}),
        new Patient("Mr. Hollis Brandvold", 46, "male", "burning epigastric pain", "two months",
                "The pain is worse at night and two hours after meals and improves with antacids. "
                        + "He takes naproxen most days for back pain. No melena, no hematemesis, no weight loss.",
                "chronic low back pain, obesity", "naproxen 500 mg twice daily",
                "Soft abdomen with mild epigastric tenderness and no guarding. Bowel sounds normal.",
                "Hemoglobin 13.9 g/dL. Helicobacter pylori stool antigen pending.",
                "Dyspepsia, probable peptic ulcer disease related to NSAID use", new String[] {
                        "Stop naproxen; acetaminophen for back pain.", "Omeprazole 40 mg daily for eight weeks.",
                        "Refer for endoscopy if alarm features develop."}),
        new Patient("Ms. Saoirse Delacourt", 27, "female", "painful urination", "three days",
                "She reports frequency and urgency without flank pain. "
                        + "No vaginal discharge. Her last menstrual period was two weeks ago.",
                "none", "oral contraceptive",
                "Afebrile appearing. Mild suprapubic tenderness. No costovertebral angle tenderness.",
                "Urinalysis with positive leukocyte esterase and nitrite. Urine pregnancy test negative.",
                "Acute uncomplicated cystitis", new String[] {"Nitrofurantoin 100 mg twice daily for five days.",
                        "Urine culture sent.", "Return for fever or flank pain."}),
        new Patient("Mr. Ravindra Kellerman", 63, "male", "poorly controlled blood sugars", "six months",
                "His home fasting readings run 180 to 220. He admits to skipping evening doses of metformin. "
                        + "He has tingling in both feet at night.",
                "type 2 diabetes, hypertension, obstructive sleep apnea", "metformin 1000 mg twice daily, amlodipine 5 mg daily",
                "Monofilament sensation reduced at both great toes. Pedal pulses palpable. No foot ulcers.",
                "Hemoglobin A1c 9.4 percent. Urine albumin to creatinine ratio 64 mg/g. eGFR 72.",
                "Type 2 diabetes, uncontrolled, with peripheral neuropathy and albuminuria", new String[] {
                        "Add empagliflozin 10 mg daily.", "Diabetes education referral.", "Podiatry referral and annual eye exam."}),
        new Patient("Mrs. Wilhelmina Ashgrove", 82, "female", "confusion and a fall at home", "one day",
                "Her daughter found her on the kitchen floor this morning, oriented only to person. "
                        + "She had urinary frequency for several days. She did not hit her head according to the daughter.",
                "dementia, mild; osteoporosis; hypothyroidism", "donepezil 10 mg nightly, levothyroxine 75 mcg daily",
                "Oriented to person only. Dry mucous membranes. No focal weakness. Bruise over the left hip without deformity.",
                "White count 14.2. Sodium 131. Urinalysis with many white cells. CT head without contrast: no acute hemorrhage.",
                "Delirium from urinary tract infection, fall without fracture", new String[] {
                        "Ceftriaxone 1 g daily pending culture.", "Intravenous fluids and delirium precautions.",
                        "Physical therapy evaluation before discharge."}),
    };

    private static final String[] FILLER = {
        "The patient was accompanied by a family member who helped with the history and agreed with the account given.",
        "Prior records from the outside clinic were reviewed in full and are consistent with the history as given today.",
        "The patient describes the symptoms as gradually progressive rather than sudden, with some variation from day to day.",
        "There has been no recent travel and no known sick contacts at home or at work over the past month.",
        "Sleep has been somewhat disturbed by the symptoms, and appetite has been reduced but fluid intake is adequate.",
        "The patient has tried over the counter remedies with partial relief and would like a clearer plan going forward.",
        "Work has been affected, with two missed days this month, and the patient is worried about the cost of tests.",
        "Questions about diet, activity and medication timing were raised and answered during the visit.",
    };

    private StyleNotes() {
    }

    /** 21 notes: seven patients in each of three formats. */
    static List<StyleNote> all() {
        List<StyleNote> notes = new ArrayList<>();
        for (int i = 0; i < PATIENTS.length; i++) {
            notes.add(epic(PATIENTS[i], i));
            notes.add(dictation(PATIENTS[i], i));
            notes.add(discharge(PATIENTS[i], i));
        }
        return notes;
    }

    private static String filler(int from, int n) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            b.append(' ').append(FILLER[(from + k) % FILLER.length]);
        }
        return b.toString();
    }

    private static String vitals(int i) {
        return "BP 1" + (28 + i) + "/8" + i + " | Pulse " + (70 + 3 * i) + " | Temp 36." + (5 + i % 4) + " C | Resp 1" + (4 + i % 4)
                + " | SpO2 9" + (4 + i % 5) + "% | Wt " + (60 + 4 * i) + " kg";
    }

    /** An EHR visit note: inline headers, Vitals and Results apart, a combined A&P (split or a problem list), or none. */
    private static StyleNote epic(Patient p, int i) {
        String v = vitals(i);
        StringBuilder t = new StringBuilder();
        t.append("Chief Complaint\n").append(capital(p.complaint())).append("\n\n");
        t.append("HPI\n").append(p.name()).append(" is a ").append(p.age()).append(" y.o. ").append(p.sex())
                .append(" who presents with ").append(p.complaint()).append(" for ").append(p.onset()).append(". ")
                .append(p.history()).append(filler(i, 9)).append("\n\n");
        t.append("Past Medical History:\n").append(p.pmh()).append(". Reviewed with the patient today.").append(filler(i + 2, 1)).append("\n\n");
        t.append("Past Surgical History:\nAppendectomy in childhood. No other operations.\n\n");
        t.append("Current Outpatient Medications\n").append(p.meds()).append(".\n\n");
        t.append("Allergies: Penicillin (rash). Latex (itching).\n\n");
        t.append("Social History: Lives with family. Former smoker, quit ten years ago. Drinks alcohol rarely. ")
                .append(filler(i + 4, 1).strip()).append("\n\n");
        t.append("Family History: Father with coronary disease in his sixties. Mother with type 2 diabetes.\n\n");
        if (i % 2 == 0) {
            t.append("Review of Systems\nConstitutional: no fever or chills. Respiratory: no hemoptysis. "
                    + "Neurological: no focal weakness. All other systems reviewed and negative.\n\n");
        }
        t.append("Vitals:\n").append(v).append("\n\n");
        t.append("Physical Exam\nGeneral: alert, in no acute distress. ").append(p.exam())
                .append(" Skin warm and dry. Psychiatric: normal mood and affect.\n\n");
        t.append("Results\n").append(p.results()).append(filler(i + 1, 1)).append("\n\n");
        if (i % 3 == 0) {
            t.append("Assessment & Plan\n").append(p.impression()).append(", in the setting of the history above.\n");
            for (int k = 0; k < p.plan().length; k++) {
                t.append(k + 1).append(". ").append(p.plan()[k]).append('\n');
            }
        } else if (i % 3 == 1) {
            t.append("Assessment and Plan:\n1. ").append(p.impression()).append(" - ").append(p.plan()[0]).append("\n2. ")
                    .append("Health maintenance - ").append(p.plan()[2]).append('\n');
        } // else: no assessment or plan yet: the note to complete
        t.append("\nFollow-up: Return in four weeks or sooner if worse.\n");
        return new StyleNote("epic-" + i, t.toString(), v.substring(0, 10), p.results().substring(0, 12),
                i % 2 == 0 && i % 3 != 2);
    }

    /** A transcribed dictation: capital headers, vital signs under the examination, labs, an impression, no plan. */
    private static StyleNote dictation(Patient p, int i) {
        String v = "Blood pressure 1" + (30 + i) + "/7" + (6 + i % 3) + ", pulse " + (72 + i) + ", respirations 16, temperature 98."
                + i + ", oxygen saturation 97% on room air.";
        StringBuilder t = new StringBuilder();
        t.append("CHIEF COMPLAINT: ").append(capital(p.complaint())).append(".\n\n");
        t.append("HISTORY OF PRESENT ILLNESS: This is a ").append(p.age()).append("-year-old ").append(p.sex())
                .append(" who comes in today with ").append(p.complaint()).append(" for the past ").append(p.onset())
                .append(". ").append(p.history()).append(filler(i + 3, 12)).append("\n\n");
        t.append("PAST MEDICAL HISTORY: ").append(capital(p.pmh())).append(".\n\n");
        t.append("PAST SURGICAL HISTORY: Cholecystectomy many years ago.\n\n");
        t.append("MEDICATIONS: ").append(capital(p.meds())).append(".\n\n");
        t.append("ALLERGIES: NO KNOWN DRUG ALLERGIES.\n\n");
        t.append("SOCIAL HISTORY: Married, retired teacher. Does not smoke. ").append(filler(i + 6, 1).strip()).append("\n\n");
        t.append("FAMILY HISTORY: Noncontributory.\n\n");
        if (i % 2 == 1) {
            t.append("REVIEW OF SYSTEMS: As per the history of present illness, otherwise negative in detail for "
                    + "constitutional, eyes, ears, cardiovascular, respiratory, gastrointestinal and skin.\n\n");
        }
        t.append("PHYSICAL EXAMINATION:\nVITAL SIGNS: ").append(v).append("\nGENERAL: Pleasant, well developed, in no distress.\n")
                .append("HEENT: Normocephalic, atraumatic. Pupils equal and reactive.\nEXTREMITIES: ").append(p.exam())
                .append("\n\n");
        t.append("LABORATORY DATA: ").append(p.results()).append("\n\n");
        if (i % 2 == 0) {
            t.append("IMPRESSION: ").append(p.impression()).append(".\n\n");
        }
        t.append("The patient was counseled at length.").append(filler(i + 5, 2)).append('\n');
        return new StyleNote("dictation-" + i, t.toString(), v.substring(0, 18), p.results().substring(0, 12));
    }

    /** A discharge summary: diagnosis, hospital course, discharge medications and instructions; no assessment or plan. */
    private static StyleNote discharge(Patient p, int i) {
        String v = "T 98." + i + " BP 12" + i + "/7" + i + " HR " + (80 + i) + " RR 18 O2 sat 96% RA";
        StringBuilder t = new StringBuilder();
        t.append("Admission Date: [**2140-3-").append(10 + i).append("**]   Discharge Date: [**2140-3-").append(14 + i)
                .append("**]\n\nService: MEDICINE\n\n");
        t.append("Discharge Diagnosis:\n").append(p.impression()).append("\n\n");
        t.append("History of Present Illness:\n").append(p.age()).append(" year old ").append(p.sex()).append(" with ")
                .append(p.pmh()).append(" who presented with ").append(p.complaint()).append(" for ").append(p.onset())
                .append(". ").append(p.history()).append(filler(i + 1, 7)).append("\n\n");
        t.append("Past Medical History:\n- ").append(p.pmh().replace(", ", "\n- ")).append("\n\n");
        t.append("Physical Exam:\nVitals: ").append(v).append("\nGeneral: comfortable. ").append(p.exam()).append("\n\n");
        t.append("Pertinent Results:\n").append(p.results()).append("\n\n");
        t.append("Brief Hospital Course:\n").append(p.name()).append(" was admitted for ").append(p.impression().toLowerCase())
                .append(". ").append(String.join(" ", p.plan())).append(filler(i + 2, 5)).append("\n\n");
        t.append("Discharge Medications:\n1. ").append(p.meds().replace(", ", "\n2. ")).append("\n\n");
        t.append("Discharge Disposition:\nHome with services\n\n");
        t.append("Discharge Instructions:\nYou were admitted to the hospital for ").append(p.complaint())
                .append(". Please take your medications as prescribed and keep your appointments.").append(filler(i + 4, 2))
                .append("\n\nFollowup Instructions:\nPrimary care in one week.\n");
        return new StyleNote("discharge-" + i, t.toString(), v.substring(0, 10), p.results().substring(0, 12));
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
