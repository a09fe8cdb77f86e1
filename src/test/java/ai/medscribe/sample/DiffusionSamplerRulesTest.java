package ai.medscribe.sample;

import ai.medscribe.bundle.DenoiseStep;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diffusion sampler's rules through its whole loop, on hand-made layouts and a scripted model
 * that answers each step with chosen ids and confidences: no trained bundle.
 */
class DiffusionSamplerRulesTest {

    private static final int M = Tokenizer.MASK_ID;
    private static final int P = Tokenizer.PAD_ID;
    private static final Tokenizer TOKENIZER = Tokenizer.build(List.of("hpi: ros: exam: assessment: plan: "
            + "epigastric tenderness soft abdomen mild pain nausea fever denies"), 100);
    private static final int HPI = id("hpi:");
    private static final int PLAN = id("plan:");

    private static int id(String word) {
        int id = TOKENIZER.id(word);
        assertTrue(id > Tokenizer.UNK_ID, word + " is in the vocabulary");
        return id;
    }

    private static int[] ids(String words) {
        return Arrays.stream(words.split(" ")).mapToInt(w -> switch (w) {
            case "M" -> M;
            case "P" -> P;
            default -> id(w);
        }).toArray();
    }

    /** Answers the i-th step with the i-th scripted ids and confidences (the last one from then on), recording what it was given. */
    private static final class Scripted implements DiffusionSampler.Model {
        private final List<int[]> ids = new ArrayList<>();
        private final List<float[]> confidence = new ArrayList<>();
        final List<int[]> forbids = new ArrayList<>();

        Scripted then(String words, float... conf) {
            ids.add(ids(words));
            confidence.add(conf);
            return this;
        }

        @Override
        public DenoiseStep denoiseStep(int[][] tokens, float[] t, float temperature, float[][] uniform, int[][] forbid) {
            int call = Math.min(forbids.size(), ids.size() - 1);
            forbids.add(forbid[0].clone());
            return new DenoiseStep(new int[][] {ids.get(call).clone()}, new float[][] {confidence.get(call).clone()});
        }
    }

    /** The options under test: the even schedule, nothing remasked, traced. */
    private static SamplerOptions plain(int steps) {
        return SamplerOptions.builder().steps(steps).temperature(1f).strategy(SamplerOptions.Strategy.CONFIDENCE)
                .remaskRepeats(false).trace(true).threshold(0f).sectionSlack(false).build();
    }

    private static DiffusionSampler.Canvas run(DiffusionSampler.Model model, NoteLayout layout, SamplerOptions options) {
        return runAll(new DiffusionSampler(model, TOKENIZER, layout.length()), List.of(layout), options).get(0);
    }

    /** A batch written from {@code options.seed()}, as {@link NoteGenerator} writes one request's notes. */
    private static List<DiffusionSampler.Canvas> runAll(DiffusionSampler sampler, List<NoteLayout> layouts,
                                                        SamplerOptions options) {
        return sampler.run(layouts, DiffusionSampler.rowSeeds(options.seed(), layouts.size()), options,
                DiffusionSampler.StepListener.NONE);
    }

    /** HPI only: its header at 0, a span of {@code n} content positions, then fixed padding to {@code length}. */
    private static NoteLayout hpi(int n, int length) {
        return LayoutPlanner.sections(TOKENIZER, length, Map.of(), Set.of(Section.HPI), Map.of(Section.HPI, n), 1);
    }

    /** HPI only, a slack span of {@code n} positions that may end in padding after {@code minimum}. */
    private static NoteLayout hpiWithSlack(int n, int minimum, int length) {
        return LayoutPlanner.sections(TOKENIZER, length, Map.of(), Set.of(Section.HPI), Map.of(Section.HPI, n), 1,
                Map.of(Section.HPI, minimum));
    }

