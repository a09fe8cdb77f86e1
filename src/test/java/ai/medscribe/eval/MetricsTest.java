package ai.medscribe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rougeLMatchesHandComputedValues() {
        // LCS("the cat sat on the mat", "the cat lay on a mat") = the cat on mat = 4; P = R = 4/6.
        RougeL.Score s = RougeL.score("The cat sat on the mat", "the cat lay on a mat");
        assertEquals(4 / 6.0, s.precision(), 1e-12);
        assertEquals(4 / 6.0, s.recall(), 1e-12);
        assertEquals(4 / 6.0, s.f1(), 1e-12);
        // gen 2 words, ref 4, LCS 2: P 1, R 0.5, F1 2/3.
        RougeL.Score t = RougeL.score("a b", "a x b y");
        assertEquals(1.0, t.precision(), 1e-12);
        assertEquals(0.5, t.recall(), 1e-12);
        assertEquals(2 / 3.0, t.f1(), 1e-12);
        assertEquals(0.0, RougeL.score("", "a").f1());
        assertEquals(0.0, RougeL.score("x y", "a b").f1());
        assertEquals(1.0, RougeL.score("a b c", "a b c").f1(), 1e-12);
    }

    @Test
    void rougeLIsRougeScores() {
        // rouge-score's README: score(target="The quick brown fox jumps over the lazy dog",
        // prediction="The quick brown dog jumps on the log.") -> rougeL P 0.625, R 0.5556, F 0.5882
        RougeL.Score readme = RougeL.score("The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog");
        assertEquals(0.625, readme.precision(), 1e-12);
        assertEquals(5 / 9.0, readme.recall(), 1e-12);
        assertEquals(0.5882352941176471, readme.f1(), 1e-12);
        // punctuation and case do not split tokens apart: "Cat," is "cat", "B.I.D." is "b i d"
        assertEquals(1.0, RougeL.score("Pain, worse at NIGHT.", "pain worse at night").f1(), 1e-12);
        assertEquals(List.of("metoprolol", "25", "mg", "b", "i", "d"), RougeL.tokens("Metoprolol 25 mg B.I.D."));
        assertEquals(0.0, RougeL.score("...", "a").f1());
    }

    @Test
    void rougeLsumTakesTheUnionLcsOfEachReferenceLine() {
        // reference lines "a b c d" / "e f"; generated "a b x" / "c d e f" (6 and 7 tokens).
        // line 1 against both generated lines: {a, b} and {c, d} -> union 4 hits; line 2: {e, f} -> 2.
        RougeL.Score s = RougeL.scoreLsum("a b x\nc d e f", "a b c d\ne f");
        assertEquals(6 / 7.0, s.precision(), 1e-12);
        assertEquals(1.0, s.recall(), 1e-12);
        // one line each: the same as rougeL
        assertEquals(RougeL.score("a b c", "a c d").f1(), RougeL.scoreLsum("a b c", "a c d").f1(), 1e-12);
        // a token counts at most as often as it occurs: "a" twice in the reference, once generated
        assertEquals(0.5, RougeL.scoreLsum("a", "a\na").recall(), 1e-12);
    }

    @Test
    void structureCheckSeesOrderAndCompleteness() {
        StructureCheck.Structure full = StructureCheck.check("HPI: a ROS: b EXAM: c ASSESSMENT: d PLAN: e");
        assertTrue(full.allSectionsInOrder());
        assertEquals(Section.SOAP, full.sections());
        StructureCheck.Structure swapped = StructureCheck.check("HPI: a EXAM: c ROS: b ASSESSMENT: d PLAN: e");
        assertFalse(swapped.allSectionsInOrder());
        assertFalse(swapped.presentInOrder());
        StructureCheck.Structure missing = StructureCheck.check("hpi: a ros: b plan: e");
        assertTrue(missing.presentInOrder());
        assertFalse(missing.allSectionsInOrder());
        assertEquals(3, missing.distinctSections());
        StructureCheck.Structure twice = StructureCheck.check("HPI: a ROS: b EXAM: c ASSESSMENT: d PLAN: e PLAN: f");
        assertFalse(twice.allSectionsInOrder());
        assertEquals(5, twice.distinctSections());
    }

    @Test
    void errorAnalysisFindsEachCategory() {
        ErrorAnalysis.Errors clean = ErrorAnalysis.categorize(
                "hpi: patient presents with fever and chills ros: negative for fever exam: no acute distress "
                        + "assessment: hyperlipidemia stable plan: return if symptoms worsen");
        assertEquals(0, clean.totalErrors(), clean.toString());
        ErrorAnalysis.Errors bad = ErrorAnalysis.categorize(
                "hpi: patient presents with fever and chills fever and chills lungs clear to auscultation bilaterally "
                        + "ros: negative for fever exam: vitals bp plan: return if symptoms");
        assertEquals(List.of(Section.ASSESSMENT), bad.missingSections());
        assertEquals(List.of("fever and chills"), bad.repetitions());
        assertEquals(2, bad.truncations(), bad.toString());
        assertEquals(List.of(new ErrorAnalysis.Confusion(Section.EXAM, Section.HPI, "lungs clear to auscultation bilaterally")),
                bad.sectionConfusion());
        assertEquals(5, bad.totalErrors());
        ErrorAnalysis.Errors empty = ErrorAnalysis.categorize("hpi: ros: b c");
        assertEquals(1, empty.truncations());
        assertTrue(bad.poolChecks());

        // a model trained on other notes: no pool-based checks, the others still made
        ErrorAnalysis.Errors noPools = ErrorAnalysis.categorize(
                "hpi: patient presents with fever and chills fever and chills lungs clear to auscultation bilaterally "
                        + "ros: negative for fever exam: vitals bp plan: return if symptoms", false);
        assertFalse(noPools.poolChecks());
        assertEquals(List.of(), noPools.sectionConfusion());
        assertEquals(0, noPools.truncations());
        assertEquals(List.of(Section.ASSESSMENT), noPools.missingSections());
        assertEquals(List.of("fever and chills"), noPools.repetitions());
        assertEquals(2, noPools.totalErrors());
    }

    @Test
    void repetitionsAreWhatAReaderSeesTwoWordPhrasesAndDoubledWords() {
        ErrorAnalysis.Errors e = ErrorAnalysis.categorize("hpi: takes it nightly nightly nightly ros: no xanthomas "
                + "no xanthomas exam: no acute distress assessment: hyperlipidemia stable plan: recheck lipids");
        assertTrue(e.repetitions().contains("nightly nightly"), e.repetitions().toString());
        assertTrue(e.repetitions().contains("no xanthomas"), e.repetitions().toString());
        ErrorAnalysis.Errors once = ErrorAnalysis.categorize("hpi: no fever no chills ros: denies chest pain "
                + "exam: no acute distress assessment: hyperlipidemia stable plan: recheck lipids");
        assertEquals(List.of(), once.repetitions(), "a single word again is not a repeated phrase");
    }

    @Test
    void generatedNotesHaveNoErrorsBeyondTheirDefects() {
        for (SyntheticCorpus.Style style : SyntheticCorpus.Style.values()) {
            for (ClinicalNote note : new SyntheticCorpus(style, 0).generate(80, 3)) {
                ErrorAnalysis.Errors e = ErrorAnalysis.categorize(note.text());
                assertTrue(e.missingSections().isEmpty() && e.sectionConfusion().isEmpty() && e.truncations() == 0,
                        () -> style + " " + e);
            }
        }
    }

    @Test
    void phraseValidityIsOneOnGeneratedNotesAndLowOnWordSalad() {
        for (SyntheticCorpus.Style style : SyntheticCorpus.Style.values()) {
            PhraseValidity validity = new PhraseValidity(style);
            List<ClinicalNote> notes = SyntheticCorpus.of(style).generate(100, 6);
            List<String> texts = notes.stream().map(ClinicalNote::text).toList();
            assertEquals(1.0, validity.score(texts).overall(), 1e-12, style.name());
            List<String> salads = new ArrayList<>();
            Random random = new Random(1);
            for (ClinicalNote note : notes) {
                StringBuilder salad = new StringBuilder();
                for (Section s : note.sections().keySet()) {
                    List<String> words = new ArrayList<>(Tokenizer.words(note.sections().get(s)));
                    Collections.shuffle(words, random);
                    salad.append(s.header()).append(' ').append(String.join(" ", words)).append(' ');
                }
                salads.add(salad.toString());
            }
            double saladValidity = validity.score(salads).overall();
            assertTrue(saladValidity < 0.4, style + " word salad validity " + saladValidity);
        }
    }

    @Test
    void numbersOnlyCountWhereTheyFillASlot() {
        PhraseValidity validity = new PhraseValidity(SyntheticCorpus.Style.SEED);
        PhraseValidity.NoteValidity ok = validity.score("EXAM: vitals BP 120/80 HR 72 no acute distress");
        assertEquals(1.0, ok.validity(), 1e-12);
        PhraseValidity.NoteValidity stray = validity.score("EXAM: vitals BP 120/80 72 no acute distress");
        assertEquals(6 / 7.0, stray.validity(), 1e-12);
    }

    @Test
    void planCoherenceAcceptsFittingPlansAndRejectsForeignActions() {
        String coherent = "HPI: elevated home blood pressure readings ROS: positive for headache EXAM: vitals BP 160/100 "
                + "ASSESSMENT: essential hypertension poorly controlled PLAN: increase lisinopril to 20 mg daily "
                + "obtain basic metabolic panel follow up in 2 weeks";
        PlanCoherence.Result ok = PlanCoherence.check(coherent);
        assertTrue(ok.coherent(), ok.toString());
        assertEquals(java.util.Set.of("hypertension"), ok.assessed());
        assertEquals(2, ok.fitting().size());
        String foreign = coherent.replace("follow up in 2 weeks", "start omeprazole 20 mg daily");
        PlanCoherence.Result bad = PlanCoherence.check(foreign);
        assertFalse(bad.coherent());
        assertEquals(List.of("start omeprazole {dose} mg daily"), bad.unfit());
        String nothingFits = "ASSESSMENT: essential hypertension stable PLAN: follow up in 2 weeks";
        assertFalse(PlanCoherence.check(nothingFits).coherent());
    }
}
