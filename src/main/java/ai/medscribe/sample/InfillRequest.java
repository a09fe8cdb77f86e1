package ai.medscribe.sample;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partial note and the sections to write into it.
 *
 * @param given    the sections kept as they are (their text)
 * @param generate the sections to write; a given section listed here is rewritten (regenerate after an edit)
 * @param lengths  content length in tokens of generated sections; absent ones take the corpus mean,
 *                 and the last one, if absent here, may take every remaining position
 */
public record InfillRequest(Map<Section, String> given, List<Section> generate, Map<Section, Integer> lengths) {

    public InfillRequest {
        given = given == null ? Map.of() : Map.copyOf(given);
        lengths = lengths == null ? Map.of() : Map.copyOf(lengths);
        if (generate == null || generate.isEmpty()) {
            throw new InvalidRequestException("generate", "name at least one of " + Section.SOAP + " to generate");
        }
        Set<Section> unique = new LinkedHashSet<>(generate);
        if (unique.contains(Section.OTHER)) {
            throw new InvalidRequestException("generate", "OTHER is not a section to generate; use one of " + Section.SOAP);
        }
        generate = List.copyOf(unique);
        for (Section s : lengths.keySet()) {
            if (!unique.contains(s)) {
                throw new InvalidRequestException("lengths." + s.name(), "a length is given for a section not in generate");
            }
        }
    }

    /**
     * From note text with headers: the sections present with text are given; {@code generate}
     * names what to write (when empty: every SOAP section missing or empty in the text).
     */
    public static InfillRequest fromText(String text, List<Section> generate, Map<Section, Integer> lengths) {
        SoapNote note = SectionParser.instance().parse(text);
        Map<Section, String> given = new EnumMap<>(Section.class);
        note.sectionMap().forEach((s, t) -> {
            if (!t.isBlank()) {
                given.put(s, t);
            }
        });
        List<Section> toWrite = new ArrayList<>(generate == null ? List.of() : generate);
        if (toWrite.isEmpty()) {
            Section.SOAP.stream().filter(s -> !given.containsKey(s)).forEach(toWrite::add);
        }
        return new InfillRequest(given, toWrite, lengths);
    }
}
