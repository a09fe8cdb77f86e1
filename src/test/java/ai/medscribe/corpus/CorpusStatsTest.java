package ai.medscribe.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.note.Section;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusStatsTest {

    @Test
    void orderingAnalysisFindsSwappedAndMissingSections() {
        List<String> texts = List.of(
                "HPI: a ROS: b EXAM: c ASSESSMENT: d PLAN: e",
                "HPI: a EXAM: c ROS: b ASSESSMENT: d PLAN: e",
                "HPI: a ROS: b EXAM: c PLAN: e",
                "ROS: b HPI: a ASSESSMENT: d");
        CorpusStats.Ordering o = CorpusStats.ordering(texts);
        assertEquals(50.0, o.correctOrderPct(), 1e-9);
        assertEquals(0, o.missingSections().get(Section.HPI));
        assertEquals(1, o.missingSections().get(Section.EXAM));
        assertEquals(1, o.missingSections().get(Section.PLAN));
        assertEquals(1, o.missingSections().get(Section.ASSESSMENT));
        assertEquals(0.75, o.sectionPresence().get(Section.EXAM), 1e-9);
        assertEquals(0.75, o.sectionPresence().get(Section.PLAN), 1e-9);
    }

    @Test
    void lengthsSectionStatsAndTopWords() throws Exception {
        List<ClinicalNote> notes = List.of(
                ClinicalNote.fromText("1", "HPI: cough cough ROS: fever PLAN: rest"),
                ClinicalNote.fromText("2", "HPI: cough cough cough cough ROS: fever"));
        CorpusStats stats = CorpusStats.of(notes);
        assertEquals(List.of(7, 7), stats.noteLengths());
        assertEquals(3.0, stats.sectionLengths().get(Section.HPI).mean(), 1e-9);
        assertEquals(1.0, stats.sectionLengths().get(Section.HPI).std(), 1e-9);
        assertEquals(0, stats.sectionLengths().get(Section.EXAM).count());
        assertEquals(new CorpusStats.WordCount("cough", 6), stats.topWords().get(0));
        JsonNode json = new ObjectMapper().readTree(stats.toJson());
        assertEquals(100.0, json.path("section_ordering").path("correct_order_pct").asDouble(), 1e-9);
        assertEquals(2, json.path("section_ordering").path("missing_sections").path("EXAM").asInt());
        assertEquals(0.5, json.path("section_ordering").path("section_presence").path("PLAN").asDouble(), 1e-9);
        assertTrue(json.path("top_words").isArray());
    }
}
