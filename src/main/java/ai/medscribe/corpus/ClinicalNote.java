package ai.medscribe.corpus;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One note of a corpus: its text, the text of each SOAP section it holds, and, for coherent
 * synthetic notes, the ids of the conditions it was generated from (empty otherwise).
 */
public record ClinicalNote(String id, String text, Map<Section, String> sections, List<String> conditions) {

    public ClinicalNote {
        EnumMap<Section, String> copy = new EnumMap<>(Section.class);
        copy.putAll(sections);
        sections = java.util.Collections.unmodifiableMap(copy);
        conditions = List.copyOf(conditions);
    }

    /** A note known only by its text (users' notes, MIMIC): sections come from the parser. */
    public static ClinicalNote fromText(String id, String text) {
        return new ClinicalNote(id, text, SectionParser.instance().parse(text).sectionMap(), List.of());
    }
}
