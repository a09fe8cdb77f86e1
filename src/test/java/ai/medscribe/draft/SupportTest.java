package ai.medscribe.draft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportTest {

    static final String TRANSCRIPT = """
            Doctor: What brings you in today?
            Patient: I have had a dry cough for three days.
            It gets worse at night.
            Doctor: Any fever or chills?
            Patient: No fever. I take lisinopril for blood pressure.""";

    @Test
    void turnsFollowSpeakerTagsAndContinuationLines() {
        List<Support.Turn> turns = Support.turns(TRANSCRIPT);
        assertEquals(4, turns.size());
        assertEquals("Patient", turns.get(1).speaker());
        assertEquals("I have had a dry cough for three days. It gets worse at night.", turns.get(1).text());
        assertEquals(3, turns.get(3).index());
    }

    @Test
    void sentencesLinkToTheTurnsThatHoldTheirWords() {
        var sentences = Support.link("Dry cough for three days, worse at night. Takes lisinopril.", TRANSCRIPT);
        assertEquals(2, sentences.size());
        assertEquals(List.of(1), sentences.get(0).turns());
        assertTrue(sentences.get(0).supported());
        assertEquals(List.of(3), sentences.get(1).turns());
        assertTrue(sentences.get(1).supported());
    }

    @Test
    void aSentenceWithoutSourceIsFlagged() {
        var sentences = Support.link("Cough for three days. Prescribed atorvastatin for hyperlipidemia.", TRANSCRIPT);
        assertTrue(sentences.get(0).supported());
        assertFalse(sentences.get(1).supported());
        assertTrue(sentences.get(1).turns().isEmpty());
    }
}
