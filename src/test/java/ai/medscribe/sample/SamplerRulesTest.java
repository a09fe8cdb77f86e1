package ai.medscribe.sample;

import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampler's commit and remask rules on hand-made rows, without a model. */
class SamplerRulesTest {

    private static final int M = Tokenizer.MASK_ID;

    /** One free span over the whole row: nothing fixed. */
    private static NoteLayout open(int length) {
        return NoteLayout.free(length, length, 0);
    }

    @Test
    void thresholdCommitsEveryPositionAboveItAndAtLeastTheSchedulesShare() {
        int[] row = {M, M, M, M, M, M, M, M, M, M};
        int[] sampled = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        float[] confidence = {0.95f, 0.97f, 0.2f, 0.99f, 0.1f, 0.3f, 0.91f, 0.92f, 0.5f, 0.4f};
        float[] committedWith = new float[10];
        SamplerOptions options = SamplerOptions.defaults().withStrategy(SamplerOptions.Strategy.CONFIDENCE)
                .withThreshold(0.9f);
        // 10 masks over 10 steps: the schedule asks for 1, the threshold takes all five above 0.9
        int committed = CommitStrategy.of(options).commit(new DenoisingRow(open(10), row, new Random(1), committedWith,
                new boolean[10]), sampled, confidence, 10);
        assertEquals(5, committed);
        assertArrayEquals(new int[] {10, 11, M, 13, M, M, 16, 17, M, M}, row);
        assertEquals(0.97f, committedWith[1]);
    }

    @Test
    void belowTheThresholdAStepStillCommitsTheSchedulesShare() {
        int[] row = {M, M, M, M, M, M};
        int[] sampled = {10, 11, 12, 13, 14, 15};
        float[] confidence = {0.2f, 0.6f, 0.1f, 0.5f, 0.3f, 0.4f};
        SamplerOptions options = SamplerOptions.defaults().withStrategy(SamplerOptions.Strategy.CONFIDENCE)
                .withThreshold(0.9f);
        // 6 masks, 3 steps left: two per step, the most confident non-neighbours first
        int committed = CommitStrategy.of(options).commit(new DenoisingRow(open(6), row, new Random(1)), sampled, confidence, 3);
        assertEquals(2, committed);
        assertArrayEquals(new int[] {M, 11, M, 13, M, M}, row);
        // and with one step left everything is committed
        int rest = CommitStrategy.of(options).commit(new DenoisingRow(open(6), row, new Random(1)), sampled, confidence, 1);
        assertEquals(4, rest);
        assertTrue(Arrays.stream(row).noneMatch(id -> id == M));
    }

    @Test
    void unsureTokensFromEarlierStepsGoBackToMaskOnceLeastConfidentFirst() {
        NoteLayout layout = open(6);
        int[] before = {10, 11, 12, M, M, M};
        int[] row = {10, 11, 12, 13, 14, M};
        float[] committedWith = {0.1f, 0.9f, 0.05f, 0.01f, 0.02f, 0f};
        float[] later = {0.1f, 0.9f, 0.05f, 0.95f, 0.96f, 0f};
        boolean[] revised = new boolean[6];
        // two committed this step: a budget of one; positions 3 and 4 were only just committed
        Remasking.unsure(layout, before, row, committedWith, revised, 0.3f, 2);
        assertArrayEquals(new int[] {10, 11, M, 13, 14, M}, row);
        assertTrue(revised[2]);
        row[2] = 12;
        Remasking.unsure(layout, row.clone(), row, later, revised, 0.3f, 2);
        assertArrayEquals(new int[] {M, 11, 12, 13, 14, M}, row, "position 2 is not revised twice");
    }

    @Test
    void remaskingRemovesARepeatedPhraseAndADoubledWord() {
        int header = 5;
        NoteLayout layout = open(10);
        // [hpi:] 20 21 30 20 21 40 40 pad pad: "20 21" twice, "40" doubled
        int[] row = {header, 20, 21, 30, 20, 21, 40, 40, Tokenizer.PAD_ID, Tokenizer.PAD_ID};
        Remasking.repeats(layout, row, 10, Set.of(header));
        assertArrayEquals(new int[] {header, 20, 21, 30, M, M, 40, M, Tokenizer.PAD_ID, Tokenizer.PAD_ID}, row);
        // the same phrase in another section is no repeat
        int[] twoSections = {header, 20, 21, 6, 20, 21, Tokenizer.PAD_ID, Tokenizer.PAD_ID, Tokenizer.PAD_ID,
                Tokenizer.PAD_ID};
        int[] copy = twoSections.clone();
        Remasking.repeats(layout, twoSections, 10, Set.of(header, 6));
        assertArrayEquals(copy, twoSections);
        // a repeated run of three goes back whole: a word of it left standing would call the phrase back
        int[] run = {header, 20, 21, 22, 30, 20, 21, 22, 31, Tokenizer.PAD_ID};
        Remasking.repeats(layout, run, 10, Set.of(header));
        assertArrayEquals(new int[] {header, 20, 21, 22, 30, M, M, M, 31, Tokenizer.PAD_ID}, run);
    }

    @Test
    void theBuilderStartsFromTheWholeNoteDefaultsAndRefusesNoStrategy() {
        SamplerOptions built = SamplerOptions.builder().build();
        assertEquals(SamplerOptions.defaults(), built);
        assertEquals(SamplerOptions.Strategy.FRONTIER, built.strategy());
        assertEquals(SamplerOptions.DEFAULT_THRESHOLD, built.threshold());
        assertEquals(SamplerOptions.DEFAULT_INFILL_THRESHOLD, SamplerOptions.infillDefaults().threshold());
        assertEquals(built.withSeed(5).withTrace(true), built.toBuilder().seed(5).trace(true).build());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> SamplerOptions.builder().strategy(null).build());
        assertTrue(e.getMessage().contains("strategy"), e.getMessage());
    }

    @Test
    void repairStepsAreKeptOnlyWithRepeatRemasking() {
        SamplerOptions options = SamplerOptions.defaults();
        assertEquals(SamplerOptions.MAX_REPAIR_STEPS, options.repairSteps());
        assertEquals(1, options.withSteps(10).repairSteps());
        assertEquals(0, options.withSteps(5).repairSteps());
        assertEquals(SamplerOptions.MAX_REPAIR_STEPS, options.withSteps(128).repairSteps());
        assertEquals(0, options.withRemaskRepeats(false).repairSteps());
    }

    @Test
    void slackSpansMayEndInPaddingAfterTheirMinimum() {
        Tokenizer tokenizer = Tokenizer.build(java.util.List.of("hpi: a b ros: c d"), 100);
        NoteLayout layout = LayoutPlanner.sections(tokenizer, 20, java.util.Map.of(), Set.of(Section.HPI, Section.ROS),
                java.util.Map.of(Section.HPI, 6, Section.ROS, 6), 1, java.util.Map.of(Section.HPI, 2, Section.ROS, 2));
        assertTrue(layout.spanOpen()[0] && layout.spanOpen()[1]);
        assertArrayEquals(new int[] {2, 2}, layout.spanMinimum());
        NoteLayout exact = LayoutPlanner.sections(tokenizer, 20, java.util.Map.of(), Set.of(Section.HPI, Section.ROS),
                java.util.Map.of(Section.HPI, 6, Section.ROS, 6), 1);
        assertTrue(!exact.spanOpen()[0] && !exact.spanOpen()[1], "requested lengths without slack are exact");
    }
}