    @Test
    void thresholdCommitsEveryPositionAtOrAboveItAndAtLeastOnePerStep() {
        Scripted model = new Scripted()
                .then("mild pain nausea fever denies soft abdomen tenderness",
                        0.9f, 0.2f, 0.95f, 0.3f, 0.1f, 0.92f, 0.4f, 0.5f)
                .then("mild pain nausea fever denies soft abdomen tenderness",
                        0.1f, 0.2f, 0.1f, 0.3f, 0.1f, 0.1f, 0.4f, 0.5f);
        DiffusionSampler.Canvas canvas = run(model, NoteLayout.free(8, 8, 0), plain(8).withThreshold(0.9f));
        // the schedule asks for one of 8 masks over 8 steps; the threshold takes the three at or above 0.9
        assertArrayEquals(ids("mild M nausea M M soft M M"), canvas.trace().get(1));
        // below the threshold a step still commits its share (one), the most confident
        assertArrayEquals(ids("mild M nausea M M soft M tenderness"), canvas.trace().get(2));
        // 1 + 1 + one for each of the 4 left: the note takes 6 of its 8 steps
        assertEquals(6, canvas.passes());
        assertEquals(7, canvas.trace().size());
        assertArrayEquals(ids("mild pain nausea fever denies soft abdomen tenderness"), canvas.ids());
    }

    @Test
    void neighboursOfATokenCommittedInTheSameStepWait() {
        Scripted model = new Scripted().then("mild pain nausea fever denies soft", 0.5f, 0.1f, 0.9f, 0.8f, 0.1f, 0.1f);
        DiffusionSampler.Canvas canvas = run(model, NoteLayout.free(6, 6, 0), plain(3));
        // two per step: position 3 is the second most confident but beside 2, so position 0 goes instead
        assertArrayEquals(ids("mild M nausea M M M"), canvas.trace().get(1));
        assertArrayEquals(ids("mild pain nausea fever denies soft"), canvas.ids());
    }

    @Test
    void blocksCommitLeftToRight() {
        Scripted model = new Scripted().then("mild pain nausea fever denies soft abdomen tenderness",
                0.1f, 0.2f, 0.3f, 0.1f, 0.9f, 0.9f, 0.9f, 0.9f);
        DiffusionSampler.Canvas canvas = run(model, NoteLayout.free(8, 8, 0), plain(4).withBlockLength(4));
        // the confident second block waits until the first is filled
        assertArrayEquals(ids("mild M nausea M M M M M"), canvas.trace().get(1));
        assertArrayEquals(ids("mild pain nausea fever M M M M"), canvas.trace().get(2));
    }

    @Test
    void aStepTakesTheNextBlockWhenTheFirstHoldsFewerThanItsShare() {
        int[] row = ids("mild M nausea fever M M M M");
        int[] sampled = ids("mild pain nausea fever denies soft abdomen tenderness");
        float[] confidence = {0f, 0.1f, 0f, 0f, 0.2f, 0.9f, 0.1f, 0.1f};
        // 5 masks, 3 steps left: two to commit, one left in the first block of 4
        int committed = CommitStrategy.of(plain(3).withBlockLength(4))
                .commit(new DenoisingRow(NoteLayout.free(8, 8, 0), row, new Random(0)), sampled, confidence, 3);
        assertEquals(2, committed);
        assertArrayEquals(ids("mild pain nausea fever M soft M M"), row);
    }

    /** The frontier order, nothing remasked, traced. */
    private static SamplerOptions frontier(int steps) {
        return plain(steps).withStrategy(SamplerOptions.Strategy.FRONTIER);
    }

