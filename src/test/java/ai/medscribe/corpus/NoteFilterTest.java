package ai.medscribe.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoteFilterTest {

    private static String words(String word, int n) {
        return String.join(" ", java.util.Collections.nCopies(n, word));
    }

    private static ClinicalNote note(String text) {
        return ClinicalNote.fromText("n", text);
    }

    @Test
    void countsEachDroppedNoteUnderItsFirstBrokenRule() {
        ClinicalNote good = note("HPI: " + words("a", 10) + " ROS: " + words("b", 10) + " EXAM: " + words("c", 10)
                + " ASSESSMENT: " + words("d", 10) + " PLAN: " + words("e", 10));
        ClinicalNote tooShort = note("HPI: a b ROS: c d PLAN: e f");
        ClinicalNote tooLong = note("HPI: " + words("a", 60) + " ROS: " + words("b", 60) + " PLAN: " + words("c", 60));
        ClinicalNote fewSections = note("HPI: " + words("a", 30) + " PLAN: " + words("b", 30));
        ClinicalNote imbalanced = note("HPI: " + words("a", 50) + " ROS: " + words("b", 5) + " PLAN: " + words("c", 5));
        NoteFilter.Result r = new NoteFilter(NoteFilter.Limits.DEFAULT)
                .filter(List.of(good, tooShort, tooLong, fewSections, imbalanced, good));
        assertEquals(List.of(good, good), r.kept());
        assertEquals(Map.of("too_short", 1, "too_long", 1, "too_few_sections", 1, "section_imbalance", 1), r.dropped());
        assertEquals(4, r.droppedTotal());
    }

    @Test
    void boundsAreInclusive() {
        ClinicalNote fifty = note("HPI: " + words("a", 15) + " ROS: " + words("b", 15) + " PLAN: " + words("c", 17));
        assertEquals(50, ai.medscribe.text.Tokenizer.words(fifty.text()).size());
        assertEquals(1, new NoteFilter(new NoteFilter.Limits(50, 50, 3)).filter(List.of(fifty)).kept().size());
        assertEquals(0, new NoteFilter(new NoteFilter.Limits(51, 60, 3)).filter(List.of(fifty)).kept().size());
    }

    @Test
    void keepsNearlyAllGeneratedNotesAndDropsDefectiveShortOnes() {
        NoteFilter.Result r = new NoteFilter(NoteFilter.Limits.DEFAULT)
                .filter(SyntheticCorpus.of(SyntheticCorpus.Style.COHERENT).generate(500, 1));
        assertEquals(500, r.kept().size() + r.droppedTotal());
        assertEquals(0, r.dropped().get("too_long"));
        assertEquals(true, r.kept().size() > 450);
    }
}
