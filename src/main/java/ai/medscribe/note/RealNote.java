package ai.medscribe.note;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real clinical note (EHR visit note, transcribed dictation, discharge summary) cut into the
 * sections its author wrote, the headers included, so that every character of the input belongs to
 * exactly one {@link Span} and {@link #render()} gives the input back. Built beside
 * {@link SectionParser}, which folds notes into the five SOAP sections for the training corpus and
 * is left as it is; this class is for notes users bring.
 *
 * <p><b>What it recognises.</b> The spellings of {@link RealSection} (any spacing, spaces around
 * {@code /} and {@code &} allowed):
 * <ul>
 * <li>at a line start (after indentation), a spelling followed by a colon whose first letter is a
 *     capital: {@code "Past Medical History:"}, {@code "VITAL SIGNS:"}, {@code "PMH:"};</li>
 * <li>at a line start without a colon: a spelling alone on its line starting with a capital
 *     ({@code "VITALS"}, {@code "Physical Exam"}), or a spelling in capitals followed by two
 *     spaces, a tab, or one space and a capitalised word that is not itself in capitals
 *     ({@code "HISTORY OF PRESENT ILLNESS  The patient..."}, {@code "PLAN Rest"});</li>
 * <li>inside a line, only a spelling with a capital and a colon right after a sentence end
 *     ({@code "... no acute distress. PMH: asthma. Medications: albuterol."}) or right after
 *     another header ({@code "EXAM: Vitals: ..."}); a period after a list number ({@code "2. "})
 *     is not a sentence end; and, after a space, a spelling of HPI, ROS, EXAM, ASSESSMENT, PLAN or
 *     the combined assessment and plan written all in capitals with a colon, of three letters or
 *     more ({@code "HPI: cough EXAM: lungs clear"}, the compact notes users type);</li>
 * <li>the SOAP letters {@code S: O: A: P:} in capitals at a line start, in SOAP order, never while
 *     in VITALS or RESULTS, and {@code P:} not before a number other than a list number
 *     ({@code "P: 72"} is a pulse).</li>
 * </ul>
 *
 * <p><b>Sections in context.</b> {@code Impression:} inside RESULTS whose text so far mentions a
 * study (x-ray, CT, MRI, ultrasound, echo, imaging, findings...) is an {@link RealSection#IMPRESSION}
 * sub-span of the results, never the assessment; elsewhere it is the ASSESSMENT. VITALS under an
 * EXAM header (the dictation's {@code "PHYSICAL EXAMINATION:\nVITAL SIGNS: ...\nGENERAL: ..."})
 * ends at a blank line or at the first label that is not a vital sign ({@code "GENERAL:"}); the rest
 * is EXAM again (a span with an empty header). DIAGNOSIS and CHIEF COMPLAINT hold one paragraph (and
 * list items after it): narrative after a blank line is OTHER, not diagnosis; a radiology IMPRESSION
 * likewise gives the text after its paragraph back to RESULTS.
 *
 * <p><b>Assessment and plan.</b> A combined header ({@code A/P}, {@code A&P}, {@code Assessment and
 * Plan}, {@code Impression and Plan}...) is split only by one of two rules, else kept whole as
 * {@link RealSection#ASSESSMENT_AND_PLAN}, which counts in neither ASSESSMENT nor PLAN:
 * <ol>
 * <li>sub-headers: exactly one {@code Plan:} inside it (and at most one {@code Assessment:} or
 *     {@code Impression:}, at its very start), with text before the {@code Plan:}, and no list
 *     numbering running on across the cut ({@code "1. HTN ... Plan: ... 2. DM"} is a problem list,
 *     not split). The assessment part is {@link RealSection#AP_ASSESSMENT}, the plan part
 *     {@link RealSection#AP_PLAN} under the {@code Plan:} header;</li>
 * <li>no sub-headers: lines of narrative followed only by numbered lines (blank lines allowed), none
 *     of them a problem entry (a label followed by {@code " - "}, a dash or a colon, as in
 *     {@code "1. Hypertension - continue lisinopril"}): the narrative is the assessment part, the
 *     numbered lines the plan part (a span with an empty header).</li>
 * </ol>
 * A numbered problem list, wrapped items, or a single paragraph are not split.
 *
 * <p><b>What it does not recognise.</b> Headers not in {@link RealSection} ({@code "GENERAL:"},
 * {@code "HEENT:"}, {@code "Condition at discharge:"}, {@code "BP:"}) are text of the span they stand
 * in; so are abbreviations that are not headers ({@code NKDA}). Lower-case headers, a spelling
 * inside a sentence without a sentence end before it ({@code "drink 500 cc: water"}), headers in
 * bold or table layout that survive only as formatting, and bulleted headers are not seen. Text
 * before the first header is OTHER; the input is never changed or dropped.
 */
public final class RealNote {

    /**
     * One run of the input: {@code header} is {@code input[headerStart, textStart)} exactly as
     * written (empty when the span has none), {@code text} is {@code input[textStart, end)} raw,
     * whitespace included.
     */
    public record Span(RealSection section, String header, int headerStart, int textStart, int end, String text) {

        /** The text with whitespace stripped at both ends. */
        public String content() {
            return text.strip();
        }

        /** Header and text as in the input. */
        public String raw() {
            return header + text;
        }
    }

    /** Where a span of the input went: the section's name ({@link RealSection#name()}) and its character range. */
    public record Where(String section, int start, int end) {
    }

    private final String input;
    private final List<Span> spans;

    private RealNote(String input, List<Span> spans) {
        this.input = input;
        this.spans = List.copyOf(spans);
    }

    /** The input cut into spans, in order; an empty input has none. */
    public static RealNote parse(String text) {
        List<Span> spans = new Builder(text).build();
        int at = 0;
        for (Span s : spans) {
            if (s.headerStart() != at || s.textStart() < s.headerStart() || s.end() < s.textStart()) {
                throw new IllegalStateException("spans do not tile the input at " + at + ": " + s);
            }
            at = s.end();
        }
        if (at != text.length()) {
            throw new IllegalStateException("spans end at " + at + " of " + text.length());
        }
        return new RealNote(text, spans);
    }

    /** The spans in input order, covering every character once. */
    public List<Span> spans() {
        return spans;
    }

    public String input() {
        return input;
    }

    /** The spans' raw text concatenated: the input exactly. */
    public String render() {
        return spans.stream().map(Span::raw).collect(Collectors.joining());
    }

    /**
     * The text of each of the five SOAP sections present, from the spans that ARE that section
     * (the parts of a split assessment and plan included; VITALS, RESULTS, the histories, an unsplit
     * assessment and plan and the rest left out). Several spans of one section are joined by a
     * newline, each stripped; a header without text gives "".
     */
    public Map<Section, String> soap() {
        Map<Section, List<String>> pieces = new EnumMap<>(Section.class);
        for (Span s : spans) {
            s.section().soapSection().ifPresent(sec -> pieces.computeIfAbsent(sec, k -> new ArrayList<>())
                    .add(s.content()));
        }
        Map<Section, String> soap = new EnumMap<>(Section.class);
        pieces.forEach((sec, list) -> soap.put(sec, list.stream().filter(p -> !p.isEmpty())
                .collect(Collectors.joining("\n"))));
        return soap;
    }

    /** The sections present, in order of first appearance (whitespace-only OTHER left out). */
    public List<RealSection> sections() {
        Set<RealSection> present = new LinkedHashSet<>();
        for (Span s : spans) {
            if (s.section() != RealSection.OTHER || !s.raw().isBlank()) {
                present.add(s.section());
            }
        }
        return List.copyOf(present);
    }

    /** The spans of one section, in order. */
    public List<Span> spans(RealSection section) {
        return spans.stream().filter(s -> s.section() == section).toList();
    }

    /** For each span, in order, the section it went to and its range {@code [headerStart, end)} of the input. */
    public List<Where> where() {
        return spans.stream().map(s -> new Where(s.section().name(), s.headerStart(), s.end())).toList();
    }

    // ---------------------------------------------------------------------------------------------

    /** Any spelling, longest first; group 1 the spelling, group 2 the colon (with spaces before it) if any. */
    private static final Pattern SPELLING = buildPattern();
    private static final Pattern LETTER = Pattern.compile("([SOAP])[ \\t]*:");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?][ \\t]+(?=\\p{L})");
    private static final Pattern LIST_NUMBER_BEFORE = Pattern.compile("[ \\t]*\\d{1,2}");
    private static final Pattern LIST_NUMBER = Pattern.compile("[1-9][.)]\\s+\\p{L}");
    private static final Pattern NUMBERED = Pattern.compile("[ \\t]*(\\d{1,2})[.)][ \\t]+\\S.*");
    private static final Pattern LIST_ITEM = Pattern.compile("[ \\t]*(?:\\d{1,2}[.)]|[-*\\u2022])[ \\t]+\\S.*");
    /** A numbered problem entry: a short label, then a dash or a colon, then more text. */
    private static final Pattern PROBLEM_ENTRY = Pattern.compile(
            "[ \\t]*\\d{1,2}[.)][ \\t]+[^\\n:\\-\\u2013\\u2014]{1,60}?(?:[ \\t]+[-\\u2013\\u2014]{1,2}[ \\t]+|:[ \\t]*)\\S.*");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z][A-Za-z /]{0,30}?)[ \\t]*:");
    private static final Pattern STUDY = Pattern.compile("(?i)\\b(?:x-?rays?|xr|cxr|ct|cta|mri|mra|ultrasound|"
            + "sonogram|echo(?:cardiogram)?|radiograph\\w*|imaging|radiology|mammogram|doppler|scan|findings|views?)\\b");
    private static final Set<String> VITAL_LABELS = Set.of("bp", "blood pressure", "p", "pulse", "hr", "heart rate",
            "t", "temp", "temperature", "tmax", "rr", "resp", "respirations", "respiratory rate", "spo2", "sao2",
            "o2 sat", "o2 sats", "o2 saturation", "sat", "sats", "pulse ox", "pulse oximetry", "fio2", "o2", "wt",
            "weight", "ht", "height", "bmi", "pain", "pain score", "map", "gcs", "glucose");

    private static Pattern buildPattern() {
        List<String> all = new ArrayList<>(RealSection.bySpelling().keySet());
        all.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alt = new StringBuilder();
        for (String s : all) {
            if (!alt.isEmpty()) {
                alt.append('|');
            }
            for (char c : s.toCharArray()) {
                switch (c) {
                    case ' ' -> alt.append("[ \\t]+");
                    case '/', '&', '-' -> alt.append("[ \\t]*").append(Pattern.quote(String.valueOf(c))).append("[ \\t]*");
                    default -> alt.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.compile("(" + alt + ")(?![\\p{L}\\p{N}])([ \\t]*:)?", Pattern.CASE_INSENSITIVE);
    }

    /** A header accepted: its section (resolved in context), whether it is a sub-header of an A&P, and its range. */
    private record Found(RealSection section, boolean sub, int start, int end) {
    }

    private static final class Builder {
        private final String text;
        private final List<Found> found = new ArrayList<>();
        private RealSection current = RealSection.OTHER;
        private int resultsStart = -1;
        private int lastLetter = -1;

        Builder(String text) {
            this.text = text;
        }

        List<Span> build() {
            scan();
            List<Span> out = new ArrayList<>();
            List<Found> top = found.stream().filter(f -> !f.sub()).toList();
            int first = top.isEmpty() ? text.length() : top.get(0).start();
            if (first > 0) {
                out.add(span(RealSection.OTHER, 0, 0, first));
            }
            RealSection previous = RealSection.OTHER;
            for (int i = 0; i < top.size(); i++) {
                Found h = top.get(i);
                int end = i + 1 < top.size() ? top.get(i + 1).start() : text.length();
                switch (h.section()) {
                    case ASSESSMENT_AND_PLAN -> {
                        List<Found> subs = found.stream().filter(f -> f.sub() && f.start() >= h.end()
                                && f.start() < end).toList();
                        assessmentAndPlan(h, subs, end, out);
                    }
                    case DIAGNOSIS, CHIEF_COMPLAINT -> limited(h, paragraphEnd(h.end(), end), end, RealSection.OTHER, out);
                    case IMPRESSION -> limited(h, paragraphEnd(h.end(), end), end, RealSection.RESULTS, out);
                    case VITALS -> {
                        if (previous == RealSection.EXAM) {
                            limited(h, vitalsEnd(h.end(), end), end, RealSection.EXAM, out);
                        } else {
                            out.add(span(h.section(), h.start(), h.end(), end));
                        }
                    }
                    default -> out.add(span(h.section(), h.start(), h.end(), end));
                }
                previous = h.section();
            }
            return out;
        }

        private Span span(RealSection section, int headerStart, int textStart, int end) {
            return new Span(section, text.substring(headerStart, textStart), headerStart, textStart, end,
                    text.substring(textStart, end));
        }

        /** The header's span up to {@code cut}, then the rest (if any) as {@code rest} with no header. */
        private void limited(Found h, int cut, int end, RealSection rest, List<Span> out) {
            out.add(span(h.section(), h.start(), h.end(), cut));
            if (cut < end) {
                out.add(span(rest, cut, cut, end));
            }
        }

        // ---- scanning ----

        private void scan() {
            TreeMap<Integer, Boolean> candidates = new TreeMap<>(); // position -> at a line start
            for (int ls = 0; ls <= text.length(); ) {
                int p = ls;
                while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                    p++;
                }
                candidates.put(p, true);
                int nl = text.indexOf('\n', ls);
                if (nl < 0) {
                    break;
                }
                ls = nl + 1;
            }
            Matcher se = SENTENCE_END.matcher(text);
            while (se.find()) {
                String before = text.substring(text.lastIndexOf('\n', se.start() - 1) + 1, se.start());
                if (!LIST_NUMBER_BEFORE.matcher(before).matches()) {
                    candidates.putIfAbsent(se.end(), false);
                }
            }
            // a SOAP section's name in capitals with a colon inside a line ("HPI: cough EXAM: clear"): a header
            // even without a sentence end before it, as the compact notes users type are written
            Matcher caps = SPELLING.matcher(text);
            while (caps.find()) {
                int at = caps.start();
                String written = caps.group(1);
                if (caps.group(2) == null || at == 0 || (text.charAt(at - 1) != ' ' && text.charAt(at - 1) != '\t')
                        || written.length() < 3 || !written.equals(written.toUpperCase(java.util.Locale.ROOT))
                        || text.substring(text.lastIndexOf('\n', at - 1) + 1, at).isBlank()) {
                    continue;
                }
                RealSection section = RealSection.ofSpelling(written).orElse(RealSection.OTHER);
                if (section == RealSection.HPI || section == RealSection.ROS || section == RealSection.EXAM
                        || section == RealSection.ASSESSMENT || section == RealSection.PLAN
                        || section == RealSection.ASSESSMENT_AND_PLAN) {
                    candidates.putIfAbsent(at, false);
                }
            }
            int lastEnd = 0;
            for (Map.Entry<Integer, Boolean> c : candidates.entrySet()) {
                if (c.getKey() < lastEnd || c.getKey() >= text.length()) {
                    continue;
                }
                Found f = tryAt(c.getKey(), c.getValue());
                while (f != null) {
                    accept(f);
                    lastEnd = f.end();
                    int q = f.end();
                    while (q < text.length() && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) {
                        q++;
                    }
                    f = q < text.length() && q > f.end() ? tryAt(q, false) : null;
                }
            }
        }

        private void accept(Found f) {
            found.add(f);
            if (!f.sub()) {
                if (f.section() == RealSection.RESULTS) {
                    resultsStart = f.start();
                }
                if (f.section() != RealSection.IMPRESSION) {
                    current = f.section();
                }
            }
        }

        /** The header starting at {@code p}, if the rules accept one there. */
        private Found tryAt(int p, boolean lineStart) {
            Matcher m = SPELLING.matcher(text).region(p, text.length());
            if (m.lookingAt()) {
                String written = m.group(1);
                boolean colon = m.group(2) != null;
                if (Character.isUpperCase(written.charAt(0))) {
                    int end = -1;
                    if (colon) {
                        end = m.end();
                    } else if (lineStart && noColonHeader(written, m.end(1))) {
                        end = m.end(1);
                    }
                    if (end > 0) {
                        return resolve(RealSection.ofSpelling(written).orElseThrow(), p, end);
                    }
                }
            }
            if (lineStart) {
                Matcher l = LETTER.matcher(text).region(p, text.length());
                if (l.lookingAt()) {
                    return letter(l.group(1).charAt(0), p, l.end());
                }
            }
            return null;
        }

        /** A header without a colon: alone on its line, or in capitals before two spaces, a tab or a Capitalised word. */
        private boolean noColonHeader(String written, int end) {
            int eol = text.indexOf('\n', end);
            String rest = text.substring(end, eol < 0 ? text.length() : eol);
            if (rest.isBlank()) {
                return true;
            }
            if (!written.equals(written.toUpperCase(java.util.Locale.ROOT))) {
                return false;
            }
            if (rest.startsWith("  ") || rest.startsWith("\t")) {
                return true;
            }
            Matcher w = Pattern.compile(" (\\p{Lu}\\p{L}*)").matcher(rest);
            return w.lookingAt() && !w.group(1).equals(w.group(1).toUpperCase(java.util.Locale.ROOT));
        }

        private Found resolve(RealSection raw, int start, int end) {
            if (current == RealSection.ASSESSMENT_AND_PLAN && (raw == RealSection.PLAN
                    || raw == RealSection.ASSESSMENT || raw == RealSection.IMPRESSION)) {
                return new Found(raw == RealSection.PLAN ? RealSection.PLAN : RealSection.ASSESSMENT, true, start, end);
            }
            if (raw == RealSection.IMPRESSION) {
                boolean inStudy = current == RealSection.RESULTS && resultsStart >= 0
                        && STUDY.matcher(text.substring(resultsStart, start)).find();
                return new Found(inStudy ? RealSection.IMPRESSION : RealSection.ASSESSMENT, false, start, end);
            }
            return new Found(raw, false, start, end);
        }

        private Found letter(char c, int start, int end) {
            int slot = "SOAP".indexOf(c);
            if (slot <= lastLetter || current == RealSection.VITALS || current == RealSection.RESULTS) {
                return null;
            }
            if (c == 'P') {
                String after = text.substring(end).stripLeading();
                if (!after.isEmpty() && Character.isDigit(after.charAt(0)) && !LIST_NUMBER.matcher(after).lookingAt()) {
                    return null;
                }
            }
            lastLetter = slot;
            RealSection raw = switch (c) {
                case 'S' -> RealSection.HPI;
                case 'O' -> RealSection.EXAM;
                case 'A' -> RealSection.ASSESSMENT;
                default -> RealSection.PLAN;
            };
            return resolve(raw, start, end);
        }

        // ---- limits of one-paragraph sections ----

        /**
         * The end of the first paragraph from {@code from} (leading blank lines skipped), extended
         * over later paragraphs that start with a list item: the start of the first non-blank line
         * after a blank line that is not a list item, or {@code end}.
         */
        private int paragraphEnd(int from, int end) {
            List<int[]> lines = lines(from, end);
            boolean seenText = false;
            boolean afterBlank = false;
            for (int[] line : lines) {
                String s = text.substring(line[0], line[1]);
                if (s.isBlank()) {
                    afterBlank = seenText;
                    continue;
                }
                if (afterBlank && !LIST_ITEM.matcher(s).matches()) {
                    return line[0];
                }
                seenText = true;
                afterBlank = false;
            }
            return end;
        }

        /** Where vitals written under an EXAM header end: a blank line, or a label that is not a vital sign. */
        private int vitalsEnd(int from, int end) {
            boolean seenText = false;
            boolean afterBlank = false;
            for (int[] line : lines(from, end)) {
                String s = text.substring(line[0], line[1]);
                if (s.isBlank()) {
                    afterBlank = seenText;
                    continue;
                }
                if (afterBlank) {
                    return line[0];
                }
                seenText = true;
                Matcher m = LABEL.matcher(text).region(line[0], line[1]);
                int at = line[0];
                while (m.find(at) && m.start() < line[1]) {
                    if (m.end() <= line[1] && labelBoundary(m.start(), line[0])
                            && !VITAL_LABELS.contains(m.group(1).strip().toLowerCase(java.util.Locale.ROOT))) {
                        return m.start();
                    }
                    at = m.start() + 1;
                    if (at >= line[1]) {
                        break;
                    }
                }
            }
            return end;
        }

        /** A label starts a line (after indentation) or follows a sentence end or semicolon, and a capital begins it. */
        private boolean labelBoundary(int start, int lineStart) {
            if (!Character.isUpperCase(text.charAt(start))) {
                return false;
            }
            String before = text.substring(lineStart, start);
            return before.isBlank() || before.matches("(?s).*[.;,|][ \\t]+");
        }

        /** The lines of {@code [from, end)} as {@code [start, end)} pairs without their newline; the first starts at {@code from}. */
        private List<int[]> lines(int from, int end) {
            List<int[]> lines = new ArrayList<>();
            int ls = from;
            while (ls < end) {
                int nl = text.indexOf('\n', ls);
                int le = nl < 0 || nl >= end ? end : nl;
                lines.add(new int[] {ls, le});
                ls = le + 1;
            }
            return lines;
        }

        // ---- assessment and plan ----

        private void assessmentAndPlan(Found h, List<Found> subs, int end, List<Span> out) {
            if (!subs.isEmpty()) {
                List<Found> plans = subs.stream().filter(f -> f.section() == RealSection.PLAN).toList();
                List<Found> assessments = subs.stream().filter(f -> f.section() == RealSection.ASSESSMENT).toList();
                if (plans.size() == 1 && assessments.size() <= 1) {
                    Found p = plans.get(0);
                    Found a = assessments.isEmpty() ? null : assessments.get(0);
                    boolean aAtStart = a == null || a.start() < p.start() && text.substring(h.end(), a.start()).isBlank();
                    int partStart = a == null ? h.end() : a.end();
                    if (aAtStart && !text.substring(partStart, p.start()).isBlank()
                            && !numberingRunsOn(partStart, p.start(), p.end(), end)) {
                        if (a == null) {
                            out.add(span(RealSection.AP_ASSESSMENT, h.start(), h.end(), p.start()));
                        } else {
                            out.add(span(RealSection.ASSESSMENT_AND_PLAN, h.start(), h.end(), a.start()));
                            out.add(span(RealSection.AP_ASSESSMENT, a.start(), a.end(), p.start()));
                        }
                        out.add(span(RealSection.AP_PLAN, p.start(), p.end(), end));
                        return;
                    }
                }
                out.add(span(RealSection.ASSESSMENT_AND_PLAN, h.start(), h.end(), end));
                return;
            }
            int cut = numberedPlan(h.end(), end);
            if (cut > 0) {
                out.add(span(RealSection.AP_ASSESSMENT, h.start(), h.end(), cut));
                out.add(span(RealSection.AP_PLAN, cut, cut, end));
            } else {
                out.add(span(RealSection.ASSESSMENT_AND_PLAN, h.start(), h.end(), end));
            }
        }

        /** Whether a numbered list before the cut goes on after it (the first number after is not 1). */
        private boolean numberingRunsOn(int from, int cut, int after, int end) {
            boolean numberedBefore = lines(from, cut).stream()
                    .anyMatch(l -> NUMBERED.matcher(text.substring(l[0], l[1])).matches());
            if (!numberedBefore) {
                return false;
            }
            for (int[] l : lines(after, end)) {
                Matcher m = NUMBERED.matcher(text.substring(l[0], l[1]));
                if (m.matches()) {
                    return Integer.parseInt(m.group(1)) != 1;
                }
            }
            return false;
        }

        /**
         * Where the numbered plan starts: the first numbered line, when narrative comes before it,
         * only numbered lines (and blank ones) after it, and none of them is a problem entry; -1 otherwise.
         */
        private int numberedPlan(int from, int end) {
            boolean lead = false;
            int cut = -1;
            for (int[] l : lines(from, end)) {
                String line = text.substring(l[0], l[1]);
                if (line.isBlank()) {
                    continue;
                }
                boolean numbered = NUMBERED.matcher(line.stripTrailing()).matches();
                if (numbered && PROBLEM_ENTRY.matcher(line.stripTrailing()).matches()) {
                    return -1;
                }
                if (cut < 0) {
                    if (numbered) {
                        if (!lead) {
                            return -1;
                        }
                        cut = l[0];
                    } else {
                        lead = true;
                    }
                } else if (!numbered) {
                    return -1;
                }
            }
            return cut;
        }
    }
}
