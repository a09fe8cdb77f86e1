package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.corpus.PhraseBook;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactScoreTest {

    private static final List<SyntheticDialogue> DIALOGUES = SyntheticDialogues.generate(300, 5);
    private static final FactScore EXACT = FactScore.standard();
    private static final FactScore LOOSE = new FactScore(PhraseBook.standard(), FactScore.Numbers.IGNORED);
    private static final PhraseBook BOOK = PhraseBook.standard();

    private static SyntheticDialogue firstWithout(String conditionName) {
        return DIALOGUES.stream().filter(d -> !d.sections().get(MtsHeader.ASSESSMENT).contains(conditionName))
                .findFirst().orElseThrow();
    }

    @Test
    void theReferenceScoresRecallOnePrecisionOneAndNoHallucination() {
        FactScore.Totals exact = new FactScore.Totals();
        FactScore.Totals loose = new FactScore.Totals();
        for (SyntheticDialogue d : DIALOGUES) {
            for (FactScore s : List.of(EXACT, LOOSE)) {
                Map<MtsHeader, FactScore.Result> note = s.scoreNote(d.sections(), d.facts());
                assertEquals(5, note.size());
                note.values().forEach(r -> {
                    assertEquals(1.0, r.recall(), d.id() + " " + r);
                    assertEquals(1.0, r.precision(), d.id() + " " + r);
                    assertEquals(0, r.hallucinated().size(), d.id() + " " + r);
                    assertEquals(0, r.misplaced().size(), d.id() + " " + r);
                });
                (s == EXACT ? exact : loose).add(note.values());
            }
        }
        for (FactScore.Totals t : List.of(exact, loose)) {
            assertEquals(DIALOGUES.size(), t.notes());
            assertEquals(1.0, t.meanRecall(), 1e-12);
            assertEquals(1.0, t.meanPrecision(), 1e-12);
            assertEquals(0.0, t.hallucinatedPerNote());
        }
    }

    @Test
    void aFactOfAnotherConditionIsHallucinated() {
        SyntheticDialogue d = firstWithout("obstructive pulmonary");
        String exam = d.sections().get(MtsHeader.EXAM) + " expiratory wheezes bilaterally";
        FactScore.Result r = EXACT.score(MtsHeader.EXAM, exam, d.facts());
        assertEquals(List.of("expiratory wheezes bilaterally"), r.hallucinated());
        assertEquals(1.0, r.recall());
        assertEquals((double) (r.found() - 1) / r.found(), r.precision(), 1e-12);
        // a diagnosis the encounter does not have, bare or qualified
        SyntheticDialogue e = firstWithout("asthma");
        assertEquals(List.of("asthma"), EXACT.score(MtsHeader.ASSESSMENT,
                e.sections().get(MtsHeader.ASSESSMENT) + " asthma", e.facts()).hallucinated());
        assertEquals(List.of("asthma mild intermittent"), EXACT.score(MtsHeader.ASSESSMENT,
                e.sections().get(MtsHeader.ASSESSMENT) + " asthma mild intermittent", e.facts()).hallucinated());
    }

    @Test
    void aMissingFactLowersRecall() {
        SyntheticDialogue d = DIALOGUES.get(0);
        for (MtsHeader h : SyntheticDialogue.HEADERS) {
            List<String> facts = d.facts().get(h);
            if (facts.size() < 2) {
                continue;
            }
            List<String> kept = new ArrayList<>(facts);
            String dropped = kept.remove(kept.size() - 1);
            FactScore.Result r = EXACT.score(h, String.join(" ", kept), d.facts());
            assertEquals((double) (facts.size() - 1) / facts.size(), r.recall(), 1e-12, h + " " + r);
            assertEquals(List.of(dropped), r.missed());
            assertEquals(1.0, r.precision());
        }
        FactScore.Result empty = EXACT.score(MtsHeader.PLAN, "", d.facts());
        assertEquals(0.0, empty.recall());
        assertTrue(Double.isNaN(empty.precision()));
    }

    @Test
    void numbersMustMatchUnlessIgnored() {
        SyntheticDialogue d = DIALOGUES.get(1);
        String vitals = d.facts().get(MtsHeader.EXAM).get(0);
        assertTrue(vitals.startsWith("vitals BP "), vitals);
        String wrong = vitals.replaceFirst("BP \\d+/", "BP 199/");
        String exam = d.sections().get(MtsHeader.EXAM).replace(vitals, wrong);
        FactScore.Result exact = EXACT.score(MtsHeader.EXAM, exam, d.facts());
        assertEquals(List.of(vitals), exact.missed());
        assertEquals(List.of(wrong.toLowerCase()), exact.hallucinated());
        FactScore.Result loose = LOOSE.score(MtsHeader.EXAM, exam, d.facts());
        assertEquals(1.0, loose.recall());
        assertEquals(0, loose.hallucinated().size());
    }

    @Test
    void aFactOfAnotherSectionIsMisplacedNotHallucinated() {
        SyntheticDialogue d = DIALOGUES.get(2);
        String hpiFact = d.facts().get(MtsHeader.GENHX).get(1);
        FactScore.Result r = EXACT.score(MtsHeader.PLAN, d.sections().get(MtsHeader.PLAN) + " " + hpiFact, d.facts());
        assertEquals(List.of(hpiFact.toLowerCase()), r.misplaced());
        assertEquals(0, r.hallucinated().size());
        assertTrue(r.precision() < 1.0);
        assertEquals(1.0, r.recall());
    }

    @Test
    void caseAndPunctuationDoNotMatterAndABareNameOfTheEncounterIsItsOwn() {
        SyntheticDialogue d = DIALOGUES.stream()
                .filter(x -> x.facts().get(MtsHeader.ROS).contains("denies chest pain")).findFirst().orElseThrow();
        FactScore.Result r = EXACT.score(MtsHeader.ROS, "Patient Denies chest pain.", d.facts());
        assertEquals(List.of("denies chest pain"), r.recalled());
        String assessed = d.facts().get(MtsHeader.ASSESSMENT).get(0);
        String name = BOOK.conditions().stream().map(PhraseBook.Condition::name)
                .filter(n -> !n.contains("{") && assessed.startsWith(n + " ")).findFirst().orElse(null);
        if (name != null) {
            FactScore.Result bare = EXACT.score(MtsHeader.ASSESSMENT, name, d.facts());
            assertEquals(List.of(name), bare.own());
            assertEquals(0, bare.recalled().size(), "a bare name does not state the qualified fact");
            assertEquals(1.0, bare.precision());
        }
    }

    @Test
    void totalsAverageSectionsAndCountHallucinationsPerNote() {
        SyntheticDialogue d = firstWithout("gastroesophageal");
        Map<MtsHeader, String> bad = new EnumMap<>(d.sections());
        bad.put(MtsHeader.PLAN, "");
        bad.put(MtsHeader.EXAM, d.sections().get(MtsHeader.EXAM) + " mild epigastric tenderness");
        FactScore.Totals t = new FactScore.Totals();
        t.add(EXACT.scoreNote(d.sections(), d.facts()).values());
        Map<MtsHeader, FactScore.Result> r = EXACT.scoreNote(bad, d.facts());
        t.add(r.values());
        assertEquals(2, t.notes());
        assertEquals(10, t.sections());
        assertEquals(9.0 / 10, t.meanRecall(), 1e-12);
        assertEquals(0.5, t.hallucinatedPerNote(), 1e-12);
        assertEquals(9, t.precisionSections());
        double examPrecision = r.get(MtsHeader.EXAM).precision();
        assertTrue(examPrecision < 1.0);
        assertEquals((8 + examPrecision) / 9, t.meanPrecision(), 1e-12);
    }
}