    @Test
    void theFrontierWritesTheNextWordOfEverySectionEachStep() {
        NoteLayout layout = LayoutPlanner.sections(TOKENIZER, 8, Map.of(), Set.of(Section.HPI, Section.ROS),
                Map.of(Section.HPI, 3, Section.ROS, 3), 1);
        assertArrayEquals(ids("hpi: M M M ros: M M M"), layout.tokens());
        // the model is surest of the last words, but a section is written from its start
        Scripted model = new Scripted().then("hpi: mild pain nausea ros: denies fever soft",
                0f, 0.2f, 0.5f, 0.9f, 0f, 0.3f, 0.6f, 0.9f);
        DiffusionSampler.Canvas canvas = run(model, layout, frontier(3));
        assertArrayEquals(ids("hpi: mild M M ros: denies M M"), canvas.trace().get(1));
        assertArrayEquals(ids("hpi: mild pain M ros: denies fever M"), canvas.trace().get(2));
        assertArrayEquals(ids("hpi: mild pain nausea ros: denies fever soft"), canvas.ids());
    }

    @Test
    void thePlanWaitsUntilTheAssessmentIsWritten() {
        NoteLayout layout = LayoutPlanner.sections(TOKENIZER, 6, Map.of(), Set.of(Section.ASSESSMENT, Section.PLAN),
                Map.of(Section.ASSESSMENT, 2, Section.PLAN, 2), 1);
        assertArrayEquals(ids("assessment: M M plan: M M"), layout.tokens());
        Scripted model = new Scripted().then("assessment: fever nausea plan: soft abdomen", 0f, 0.1f, 0.1f, 0f, 0.99f, 0.99f);
        DiffusionSampler.Canvas canvas = run(model, layout, frontier(4));
        // one a step: the plan's sure first word waits while the assessment holds masks
        assertArrayEquals(ids("assessment: fever M plan: M M"), canvas.trace().get(1));
        assertArrayEquals(ids("assessment: fever nausea plan: M M"), canvas.trace().get(2));
        assertArrayEquals(ids("assessment: fever nausea plan: soft M"), canvas.trace().get(3));
        assertEquals(4, canvas.passes());
    }

    @Test
    void whenTheScheduleAsksForMoreTheFrontierTakesTheSurestOthersAndAThresholdEverySureOne() {
        Scripted model = new Scripted().then("mild pain nausea fever denies soft", 0.1f, 0.1f, 0.1f, 0.3f, 0.2f, 0.1f);
        // 6 masks in 2 steps: three a step, the start of the canvas and the two surest of the others
        DiffusionSampler.Canvas canvas = run(model, NoteLayout.free(6, 6, 0), frontier(2));
        assertArrayEquals(ids("mild M M fever denies M"), canvas.trace().get(1));

        Scripted sure = new Scripted().then("mild pain nausea fever denies soft", 0.1f, 0.1f, 0.1f, 0.2f, 0.95f, 0.1f);
        DiffusionSampler.Canvas early = run(sure, NoteLayout.free(6, 6, 0), frontier(6).withThreshold(0.9f));
        // one a step, and with a threshold every position at or above it
        assertArrayEquals(ids("mild M M M denies M"), early.trace().get(1));
    }

    @Test
    void leftToRightCommitsTheNextWordAndTheSureChainAfterIt() {
        Scripted model = new Scripted().then("mild pain nausea fever denies soft", 0.1f, 0.95f, 0.95f, 0.2f, 0.99f, 0.1f);
        DiffusionSampler.Canvas canvas = run(model, NoteLayout.free(6, 6, 0),
                plain(6).withStrategy(SamplerOptions.Strategy.LEFT_TO_RIGHT).withThreshold(0.9f));
        // the sure 0.99 at position 4 waits: position 3 before it is unsure, so it was predicted blind to it
        assertArrayEquals(ids("mild pain nausea M M M"), canvas.trace().get(1));
        assertArrayEquals(ids("mild pain nausea fever denies M"), canvas.trace().get(2));
        assertEquals(3, canvas.passes());
    }

