package ai.medscribe.sample;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffusionSamplerTest {

    private final ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
    private final NoteGenerator generator = new NoteGenerator(bundle);

    @Test
    void scheduleCommitsEveryMaskedPositionExactlyOnce() {
        for (int masked = 0; masked <= 130; masked += 7) {
            for (int steps = 1; steps <= 40; steps += 3) {
                int[] counts = UnmaskSchedule.counts(masked, steps);
                assertEquals(masked, Arrays.stream(counts).sum(), masked + " over " + steps);
                assertTrue(Arrays.stream(counts).max().getAsInt() - Arrays.stream(counts).min().getAsInt() <= 1);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> UnmaskSchedule.counts(5, 0));
    }

    @Test
    void noMaskIsLeftForAnyStepCount() {
        int length = generator.maxLength();
        SamplerOptions options = SamplerOptions.defaults();
        for (int steps = 1; steps <= length; steps++) {
            for (NoteGenerator.Mode mode : NoteGenerator.Mode.values()) {
                GeneratedNote note = generator.generate(1, length, mode, options.withSteps(steps).withSeed(steps)).get(0);
                assertTrue(Arrays.stream(note.ids()).noneMatch(id -> id == Tokenizer.MASK_ID),
                        mode + " left a mask after " + steps + " steps");
            }
        }
    }

    @Test
    void sameSeedGivesTheSameNoteAndAnotherSeedAnother() {
        SamplerOptions options = SamplerOptions.defaults().withSeed(1234).withTemperature(1.0f);
        List<GeneratedNote> first = generator.generate(3, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options);
        List<GeneratedNote> again = generator.generate(3, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first.get(i).ids(), again.get(i).ids());
            assertEquals(first.get(i).text(), again.get(i).text());
        }
        List<GeneratedNote> other = generator.generate(3, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                options.withSeed(99));
        assertNotEquals(first.stream().map(GeneratedNote::text).toList(), other.stream().map(GeneratedNote::text).toList());
    }

    @Test
    void scaffoldPlacesEverySectionOnceInOrderWithHeadersOnlyAtHeaderPositions() {
        DiffusionSampler sampler = new DiffusionSampler(bundle);
        // exact lengths: padding only after the whole note
        List<GeneratedNote> exact = generator.generate(8, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                SamplerOptions.defaults().withSeed(5).withSectionSlack(false));
        for (GeneratedNote note : exact) {
            long headers = Arrays.stream(note.ids()).filter(sampler.headerIds()::contains).count();
            assertEquals(5, headers, note.text());
            assertEquals(Section.SOAP, note.note().order());
            assertPaddingIsASuffix(note.ids());
        }
        // with slack (the default) a section may end early: padding then only ends a section
        List<GeneratedNote> slack = generator.generate(8, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                SamplerOptions.defaults().withSeed(5));
        for (GeneratedNote note : slack) {
            assertEquals(5, Arrays.stream(note.ids()).filter(sampler.headerIds()::contains).count(), note.text());
            assertEquals(Section.SOAP, note.note().order());
            boolean padded = false;
            for (int id : note.ids()) {
                if (sampler.headerIds().contains(id)) {
                    padded = false;
                } else if (id == Tokenizer.PAD_ID) {
                    padded = true;
                } else {
                    assertFalse(padded, "content after padding inside a section: " + Arrays.toString(note.ids()));
                }
            }
            assertTrue(note.passes() >= 1 && note.passes() <= SamplerOptions.DEFAULT_STEPS);
        }
    }

    @Test
    void traceRecordsTheCanvasAfterEveryStep() {
        GeneratedNote note = generator.generate(1, generator.maxLength(), NoteGenerator.Mode.FREE,
                SamplerOptions.defaults().withSteps(6).withTrace(true).withRemaskRepeats(false).withRemaskBelow(0f)).get(0);
        assertEquals(7, note.trace().size());
        assertTrue(Arrays.stream(note.trace().get(0)).allMatch(id -> id == Tokenizer.MASK_ID));
        assertArrayEquals(note.ids(), note.trace().get(6));
        long maskedBefore = Long.MAX_VALUE;
        for (int[] canvas : note.trace()) {
            long masked = Arrays.stream(canvas).filter(id -> id == Tokenizer.MASK_ID).count();
            assertTrue(masked <= maskedBefore, "masks never grow without remasking");
            maskedBefore = masked;
        }
    }

    @Test
    void randomStrategyAndBlocksAlsoFillEveryPosition() {
        SamplerOptions options = SamplerOptions.defaults().withStrategy(SamplerOptions.Strategy.RANDOM).withSteps(9);
        GeneratedNote random = generator.generate(2, generator.maxLength(), NoteGenerator.Mode.FREE, options).get(1);
        assertTrue(Arrays.stream(random.ids()).noneMatch(id -> id == Tokenizer.MASK_ID));
        GeneratedNote blocks = generator.generate(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                SamplerOptions.defaults().withBlockLength(16).withSteps(8)).get(0);
        assertTrue(Arrays.stream(blocks.ids()).noneMatch(id -> id == Tokenizer.MASK_ID));
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(InvalidRequestException.class, () -> SamplerOptions.defaults().withSteps(0));
        assertThrows(InvalidRequestException.class, () -> SamplerOptions.defaults().withTemperature(Float.NaN));
        InvalidRequestException tooLong = assertThrows(InvalidRequestException.class,
                () -> generator.generate(1, generator.maxLength() + 1, NoteGenerator.Mode.FREE, SamplerOptions.defaults()));
        assertEquals("maxLength", tooLong.field());
        assertFalse(tooLong.getMessage().isBlank());
    }

    static void assertPaddingIsASuffix(int[] ids) {
        boolean padded = false;
        for (int id : ids) {
            if (id == Tokenizer.PAD_ID) {
                padded = true;
            } else {
                assertFalse(padded, "content after padding: " + Arrays.toString(ids));
            }
        }
    }

    static Map<Section, String> partial() {
        return Map.of(Section.HPI, "patient reports chest pain for two days",
                Section.ROS, "denies nausea positive for fatigue",
                Section.EXAM, "lungs clear to auscultation no acute distress",
                Section.ASSESSMENT, "suspected angina");
    }
}
