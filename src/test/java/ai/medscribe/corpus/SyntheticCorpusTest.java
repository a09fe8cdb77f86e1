package ai.medscribe.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.eval.PlanCoherence;
import ai.medscribe.eval.StructureCheck;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {

    private static final SyntheticCorpus SEED = SyntheticCorpus.of(SyntheticCorpus.Style.SEED);
    private static final SyntheticCorpus COHERENT = SyntheticCorpus.of(SyntheticCorpus.Style.COHERENT);

    @Test
    void sameSeedGivesSameNotesAndOtherSeedsDiffer() {
        for (SyntheticCorpus corpus : List.of(SEED, COHERENT)) {
            assertEquals(corpus.generate(50, 7), corpus.generate(50, 7));
            assertNotEquals(corpus.generate(50, 7).stream().map(ClinicalNote::text).toList(),
                    corpus.generate(50, 8).stream().map(ClinicalNote::text).toList());
        }
    }

    @Test
    void seedNotesAreMadeOfTheCaseStudyPoolsWithItsPhraseCounts() {
        int[][] counts = {{4, 8}, {3, 6}, {4, 7}, {2, 5}, {3, 7}};
        for (ClinicalNote note : SEED.generate(60, 1)) {
            assertTrue(StructureCheck.check(note.text()).allSectionsInOrder());
            for (int s = 0; s < 5; s++) {
                Section section = Section.SOAP.get(s);
                String rest = note.sections().get(section);
                int phrases = 0;
                // Greedy longest-first removal works because no seed phrase is a prefix of another in its pool.
                while (!rest.isEmpty()) {
                    String match = null;
                    for (String p : PhraseBook.SEED_POOLS.get(section)) {
                        String expanded = Pattern.quote(p).replace("BP", "BP\\E \\d+/\\d+\\Q").replace("HR", "HR\\E \\d+\\Q")
                                .replace("temp", "temp\\E \\d+\\.\\d\\Q").replace("SpO2", "SpO2\\E \\d+%\\Q")
                                .replace("stage", "stage\\E [1-4]\\Q");
                        Matcher m = Pattern.compile("^" + expanded + "(\\s|$)").matcher(rest);
                        if (m.find() && (match == null || m.end() > match.length())) {
                            match = rest.substring(0, m.end());
                        }
                    }
                    assertTrue(match != null, "not a seed phrase in " + section + ": " + rest);
                    rest = rest.substring(match.length()).strip();
                    phrases++;
                }
                assertTrue(phrases >= counts[s][0] && phrases <= counts[s][1], section + " has " + phrases + " phrases");
            }
        }
    }

    @Test
    void coherentNotesStayWithinTheModelsLength() {
        for (ClinicalNote note : COHERENT.generate(1000, 3)) {
            int n = Tokenizer.words(note.text()).size();
            assertTrue(n >= 40 && n <= 125, "length " + n);
        }
    }

    @Test
    void uncontrolledHypertensionGivesHighBloodPressure() {
        Pattern bp = Pattern.compile("BP (\\d+)/(\\d+)");
        int seen = 0;
        for (ClinicalNote note : new SyntheticCorpus(SyntheticCorpus.Style.COHERENT, 0).generate(1000, 11)) {
            String assessment = note.sections().get(Section.ASSESSMENT);
            Matcher m = bp.matcher(note.sections().get(Section.EXAM));
            assertTrue(m.find());
            int systolic = Integer.parseInt(m.group(1));
            if (assessment.contains("essential hypertension poorly controlled")) {
                seen++;
                assertTrue(systolic >= 150, "uncontrolled hypertension with systolic " + systolic);
            } else if (!assessment.contains("hypertension")) {
                assertTrue(systolic <= 130, "no hypertension but systolic " + systolic);
            }
        }
        assertTrue(seen > 20, "too few uncontrolled hypertension notes: " + seen);
    }

    @Test
    void coherentPlansFitTheirConditionsAndConditionsAreRecorded() {
        for (ClinicalNote note : new SyntheticCorpus(SyntheticCorpus.Style.COHERENT, 0).generate(500, 5)) {
            PlanCoherence.Result r = PlanCoherence.check(note.text());
            assertTrue(r.coherent(), () -> "incoherent plan: " + r);
            assertEquals(java.util.Set.copyOf(note.conditions()), r.assessed());
        }
    }

    @Test
    void pneumoniaNotesHaveFeverAndNoContradictingNegatives() {
        int seen = 0;
        for (ClinicalNote note : new SyntheticCorpus(SyntheticCorpus.Style.COHERENT, 0).generate(1000, 9)) {
            if (note.conditions().contains("pneumonia")) {
                seen++;
                Matcher m = Pattern.compile("temp (\\d+\\.\\d)").matcher(note.sections().get(Section.EXAM));
                assertTrue(m.find());
                assertTrue(Double.parseDouble(m.group(1)) >= 100.4);
                assertFalse(note.sections().get(Section.ROS).contains("negative for fever"));
                assertFalse(note.sections().get(Section.EXAM).contains("lungs clear"));
            }
        }
        assertTrue(seen > 20);
    }

    @Test
    void defectFractionLeavesOutOrSwapsSections() {
        List<ClinicalNote> notes = new SyntheticCorpus(SyntheticCorpus.Style.COHERENT, 0.5).generate(400, 2);
        long missing = notes.stream().filter(n -> StructureCheck.check(n.text()).distinctSections() == 4).count();
        long swapped = notes.stream().filter(n -> !StructureCheck.check(n.text()).presentInOrder()).count();
        assertTrue(missing > 60 && missing < 140, "missing " + missing);
        assertTrue(swapped > 60 && swapped < 140, "swapped " + swapped);
        assertTrue(SyntheticCorpus.of(SyntheticCorpus.Style.COHERENT).generate(500, 2).stream()
                .anyMatch(n -> !StructureCheck.check(n.text()).allSectionsInOrder()));
    }

    @Test
    void knowledgeBaseHasAtLeastTwelveConditionsWithPlans() {
        PhraseBook book = PhraseBook.standard();
        assertTrue(book.conditions().size() >= 12);
        book.conditions().forEach(c -> assertFalse(c.plan().isEmpty(), c.id()));
        assertEquals(java.util.Set.of("hypertension", "ckd"), book.conditionsFitting("obtain basic metabolic panel"));
        assertTrue(book.conditionsFitting("follow up in {weeks} weeks").isEmpty());
    }
}
