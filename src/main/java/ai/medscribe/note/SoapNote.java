package ai.medscribe.note;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A note split into sections, in the order they appear in the text. A section may appear more
 * than once (a model can write two PLANs); {@link #sectionMap()} keeps the first.
 */
public record SoapNote(List<Part> parts) {

    /** One run of text under one header (or outside every header: OTHER). */
    public record Part(Section section, String text) {
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

    /** SOAP sections in order of appearance, repeats included (OTHER left out). */
    public List<Section> order() {
        return parts.stream().map(Part::section).filter(s -> s != Section.OTHER).toList();
    }

    /** The note in canonical form: {@code "HPI: ... ROS: ..."} with canonical headers. */
    public String text() {
        return parts.stream()
                .map(p -> p.section() == Section.OTHER ? p.text() : (p.section().header() + " " + p.text()).strip())
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining(" "));
    }
}