    @Test
    void aRepeatedTwoWordPhraseInASectionIsRemaskedAndRewritten() {
        NoteLayout layout = hpi(5, 8);
        Scripted model = new Scripted()
                .then("hpi: epigastric tenderness epigastric tenderness mild P P", 0f, 1f, 1f, 1f, 1f, 1f, 0f, 0f)
                .then("hpi: epigastric tenderness soft abdomen mild P P", 0f, 1f, 1f, 1f, 1f, 1f, 0f, 0f);
        SamplerOptions options = plain(4).withThreshold(0.9f).withRemaskRepeats(true);
        DiffusionSampler.Canvas canvas = run(model, layout, options);
        assertArrayEquals(ids("hpi: epigastric tenderness M M mild P P"), canvas.trace().get(1), "the second copy goes back to mask");
        assertArrayEquals(ids("hpi: epigastric tenderness soft abdomen mild P P"), canvas.ids());

        Scripted again = new Scripted()
                .then("hpi: epigastric tenderness epigastric tenderness mild P P", 0f, 1f, 1f, 1f, 1f, 1f, 0f, 0f)
                .then("hpi: epigastric tenderness soft abdomen mild P P", 0f, 1f, 1f, 1f, 1f, 1f, 0f, 0f);
        assertArrayEquals(ids("hpi: epigastric tenderness epigastric tenderness mild P P"),
                run(again, layout, options.withRemaskRepeats(false)).ids(), "without the rule the repeat stays");
    }

    @Test
    void aWordRepeatedInARowIsRemaskedAndRewritten() {
        Scripted model = new Scripted()
                .then("hpi: mild pain pain nausea P P P", 0f, 1f, 1f, 1f, 1f, 0f, 0f, 0f)
                .then("hpi: mild pain fever nausea P P P", 0f, 1f, 1f, 1f, 1f, 0f, 0f, 0f);
        DiffusionSampler.Canvas canvas = run(model, hpi(4, 8), plain(4).withThreshold(0.9f).withRemaskRepeats(true));
        assertArrayEquals(ids("hpi: mild pain M nausea P P P"), canvas.trace().get(1));
        assertArrayEquals(ids("hpi: mild pain fever nausea P P P"), canvas.ids());
    }

    @Test
    void repeatsAreLeftAloneOnTheLastStep() {
        Scripted model = new Scripted().then("hpi: mild pain pain nausea P P P", 0f, 1f, 1f, 1f, 1f, 0f, 0f, 0f);
        DiffusionSampler.Canvas canvas = run(model, hpi(4, 8), plain(1).withRemaskRepeats(true));
        assertArrayEquals(ids("hpi: mild pain pain nausea P P P"), canvas.ids(), "no mask may be left after the last step");
    }

    @Test
    void unsureTokensGoBackToMaskAndAreWrittenAgain() {
        Scripted model = new Scripted()
                .then("mild pain nausea fever denies soft", 0.2f, 0.05f, 0.25f, 0.05f, 0.05f, 0.05f)
                .then("mild pain nausea fever denies soft", 0.2f, 0.05f, 0.25f, 0.05f, 0.8f, 0.05f)
                .then("abdomen pain nausea fever denies soft", 0.9f, 0.05f, 0.25f, 0.05f, 0.8f, 0.05f);
        DiffusionSampler.Canvas canvas = run(model, NoteLayout.free(6, 6, 0), plain(3).withRemaskBelow(0.3f));
        assertArrayEquals(ids("mild M nausea M M M"), canvas.trace().get(1));
        // step 2 commits two (4, then 1); half as many earlier tokens below 0.3 go back: the least sure, position 0
        assertArrayEquals(ids("M pain nausea M denies M"), canvas.trace().get(2));
        assertArrayEquals(ids("abdomen pain nausea fever denies soft"), canvas.ids());
    }

