package ai.medscribe.note;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits note text into the five SOAP sections, under the spellings clinicians use. A header is
 * a spelling below followed by a colon ({@code "Plan:"}, {@code "plan :"}), in any case, with any
 * spacing between its words and around {@code /} and {@code &} ({@code "A / P:"},
 * {@code "Assessment  &  Plan:"}); a spelling that starts with a capital and stands alone on its
 * line is a header without the colon ({@code "ASSESSMENT AND PLAN"}). A header does not start
 * inside a word ({@code "BP:"} is not {@code "P:"}).
 *
 * <table>
 * <caption>Header spellings and the section they map to</caption>
 * <tr><th>Section</th><th>Spellings</th></tr>
 * <tr><td>HPI</td><td>{@code HPI}, {@code History of (the) Present Illness}, {@code History of
 *     Presenting Illness}, {@code Present Illness}, {@code Subjective}, {@code S}</td></tr>
 * <tr><td>HPI, kept as text</td><td>{@code Chief Complaint(s)}, {@code CC} (at the start of a line),
 *     {@code Presenting Complaint}, {@code Reason for Visit}, {@code Reason for Consultation}: a
 *     sub-heading of the history; its header stays in the HPI text ({@code "Chief Complaint: low
 *     back pain"}), before or after the history's own text, in order of appearance</td></tr>
 * <tr><td>ROS</td><td>{@code ROS}, {@code Review of System(s)}, {@code Systems Review}</td></tr>
 * <tr><td>EXAM</td><td>{@code Exam}, {@code Physical Exam}, {@code Physical Examination},
 *     {@code Examination}, {@code PE}, {@code Objective}, {@code O}</td></tr>
 * <tr><td>ASSESSMENT</td><td>{@code Assessment}, {@code Impression}, {@code Clinical Impression},
 *     {@code Diagnosis}, {@code Diagnoses}, {@code A}</td></tr>
 * <tr><td>PLAN</td><td>{@code Plan}, {@code Plan of Care}, {@code Treatment Plan},
 *     {@code Recommendations}, {@code P}</td></tr>
 * <tr><td>ASSESSMENT and PLAN</td><td>{@code Assessment and Plan}, {@code Assessment & Plan},
 *     {@code Assessment/Plan}, {@code A/P}, {@code A&P}, {@code Impression and Plan},
 *     {@code Impression/Plan}, {@code Impression & Plan}: see below</td></tr>
 * <tr><td>none (OTHER)</td><td>at the start of a line only: {@code Past Medical History},
 *     {@code PMH}, {@code Past Surgical History}, {@code PSH}, {@code Medications},
 *     {@code Current Medications}, {@code Home Medications}, {@code Meds}, {@code Allergies},
 *     {@code Social History}, {@code Family History}, {@code Labs}, {@code Lab Results},
 *     {@code Laboratory Data}, {@code Imaging}, {@code Results}, {@code Studies},
 *     {@code Immunizations}, {@code Problem List}, {@code Hospital Course}, {@code Disposition},
 *     {@code Patient Instructions}: text under them belongs to no section and is kept as
 *     such</td></tr>
 * </table>
 *
 * <p>The SOAP letters {@code S:} {@code O:} {@code A:} {@code P:} are headers only where they cannot
 * be something else: at the start of the text or after whitespace, in SOAP order after the headers
 * before them (an {@code A:} after an {@code A:} or a {@code Plan:} is text), and {@code P:} not
 * followed by a number other than a list number ({@code "P: 72"} is a pulse, {@code "P: 1. rest"}
 * a plan). {@code S:} may follow a chief complaint.
 *
 * <p>A combined assessment and plan is ASSESSMENT when the note also has a PLAN header (including a
 * {@code Plan:} inside it), PLAN when the note has an ASSESSMENT header; otherwise it is split where
 * it has lines of text followed only by numbered lines ({@code "1. ..."}, {@code "2) ..."}): the
 * text is the ASSESSMENT, the numbered lines the PLAN. Anything else (one paragraph, numbered
 * problems from the first line, wrapped items) is not split: {@link SoapNote#given()} gives it whole
 * as the text of both, and {@link SoapNote#sectionMap()} as ASSESSMENT.
 *
 * <p>Text before the first header, and under a header of no section, is {@link Section#OTHER}:
 * {@link SoapNote#unparsed()} keeps it with that header. Words that look like a header but are not
 * in the table ({@code "Vitals:"}, {@code "Lungs:"}) are text of the section they stand in. Text
 * is never dropped: a part's text is the characters between its header and the next, with
 * whitespace stripped at both ends.
 */
public final class SectionParser {

    /** What a header spelling does. */
    private enum Form { SECTION, SUBHEADING, COMBINED, LETTER, OTHER }

    /** A spelling's section (OTHER for none), what it does, and whether it counts only at a line start. */
    private record Spelling(Section section, Form form, boolean lineStartOnly) {
    }

    /** Normalised spelling (lower case, single spaces, no spaces around / and &) to its meaning. */
    private static final Map<String, Spelling> SPELLINGS = new LinkedHashMap<>();

    static {
        add(Section.HPI, Form.SECTION, false, "hpi", "history of present illness", "history of the present illness",
                "history of presenting illness", "present illness", "subjective");
        add(Section.HPI, Form.SUBHEADING, false, "chief complaint", "chief complaints", "presenting complaint",
                "reason for visit", "reason for consultation");
        add(Section.HPI, Form.SUBHEADING, true, "cc");
        add(Section.ROS, Form.SECTION, false, "ros", "review of systems", "review of system", "systems review");
        add(Section.EXAM, Form.SECTION, false, "exam", "physical exam", "physical examination", "examination", "pe",
                "objective");
        add(Section.ASSESSMENT, Form.SECTION, false, "assessment", "impression", "clinical impression", "diagnosis",
                "diagnoses");
        add(Section.PLAN, Form.SECTION, false, "plan", "plan of care", "treatment plan", "recommendations");
        add(Section.ASSESSMENT, Form.COMBINED, false, "assessment and plan", "assessment & plan", "assessment/plan",
                "a/p", "a&p", "impression and plan", "impression/plan", "impression & plan");
        add(Section.HPI, Form.LETTER, false, "s");
        add(Section.EXAM, Form.LETTER, false, "o");
        add(Section.ASSESSMENT, Form.LETTER, false, "a");
        add(Section.PLAN, Form.LETTER, false, "p");
        add(Section.OTHER, Form.OTHER, true, "past medical history", "pmh", "past surgical history", "psh",
                "medications", "current medications", "home medications", "meds", "allergies", "social history",
                "family history", "labs", "lab results", "laboratory data", "imaging", "results", "studies",
                "immunizations", "problem list", "hospital course", "disposition", "patient instructions");
    }

    private static void add(Section section, Form form, boolean lineStartOnly, String... spellings) {
        for (String s : spellings) {
            if (SPELLINGS.put(normalise(s), new Spelling(section, form, lineStartOnly)) != null) {
                throw new IllegalStateException("spelling listed twice: " + s);
            }
        }
    }

    /** Group 1: the spelling; group 2: the colon (with the spaces before it), or empty at a line end. */
    private static final Pattern HEADER = buildPattern();
    /** A list item: a number of one or two digits, a dot or parenthesis, space and text. */
    private static final Pattern NUMBERED = Pattern.compile("[ \\t]*\\d{1,2}[.)][ \\t]+\\S.*");
    private static final Pattern LIST_NUMBER = Pattern.compile("[1-9][.)]\\s+\\p{L}");

    private static final SectionParser INSTANCE = new SectionParser();

    public static SectionParser instance() {
        return INSTANCE;
    }

    private static String normalise(String spelling) {
        return spelling.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll(" ?([/&]) ?", "$1");
    }

    private static Pattern buildPattern() {
        List<String> all = new ArrayList<>(SPELLINGS.keySet());
        all.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alternatives = new StringBuilder();
        for (String s : all) {
            if (!alternatives.isEmpty()) {
                alternatives.append('|');
            }
            for (char c : s.toCharArray()) {
                switch (c) {
                    case ' ' -> alternatives.append("\\s+");
                    case '/', '&' -> alternatives.append("\\s*").append(c).append("\\s*");
                    default -> alternatives.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        // A header does not start inside a word (or right after / or &), and ends in a colon or at the line's end.
        return Pattern.compile("(?<![\\w/&])(" + alternatives + ")([ \\t]*:|(?=[ \\t]*(?:\\r?\\n|\\z)))",
                Pattern.CASE_INSENSITIVE);
    }

    /** A header found in the text: its section and its character span (colon included). */
    public record HeaderMatch(Section section, int start, int end) {
    }

    /** A header accepted by the rules: its meaning, span, and spelling as written. */
    private record Found(Spelling spelling, int start, int end, String written) {
    }

    /**
     * A run of the text: a header (empty when the run has none) from {@code headerStart} to
     * {@code start}, then its content up to {@code end}.
     */
    private record Segment(Section section, SoapNote.Kind kind, int headerStart, int start, int end, String header) {
    }

    /** The SOAP headers in the text, in order (headers of no section are left out). */
    public List<HeaderMatch> headers(String text) {
        List<HeaderMatch> found = new ArrayList<>();
        for (Segment s : segments(text)) {
            if (s.section() != Section.OTHER && s.headerStart() < s.start()) {
                found.add(new HeaderMatch(s.section(), s.headerStart(), s.start()));
            }
        }
        return found;
    }

    /** Splits the text into parts under their headers, in order of appearance. */
    public SoapNote parse(String text) {
        List<SoapNote.Part> parts = new ArrayList<>();
        for (Segment s : segments(text)) {
            parts.add(new SoapNote.Part(s.section(), text.substring(s.start(), s.end()).strip(), s.header(), s.kind()));
        }
        return new SoapNote(parts);
    }

    /** The section of every character of the text; header characters belong to their section. */
    public Section[] characterSections(String text) {
        Section[] labels = new Section[text.length()];
        Arrays.fill(labels, Section.OTHER);
        for (Segment s : segments(text)) {
            Arrays.fill(labels, s.headerStart(), s.end(), s.section());
        }
        return labels;
    }

    /**
     * The case study's {@code parse_section_labels}: one section label per whitespace token of the
     * text, aligned with {@code Tokenizer.encode(text)} of a WHITESPACE vocabulary.
     */
    public List<Section> tokenSections(String text) {
        return tokenSections(text, word -> 1);
    }

    /**
     * One section label per token of the text, where each whitespace word makes
     * {@code tokensInWord} tokens labelled with the section of its first character: with
     * {@code word -> tokenizer.split(word).size()} aligned with {@code tokenizer.encode(text)}.
     * As with whitespace labels, a header that starts inside a word ({@code pain.Plan:}) counts
     * with the section of the word's first character.
     */
    public List<Section> tokenSections(String text, ToIntFunction<String> tokensInWord) {
        Section[] chars = characterSections(text);
        List<Section> labels = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start < i) {
                labels.addAll(Collections.nCopies(tokensInWord.applyAsInt(text.substring(start, i)), chars[start]));
            }
        }
        return labels;
    }

    private List<Segment> segments(String text) {
        List<Found> headers = scan(text);
        List<Segment> segments = new ArrayList<>();
        int first = headers.isEmpty() ? text.length() : headers.get(0).start();
        if (!text.substring(0, first).isBlank()) {
            segments.add(new Segment(Section.OTHER, SoapNote.Kind.OTHER, 0, 0, first, null));
        }
        boolean hasPlan = has(headers, Section.PLAN);
        boolean hasAssessment = has(headers, Section.ASSESSMENT);
        for (int i = 0; i < headers.size(); i++) {
            Found h = headers.get(i);
            int end = i + 1 < headers.size() ? headers.get(i + 1).start() : text.length();
            Spelling sp = h.spelling();
            switch (sp.form()) {
                case OTHER -> segments.add(new Segment(Section.OTHER, SoapNote.Kind.OTHER, h.start(), h.end(), end,
                        h.written()));
                case SUBHEADING -> segments.add(new Segment(sp.section(), SoapNote.Kind.SUBHEADING, h.start(), h.end(),
                        end, h.written()));
                case COMBINED -> {
                    if (hasPlan || hasAssessment) {
                        segments.add(new Segment(hasPlan ? Section.ASSESSMENT : Section.PLAN, SoapNote.Kind.SECTION,
                                h.start(), h.end(), end, h.written()));
                    } else {
                        int cut = numberedPlan(text, h.end(), end);
                        if (cut > 0) {
                            segments.add(new Segment(Section.ASSESSMENT, SoapNote.Kind.SECTION, h.start(), h.end(),
                                    cut, h.written()));
                            segments.add(new Segment(Section.PLAN, SoapNote.Kind.SECTION, cut, cut, end, null));
                        } else {
                            segments.add(new Segment(Section.ASSESSMENT, SoapNote.Kind.COMBINED, h.start(), h.end(),
                                    end, h.written()));
                        }
                    }
                }
                default -> segments.add(new Segment(sp.section(), SoapNote.Kind.SECTION, h.start(), h.end(), end,
                        h.written()));
            }
        }
        return segments;
    }

    private static boolean has(List<Found> headers, Section section) {
        return headers.stream().anyMatch(h -> h.spelling().section() == section
                && (h.spelling().form() == Form.SECTION || h.spelling().form() == Form.LETTER));
    }

    /**
     * Where the numbered plan of a combined assessment and plan starts: the first numbered line,
     * when text comes before it and only numbered lines (and blank ones) after it; -1 otherwise.
     */
    private static int numberedPlan(String text, int start, int end) {
        boolean lead = false;
        int cut = -1;
        int lineStart = start;
        while (lineStart < end) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 || newline >= end ? end : newline;
            String line = text.substring(lineStart, lineEnd).stripTrailing();
            if (!line.isBlank()) {
                boolean numbered = NUMBERED.matcher(line).matches();
                if (cut < 0) {
                    if (numbered) {
                        if (!lead) {
                            return -1;
                        }
                        cut = lineStart;
                    } else {
                        lead = true;
                    }
                } else if (!numbered) {
                    return -1;
                }
            }
            lineStart = lineEnd + 1;
        }
        return cut;
    }

    private static int slot(Spelling sp) {
        return switch (sp.section()) {
            case HPI, ROS -> 0;
            case EXAM -> 1;
            case ASSESSMENT -> sp.form() == Form.COMBINED ? 3 : 2;
            case PLAN -> 3;
            case OTHER -> -1;
        };
    }

    /** The headers the rules accept, in order. */
    private static List<Found> scan(String text) {
        List<Found> found = new ArrayList<>();
        Matcher m = HEADER.matcher(text);
        int from = 0;
        int lastSlot = -1;
        boolean afterSubheading = false;
        while (from <= text.length() && m.find(from)) {
            Spelling sp = SPELLINGS.get(normalise(m.group(1)));
            boolean colon = m.group(2).endsWith(":");
            boolean lineStart = lineStart(text, m.start());
            boolean accepted = (colon || lineStart && sp.form() != Form.LETTER && Character.isUpperCase(m.group(1).charAt(0)))
                    && (!sp.lineStartOnly() || lineStart)
                    && (sp.form() != Form.LETTER || letterAccepted(text, m, sp, lastSlot, afterSubheading));
            if (!accepted) {
                from = m.start() + 1;
                continue;
            }
            found.add(new Found(sp, m.start(), m.end(), m.group(1).strip()));
            if (sp.form() != Form.OTHER) {
                lastSlot = Math.max(lastSlot, slot(sp));
                afterSubheading = sp.form() == Form.SUBHEADING;
            }
            from = m.end();
        }
        return found;
    }

    /** S: O: A: P: count after whitespace, in SOAP order, and P: not before a number (a pulse). */
    private static boolean letterAccepted(String text, Matcher m, Spelling sp, int lastSlot, boolean afterSubheading) {
        if (m.start() > 0 && !Character.isWhitespace(text.charAt(m.start() - 1))) {
            return false;
        }
        int slot = slot(sp);
        if (slot <= lastSlot && !(sp.section() == Section.HPI && afterSubheading)) {
            return false;
        }
        if (sp.section() == Section.PLAN) {
            String after = text.substring(m.end()).stripLeading();
            if (!after.isEmpty() && Character.isDigit(after.charAt(0)) && !LIST_NUMBER.matcher(after).lookingAt()) {
                return false;
            }
        }
        return true;
    }

    private static boolean lineStart(String text, int index) {
        for (int i = index - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }
}
