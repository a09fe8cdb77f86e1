package ai.medscribe.functions.api.dto;

import java.util.List;
import java.util.Map;

import ai.medscribe.note.Section;
import ai.medscribe.note.SoapNote;

/**
 * Text of a given note that belongs to none of the five sections: what stood before the first
 * header ({@code header} null) or under a header of no section ({@code "Medications"}). It is
 * returned as written (whitespace stripped at the ends) and kept in the completed note.
 */
public record UnparsedText(String header, String text) {

    static List<UnparsedText> of(SoapNote note) {
        return note.unparsed().stream().map(p -> new UnparsedText(p.header(), p.text())).toList();
    }

    /** The completed note: headerless text first, the sections under canonical headers, then headed text. */
    public static String note(Map<Section, String> sections, List<UnparsedText> unparsed) {
        return SoapNote.withUnparsed(sections, unparsed.stream()
                .map(u -> new SoapNote.Part(Section.OTHER, u.text(), u.header(), SoapNote.Kind.OTHER)).toList());
    }
}
