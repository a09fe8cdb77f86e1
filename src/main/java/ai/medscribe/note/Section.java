package ai.medscribe.note;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SOAP sections of a clinical note, in their canonical order, and the one place that knows
 * their headers. {@link #OTHER} labels text that stands outside every section.
 */
public enum Section {
    HPI("HPI:"),
    ROS("ROS:"),
    EXAM("EXAM:"),
    ASSESSMENT("ASSESSMENT:"),
    PLAN("PLAN:"),
    OTHER(null);

    /** The five real sections in SOAP order (everything but OTHER). */
    public static final List<Section> SOAP = List.of(HPI, ROS, EXAM, ASSESSMENT, PLAN);

    private final String header;

    Section(String header) {
        this.header = header;
    }

    /** The canonical header, e.g. {@code "PLAN:"}; null for OTHER. */
    public String header() {
        return header;
    }

    /** The header as the tokenizer sees it (lower case), e.g. {@code "plan:"}; null for OTHER. */
    public String headerToken() {
        return header == null ? null : header.toLowerCase(Locale.ROOT);
    }

    /** The case study's integer label: 0 = HPI ... 4 = PLAN, 5 = OTHER. */
    public int label() {
        return ordinal();
    }

    /** Parses a section name ("plan", "PLAN", "Plan:") to one of the five SOAP sections. */
    public static Optional<Section> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.strip().toUpperCase(Locale.ROOT);
        if (key.endsWith(":")) {
            key = key.substring(0, key.length() - 1);
        }
        for (Section s : SOAP) {
            if (s.name().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The section whose canonical header token (lower case) equals {@code token}, if any. */
    public static Optional<Section> fromHeaderToken(String token) {
        for (Section s : SOAP) {
            if (s.headerToken().equals(token)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
