package ai.medscribe.eval;

import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import java.util.List;

/** Which SOAP sections a note holds, in order of appearance, and whether that order is right. */
public final class StructureCheck {

    /**
     * @param sections headers in order of appearance (repeats included)
     * @param distinctSections how many of the five sections appear
     * @param presentInOrder the sections present appear once each, in SOAP order (the case study's check)
     * @param allSectionsInOrder all five, each exactly once, in SOAP order
     */
    public record Structure(List<Section> sections, int distinctSections, boolean presentInOrder, boolean allSectionsInOrder) {
    }

    private StructureCheck() {
    }

    public static Structure check(String text) {
        List<Section> order = SectionParser.instance().headers(text).stream().map(SectionParser.HeaderMatch::section).toList();
        boolean inOrder = true;
        for (int i = 1; i < order.size(); i++) {
            inOrder &= order.get(i - 1).compareTo(order.get(i)) < 0;
        }
        int distinct = (int) order.stream().distinct().count();
        return new Structure(order, distinct, inOrder, order.equals(Section.SOAP));
    }
}
