package ai.medscribe.note;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A note split into sections, in the order they appear in the text. A section may appear more
 * than once (a model can write two PLANs); {@link #sectionMap()} keeps the first, {@link #given()}
 * keeps them all.
 */
public record SoapNote(List<Part> parts) {

    /** How a part's text relates to its section. */
    public enum Kind {
        /** text under a header of its section (or split off a combined assessment and plan) */
        SECTION,
        /** a sub-heading kept, header and all, as text of its section (Chief Complaint: in HPI) */
        SUBHEADING,
        /** an assessment and plan that could not be split: the text of both ASSESSMENT and PLAN */
        COMBINED,
        /** text outside every section: before the first header, or under a header that names none */
        OTHER
    }

    /**
     * One run of text under one header (or outside every header: OTHER).
     *
     * @param header the header as written, without its colon; null when the text stood under no
     *               header of its own (text before the first header, the plan split off an
     *               assessment and plan)
     */
    public record Part(Section section, String text, String header, Kind kind) {

        /** Text under the section's own header (or, for OTHER, under none). */
        public Part(Section section, String text) {
            this(section, text, null, section == Section.OTHER ? Kind.OTHER : Kind.SECTION);
        }
    }

    public SoapNote {
        parts = List.copyOf(parts);
    }

    /** Builds a note in SOAP order from a map of section to text; sections absent from the map are left out. */
    public static SoapNote of(Map<Section, String> sections) {
        List<Part> parts = new ArrayList<>();
        for (Section s : Section.SOAP) {
            String text = sections.get(s);
            if (text != null) {
                parts.add(new Part(s, text.strip()));
            }
        }
        return new SoapNote(parts);
    }

    /** The first text of each SOAP section present, in SOAP order. */
    public Map<Section, String> sectionMap() {
        Map<Section, String> map = new EnumMap<>(Section.class);
        for (Part p : parts) {
            if (p.section() != Section.OTHER) {
                map.putIfAbsent(p.section(), p.text());
            }
        }
        return map;
    }

    /**
     * Every SOAP section present with all of its text: what a partial note gives. The first header
     * of a section is the one its canonical header replaces; its text comes without it. Any other
     * part of the same section keeps its header as written ({@code "Impression: ..."} after an
     * {@code Assessment:}), as does a sub-heading ({@code "Chief Complaint: ..."}); the pieces are
     * joined by a newline in order of appearance. A combined assessment and plan that could not be
     * split is the text of both ASSESSMENT and PLAN. Empty sections map to "" (header without text).
     */
    public Map<Section, String> given() {
        Map<Section, List<String>> pieces = new EnumMap<>(Section.class);
        Map<Section, Boolean> headed = new EnumMap<>(Section.class);
        for (Part p : parts) {
            if (p.section() == Section.OTHER) {
                continue;
            }
            List<Section> targets = p.kind() == Kind.COMBINED ? List.of(Section.ASSESSMENT, Section.PLAN)
                    : List.of(p.section());
            for (Section t : targets) {
                String piece;
                if (p.kind() == Kind.SUBHEADING) {
                    piece = labelled(p.header(), p.text());
                } else if (headed.putIfAbsent(t, true) == null) {
                    piece = p.text();
                } else {
                    piece = labelled(p.header(), p.text());
                }
                pieces.computeIfAbsent(t, k -> new ArrayList<>()).add(piece);
            }
        }
        Map<Section, String> given = new EnumMap<>(Section.class);
        pieces.forEach((s, list) -> given.put(s, list.stream().filter(x -> !x.isEmpty())
                .collect(Collectors.joining("\n"))));
        return given;
    }

    /**
     * The text outside every section, in order: what stood before the first header (header null)
     * and what stood under a header that names no SOAP section. Empty pieces without a header are
     * left out.
     */
    public List<Part> unparsed() {
        return parts.stream()
                .filter(p -> p.section() == Section.OTHER && (p.header() != null || !p.text().isEmpty()))
                .toList();
    }

    /** Whether any part belongs to one of the five SOAP sections. */
    public boolean hasSections() {
        return parts.stream().anyMatch(p -> p.section() != Section.OTHER);
    }

    /** SOAP sections in order of appearance, repeats included (OTHER left out). */
    public List<Section> order() {
        return parts.stream().map(Part::section).filter(s -> s != Section.OTHER).toList();
    }

    /**
     * The note in canonical form: {@code "HPI: ... ROS: ..."} with canonical headers; text outside
     * the sections and sub-headings keep the header they were written under.
     */
    public String text() {
        return parts.stream()
                .map(p -> switch (p.kind()) {
                    case OTHER -> p.header() == null ? p.text() : labelled(p.header(), p.text());
                    case SUBHEADING -> labelled(p.header(), p.text());
                    default -> p.section() == Section.OTHER ? p.text()
                            : (p.section().header() + " " + p.text()).strip();
                })
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining(" "));
    }

    /**
     * A completed note with the text that fits no section: headerless pieces first (they stood
     * before the first header), then the sections in SOAP order under their canonical headers,
     * then the pieces that stood under other headers, each as {@code "Header: text"}.
     *
     * @param unparsed the pieces outside every section, in order (as {@link #unparsed()} gives them)
     */
    public static String withUnparsed(Map<Section, String> sections, List<Part> unparsed) {
        List<String> out = new ArrayList<>();
        unparsed.stream().filter(p -> p.header() == null).map(Part::text).forEach(out::add);
        out.add(of(sections).text());
        unparsed.stream().filter(p -> p.header() != null).map(p -> labelled(p.header(), p.text())).forEach(out::add);
        return out.stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(" "));
    }

    private static String labelled(String header, String text) {
        if (header == null) {
            return text;
        }
        return text.isEmpty() ? header + ":" : header + ": " + text;
    }
}
