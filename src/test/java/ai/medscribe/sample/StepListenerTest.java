package ai.medscribe.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;

/** The sampler's per-step listener: told each canvas the trace records, once, in order, as it forms. */
class StepListenerTest {

    private final ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
    private final NoteGenerator generator = new NoteGenerator(bundle);

    private record Told(int row, int index, int[] ids) {
    }

    private static void assertToldTheTrace(List<Told> told, int row, List<int[]> trace) {
        List<Told> own = told.stream().filter(t -> t.row() == row).toList();
        assertEquals(trace.size(), own.size(), "one call per traced canvas of row " + row);
        for (int i = 0; i < trace.size(); i++) {
            assertEquals(i, own.get(i).index());
            assertArrayEquals(trace.get(i), own.get(i).ids(), "row " + row + " canvas " + i);
        }
    }

    @Test
    void generateTellsEveryTracedCanvasInOrder() {
        SamplerOptions options = SamplerOptions.defaults().withSteps(6).withSeed(3).withTrace(true);
        List<Told> told = new ArrayList<>();
        List<GeneratedNote> notes = generator.generate(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options,
                (row, index, ids) -> told.add(new Told(row, index, ids)));
        assertToldTheTrace(told, 0, notes.get(0).trace());
        assertToldTheTrace(told, 1, notes.get(1).trace());
        // the start and one canvas per pass: at most six (the last step is kept for rewriting repeats)
        assertEquals(notes.get(0).passes() + 1, notes.get(0).trace().size());
        assertTrue(notes.get(0).passes() <= 6);
        // the same note as without a listener
        GeneratedNote alone = generator.generate(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options).get(0);
        assertArrayEquals(alone.ids(), notes.get(0).ids());
    }

    @Test
    void infillTellsEveryTracedCanvasInOrder() {
        SamplerOptions options = SamplerOptions.defaults().withSteps(5).withSeed(8).withTrace(true);
        InfillRequest plan = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        List<Told> told = new ArrayList<>();
        GeneratedNote note = generator.infill(plan, options, (row, index, ids) -> told.add(new Told(row, index, ids)));
        assertToldTheTrace(told, 0, note.trace());
        assertTrue(told.size() >= 2);
        assertArrayEquals(generator.infill(plan, options).ids(), note.ids());
    }

    /** Live, not replayed: a listener that stops at the first step's canvas stops the sampler before step 2. */
    @Test
    void theListenerIsToldWhileSamplingNotAfter() {
        SamplerOptions options = SamplerOptions.defaults().withSteps(6).withSeed(3);
        List<Integer> indexes = new ArrayList<>();
        class Stop extends RuntimeException {
        }
        assertThrows(Stop.class, () -> generator.generate(1, generator.maxLength(), NoteGenerator.Mode.FREE, options,
                (row, index, ids) -> {
                    indexes.add(index);
                    if (index == 1) {
                        throw new Stop();
                    }
                }));
        assertEquals(List.of(0, 1), indexes);
    }

    @Test
    void sharedBatchesTellEachRowItsOwnTraceAndWithoutATrace() {
        InfillRequest plan = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        SamplerOptions options = SamplerOptions.defaults().withSteps(6);
        List<NoteGenerator.BatchPart> parts = List.of(new NoteGenerator.Completion(plan, 1),
                new NoteGenerator.WholeNotes(1, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, 2));
        List<Told> told = new ArrayList<>();
        List<List<GeneratedNote>> traced = generator.shared(parts, options.withTrace(true));
        List<List<GeneratedNote>> listened = generator.shared(parts, options,
                (row, index, ids) -> told.add(new Told(row, index, ids)));
        assertToldTheTrace(told, 0, traced.get(0).get(0).trace());
        assertToldTheTrace(told, 1, traced.get(1).get(0).trace());
        assertTrue(listened.get(0).get(0).trace().isEmpty(), "the listener does not turn the trace on");
        assertArrayEquals(traced.get(0).get(0).ids(), listened.get(0).get(0).ids());
    }
}
