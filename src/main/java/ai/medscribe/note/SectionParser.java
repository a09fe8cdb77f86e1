package ai.medscribe.note;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits note text into SOAP sections. Accepts the canonical headers ({@code HPI:} ...
 * {@code PLAN:}) and the common real-world spellings ("History of Present Illness:",
 * "Review of Systems:", "Physical Exam:", "Assessment and Plan:", "A/P:" ...) in any case.
 * Text before the first header, or under no known header, is {@link Section#OTHER}.
 */
public final class SectionParser {

    /** Header spellings (without the colon) for each section; longer spellings are tried first. */
    private static final Map<Section, List<String>> SPELLINGS = new LinkedHashMap<>();

    static {
        SPELLINGS.put(Section.HPI, List.of("hpi", "history of present illness", "history of the present illness",
                "present illness", "subjective"));
        SPELLINGS.put(Section.ROS, List.of("ros", "review of systems", "review of system", "systems review"));
        SPELLINGS.put(Section.EXAM, List.of("exam", "physical exam", "physical examination", "examination",
                "pe", "objective"));
        // A combined assessment-and-plan section is labelled ASSESSMENT: its text is the assessment.
        SPELLINGS.put(Section.ASSESSMENT, List.of("assessment", "assessment and plan", "assessment & plan",
                "assessment/plan", "a/p", "a&p", "impression", "diagnosis", "diagnoses"));
        SPELLINGS.put(Section.PLAN, List.of("plan", "plan of care", "recommendations"));
    }

    private static final Pattern HEADER = buildPattern();

    private static final SectionParser INSTANCE = new SectionParser();

    public static SectionParser instance() {
        return INSTANCE;
    }

    private static Pattern buildPattern() {
        List<String> all = new ArrayList<>();
        SPELLINGS.values().forEach(all::addAll);
        all.sort((a, b) -> Integer.compare(b.length(), a.length()));
        StringBuilder alternatives = new StringBuilder();
        for (String s : all) {
            if (!alternatives.isEmpty()) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(s).replace(" ", "\\E\\s+\\Q"));
        }
        // A header starts at the beginning of the text or after a non-word character, and ends in a colon.
        return Pattern.compile("(?<![\\w/&])(" + alternatives + ")\\s*:", Pattern.CASE_INSENSITIVE);
    }

    private static Section sectionOf(String spelling) {
        String key = spelling.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (Map.Entry<Section, List<String>> e : SPELLINGS.entrySet()) {
            if (e.getValue().contains(key)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no section for header " + spelling);
    }

    /** A header found in the text: its section and its character span (colon included). */
    public record HeaderMatch(Section section, int start, int end) {
    }

    /** Every header in the text, in order. */
    public List<HeaderMatch> headers(String text) {
        List<HeaderMatch> found = new ArrayList<>();
        Matcher m = HEADER.matcher(text);
        while (m.find()) {
            found.add(new HeaderMatch(sectionOf(m.group(1)), m.start(), m.end()));
        }
        return found;
    }

    /** Splits the text into parts under their headers, in order of appearance. */
    public SoapNote parse(String text) {
        List<SoapNote.Part> parts = new ArrayList<>();
        List<HeaderMatch> headers = headers(text);
        int firstStart = headers.isEmpty() ? text.length() : headers.get(0).start();
        String preamble = text.substring(0, firstStart).strip();
        if (!preamble.isEmpty()) {
            parts.add(new SoapNote.Part(Section.OTHER, preamble));
        }
        for (int i = 0; i < headers.size(); i++) {
            HeaderMatch h = headers.get(i);
            int end = i + 1 < headers.size() ? headers.get(i + 1).start() : text.length();
            parts.add(new SoapNote.Part(h.section(), text.substring(h.end(), end).strip()));
        }
        return new SoapNote(parts);
    }

    /** The section of every character of the text; header characters belong to their section. */
    public Section[] characterSections(String text) {
        Section[] labels = new Section[text.length()];
        Arrays.fill(labels, Section.OTHER);
        List<HeaderMatch> headers = headers(text);
        for (int i = 0; i < headers.size(); i++) {
            int end = i + 1 < headers.size() ? headers.get(i + 1).start() : text.length();
            Arrays.fill(labels, headers.get(i).start(), end, headers.get(i).section());
        }
        return labels;
    }

    /**
     * The case study's {@code parse_section_labels}: one section label per whitespace token of the
     * text, aligned with {@code Tokenizer.encode(text)}.
     */
    public List<Section> tokenSections(String text) {
        Section[] chars = characterSections(text);
        List<Section> labels = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < text.length()) {
                labels.add(chars[i]);
            }
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        return labels;
    }
}