    @Test
    void paddingOnlyEndsASpanAndIsDroppedWhenTheNoteIsAssembled() {
        NoteLayout layout = hpiWithSlack(6, 2, 10);
        Scripted model = new Scripted().then("hpi: mild pain P nausea fever denies P P P",
                0f, 0.5f, 0.4f, 0.9f, 0.3f, 0.2f, 0.1f, 0f, 0f, 0f);
        DiffusionSampler.Canvas canvas = run(model, layout, plain(6));
        // padding committed at the third span position: everything after it in the span is padding
        assertArrayEquals(ids("hpi: M M P P P P P P P"), canvas.trace().get(1));
        assertArrayEquals(ids("hpi: mild pain P P P P P P P"), canvas.ids());
        assertEquals(3, canvas.passes());

        GeneratedNote note = NoteGenerator.assemble(TOKENIZER,
                new InfillRequest(Map.of(), List.of(Section.HPI), Map.of()), layout, canvas);
        assertEquals("mild pain", note.sections().get(Section.HPI));
        assertFalse(note.text().contains(Tokenizer.PAD), note.text());
    }

    @Test
    void forbidBitsKeepHeadersOutOfContentAndPaddingToASuffixAfterTheMinimum() {
        int noPad = SamplingHeads.FORBID_PAD;
        int noHeaders = SamplingHeads.FORBID_HEADERS;
        Scripted model = new Scripted()
                .then("hpi: mild pain nausea fever denies soft P P P", 0f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0f, 0f, 0f);
        run(model, hpiWithSlack(6, 2, 10), plain(6));
        // fixed positions get no bits; the first two span positions (the minimum) may not pad; no headers in content
        assertArrayEquals(new int[] {0, noPad | noHeaders, noPad | noHeaders, noHeaders, noHeaders, noHeaders, noHeaders,
                0, 0, 0}, model.forbids.get(0));
        // once position 5 holds content, padding before it would not be a suffix
        assertArrayEquals(new int[] {0, noPad | noHeaders, noPad | noHeaders, noPad | noHeaders, noPad | noHeaders, 0,
                noHeaders, 0, 0, 0}, model.forbids.get(1));

        Scripted exact = new Scripted().then("hpi: mild pain nausea P", 0f, 0.1f, 0.1f, 0.1f, 0f);
        run(exact, hpi(3, 5), plain(3));
        assertArrayEquals(new int[] {0, noPad | noHeaders, noPad | noHeaders, noPad | noHeaders, 0}, exact.forbids.get(0),
                "a span of an exact length never pads");
    }

    @Test
    void aFreeNoteMayOnlyPadAfterItsPlanHeader() {
        int noPad = SamplingHeads.FORBID_PAD;
        Scripted model = new Scripted().then("hpi: mild plan: pain P P", 0.1f, 0.1f, 0.9f, 0.1f, 0.1f, 0.1f);
        run(model, NoteLayout.free(6, 6, 0), plain(6));
        // no header bits in a free layout; before PLAN is written nothing may pad
        assertArrayEquals(new int[] {noPad, noPad, noPad, noPad, noPad, noPad}, model.forbids.get(0));
        assertArrayEquals(new int[] {noPad, noPad, 0, 0, 0, 0}, model.forbids.get(1));
    }

