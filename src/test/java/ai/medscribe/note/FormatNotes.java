package ai.medscribe.note;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five test notes in {@code src/test/resources/notes/}, written as clinicians head their
 * sections, with what the parser must make of them. Shared with the functions' tests (test-jar).
 */
public final class FormatNotes {

    /**
     * One note.
     *
     * @param file     resource name under {@code notes/}
     * @param cuts     the headers as written, in order of appearance, where the note's pieces start:
     *                 a canonical header replaces each, except those marked with a leading {@code +},
     *                 which stay in the text (the header of text outside the sections)
     * @param given    the given text of each section
     * @param unparsed header (null for none) and text of each piece outside the sections, in order
     * @param missing  the sections the note does not give: what completion writes
     */
    public record Note(String file, List<String> cuts, Map<Section, String> given, List<String[]> unparsed,
            List<Section> missing) {

        public String text() {
            try (InputStream in = FormatNotes.class.getResourceAsStream("/notes/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("no test note " + file);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The note's text cut at its headers: every character of the note but the replaced headers
         * is in one of these pieces, whitespace-normalised.
         */
        public List<String> pieces() {
            String text = text();
            List<String> pieces = new ArrayList<>();
            int from = 0;
            for (String cut : cuts) {
                boolean kept = cut.startsWith("+");
                String header = kept ? cut.substring(1) : cut;
                int at = text.indexOf(header, from);
                if (at < 0) {
                    throw new IllegalStateException(file + " has no header " + header + " after " + from);
                }
                pieces.add(normalise(text.substring(from, at)));
                from = kept ? at : at + header.length();
            }
            pieces.add(normalise(text.substring(from)));
            pieces.removeIf(String::isEmpty);
            return pieces;
        }

        /**
         * Whether a completed note keeps every piece of this one: the note whitespace-normalised
         * and with its canonical headers taken out (a split assessment and plan gets a PLAN: between
         * its two halves) contains each piece.
         */
        public List<String> piecesMissingFrom(String completedNote) {
            String flat = normalise(completedNote.replaceAll("(?<!\\S)(HPI|ROS|EXAM|ASSESSMENT|PLAN): ", ""));
            return pieces().stream().filter(p -> !flat.contains(p)).toList();
        }
    }

    private FormatNotes() {
    }

    /** Whitespace normalisation: runs of whitespace become one space, none at the ends. */
    public static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static Map<Section, String> sections(Object... pairs) {
        Map<Section, String> map = new EnumMap<>(Section.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Section) pairs[i], (String) pairs[i + 1]);
        }
        return map;
    }

    public static final Note SOAP_LETTERS = new Note("soap-letters.txt", List.of("S:", "O:", "A:", "P:"),
            sections(Section.HPI, "58 yo man with three days of productive cough and wheezing, worse at night. Known COPD.",
                    Section.EXAM, "T 37.9, P: 96, SpO2 89% on room air. Diffuse expiratory wheezes.",
                    Section.ASSESSMENT, "COPD exacerbation.",
                    Section.PLAN, "Prednisone 40 mg daily for 5 days, albuterol nebs, recheck in 2 days."),
            List.of(), List.of(Section.ROS));

    public static final Note LONG_HEADERS = new Note("long-headers.txt",
            List.of("History of Present Illness:", "REVIEW OF  SYSTEMS:", "Physical examination :", "Impression:"),
            sections(Section.HPI, "34 year old woman with headache since this morning, photophobia, no fever.",
                    Section.ROS, "Denies nausea, vomiting or neck stiffness.",
                    Section.EXAM, "Alert, no acute distress.\nNeck supple, no focal deficits.",
                    Section.ASSESSMENT, "Migraine without aura."),
            List.of(), List.of(Section.PLAN));

    public static final Note CHIEF_COMPLAINT_FIRST = new Note("chief-complaint-first.txt",
            List.of("HPI:", "Physical Exam:", "Assessment:"),
            sections(Section.HPI, "Chief Complaint: low back pain\n45 year old man lifted a heavy box two days ago; "
                    + "pain radiates to the left buttock, no numbness.",
                    Section.EXAM, "Paraspinal tenderness, straight leg raise negative, strength 5/5.",
                    Section.ASSESSMENT, "Lumbar strain."),
            List.of(), List.of(Section.ROS, Section.PLAN));

    public static final Note COMBINED_ASSESSMENT_PLAN = new Note("combined-assessment-plan.txt",
            List.of("Subjective:", "Objective:", "Assessment and Plan:"),
            sections(Section.HPI, "67 year old woman with shortness of breath on exertion and ankle swelling for one week.",
                    Section.EXAM, "BP 150/90, bibasilar crackles, 2+ pitting edema.",
                    Section.ASSESSMENT, "Acute on chronic heart failure.",
                    Section.PLAN, "1. Furosemide 40 mg daily.\n2. Daily weights, recheck in one week."),
            List.of(), List.of(Section.ROS));

    public static final Note UNKNOWN_HEADER = new Note("unknown-header.txt",
            List.of("HPI:", "+Medications:", "+Allergies:", "Exam:"),
            sections(Section.HPI, "72 year old woman with burning on urination for two days, no fever.",
                    Section.EXAM, "Suprapubic tenderness, no flank tenderness."),
            List.of(new String[] {null, "Seen with her daughter, who interprets."},
                    new String[] {"Medications", "lisinopril 10 mg daily."},
                    new String[] {"Allergies", "penicillin (rash)."}),
            List.of(Section.ROS, Section.ASSESSMENT, Section.PLAN));

    /** The five notes by name. */
    public static Map<String, Note> all() {
        Map<String, Note> all = new LinkedHashMap<>();
        for (Note n : List.of(SOAP_LETTERS, LONG_HEADERS, CHIEF_COMPLAINT_FIRST, COMBINED_ASSESSMENT_PLAN,
                UNKNOWN_HEADER)) {
            all.put(n.file(), n);
        }
        return all;
    }
}
