package ai.medscribe.ethics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds PHI-like spans in note text with patterns (names after a title, dates, phone numbers,
 * MRN-like ids, e-mail, street addresses, SSN-like numbers). A screening aid, not a de-identifier:
 * it misses names without a title. It returns offsets only and never logs the text.
 */
public final class PhiDetector {

    private static final String MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?"
            + "|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

    /** Patterns in priority order: an earlier kind wins where two overlap. Group 1, if any, is the span. */
    private static final Map<PhiSpan.Type, Pattern> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put(PhiSpan.Type.EMAIL, Pattern.compile("\\b[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\\b"));
        PATTERNS.put(PhiSpan.Type.SSN, Pattern.compile("(?<![\\d-])\\d{3}-\\d{2}-\\d{4}(?![\\d-])"));
        PATTERNS.put(PhiSpan.Type.MRN, Pattern.compile(
                "(?i)\\b(?:MRN|MR\\s*#|medical\\s+record(?:\\s+(?:number|no\\.?))?|patient\\s+id|acct)\\s*[:#]?\\s*"
                        + "([A-Z]{0,3}\\d[\\d-]{4,11})\\b"));
        PATTERNS.put(PhiSpan.Type.PHONE, Pattern.compile(
                "(?<![\\w-])(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}(?![\\w-])"));
        PATTERNS.put(PhiSpan.Type.DATE, Pattern.compile(
                "\\b(?:\\d{1,2}[/-]\\d{1,2}[/-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}"
                        + "|" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}"
                        + "|\\d{1,2}\\s+" + MONTH + ",?\\s+\\d{4})\\b"));
        PATTERNS.put(PhiSpan.Type.ADDRESS, Pattern.compile(
                "\\b\\d{1,5}\\s+(?:[A-Z][a-z]+\\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln"
                        + "|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle)\\b"
                        + "(?:,?\\s+(?:Apt|Suite|Unit)\\.?\\s*#?\\w+)?"));
        PATTERNS.put(PhiSpan.Type.NAME, Pattern.compile(
                "\\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\\.?\\s+([A-Z][a-z'-]+(?:\\s+[A-Z]\\.)?(?:\\s+[A-Z][a-z'-]+)?)"));
    }

    private static final PhiDetector INSTANCE = new PhiDetector();

    public static PhiDetector instance() {
        return INSTANCE;
    }

    /** The PHI-like spans of the text, ordered by start, never overlapping. */
    public List<PhiSpan> detect(String text) {
        List<PhiSpan> accepted = new ArrayList<>();
        for (Map.Entry<PhiSpan.Type, Pattern> e : PATTERNS.entrySet()) {
            Matcher m = e.getValue().matcher(text);
            while (m.find()) {
                int group = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
                PhiSpan span = new PhiSpan(e.getKey(), m.start(group), m.end(group));
                if (accepted.stream().noneMatch(span::overlaps)) {
                    accepted.add(span);
                }
            }
        }
        accepted.sort(Comparator.comparingInt(PhiSpan::start));
        return List.copyOf(accepted);
    }
}