    @Test
    void everyRowDrawsFromItsOwnSeedWhateverSharesItsBatch() {
        Lengths together = new Lengths();
        DiffusionSampler sampler = new DiffusionSampler(together, TOKENIZER, 40, true);
        sampler.run(List.of(hpi(6, 40), hpi(19, 40)), new long[] {7L, 9L}, plain(2), DiffusionSampler.StepListener.NONE);
        Lengths alone = new Lengths();
        new DiffusionSampler(alone, TOKENIZER, 40, true).run(List.of(hpi(19, 40)), new long[] {9L}, plain(2),
                DiffusionSampler.StepListener.NONE);
        for (int step = 0; step < 2; step++) {
            assertArrayEquals(Arrays.copyOf(alone.draws.get(step)[0], 20), Arrays.copyOf(together.draws.get(step)[1], 20),
                    "the row seeded 9 draws alike alone and beside another row");
            for (float u : together.draws.get(step)[0]) {
                assertTrue(u > 0f && u < 1f, "a draw in (0, 1): " + u);
            }
        }
        assertFalse(Arrays.equals(together.draws.get(0)[0], together.draws.get(0)[1]), "two seeds, two streams");
        assertFalse(Arrays.equals(together.draws.get(0)[1], together.draws.get(1)[1]), "each step draws anew");

        Lengths seeded = new Lengths();
        runAll(new DiffusionSampler(seeded, TOKENIZER, 40, true), List.of(hpi(6, 40), hpi(19, 40)),
                plain(2).withSeed(5L));
        Lengths second = new Lengths();
        new DiffusionSampler(second, TOKENIZER, 40, true).run(List.of(hpi(6, 40), hpi(19, 40)),
                new long[] {DiffusionSampler.rowSeed(5L, 0), DiffusionSampler.rowSeed(5L, 1)}, plain(2),
                DiffusionSampler.StepListener.NONE);
        assertArrayEquals(seeded.draws.get(0)[1], second.draws.get(0)[1], "a batch from one seed is rowSeed(seed, row)");
    }

    /** Answers every position with "mild" (sure), recording the canvas length and the draws of each call. */
    private static final class Lengths implements DiffusionSampler.Model {
        final List<Integer> given = new ArrayList<>();
        final List<float[][]> draws = new ArrayList<>();
        private final int mild = id("mild");

        @Override
        public DenoiseStep denoiseStep(int[][] tokens, float[] t, float temperature, float[][] uniform, int[][] forbid) {
            given.add(tokens[0].length);
            draws.add(uniform);
            assertEquals(tokens[0].length, forbid[0].length);
            assertEquals(tokens[0].length, uniform[0].length);
            int[][] ids = new int[tokens.length][tokens[0].length];
            float[][] confidence = new float[tokens.length][tokens[0].length];
            for (int b = 0; b < tokens.length; b++) {
                Arrays.fill(ids[b], mild);
                Arrays.fill(confidence[b], 0.9f);
            }
            return new DenoiseStep(ids, confidence);
        }

    }

    @Test
    void theModelIsGivenTheCanvasUpToTheLayoutsPaddingTailRoundedUp() {
        NoteLayout shortNote = hpi(6, 40);  // header and 6 masks: 7 positions, then fixed padding
        NoteLayout longer = hpi(19, 40);    // 20 positions
        SamplerOptions options = plain(2);

        Lengths model = new Lengths();
        DiffusionSampler.Canvas alone = runAll(new DiffusionSampler(model, TOKENIZER, 40, true), List.of(shortNote), options)
                .get(0);
        assertEquals(List.of(16, 16), model.given, "16 positions, a step each");
        assertEquals(40, alone.ids().length);
        assertArrayEquals(ids("hpi: mild mild mild mild mild mild"), Arrays.copyOf(alone.ids(), 7));
        assertTrue(Arrays.stream(alone.ids(), 7, 40).allMatch(id -> id == P), "the tail stays padding");

        Lengths batch = new Lengths();
        runAll(new DiffusionSampler(batch, TOKENIZER, 40, true), List.of(shortNote, longer), options);
        assertEquals(List.of(32, 32), batch.given, "the batch's longest layout, rounded up");

        Lengths finished = new Lengths();
        runAll(new DiffusionSampler(finished, TOKENIZER, 40, true), List.of(shortNote, longer),
                plain(20).withThreshold(0.5f));
        assertEquals(List.of(32), finished.given, "both rows finish in one step (all sure), so one pass");

        Lengths whole = new Lengths();
        runAll(new DiffusionSampler(whole, TOKENIZER, 40, false), List.of(shortNote), options);
        assertEquals(List.of(40, 40), whole.given, "a model that takes only its whole canvas gets it");
    }
}
