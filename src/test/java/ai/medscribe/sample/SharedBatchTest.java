package ai.medscribe.sample;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that share one sampler batch get the notes they get alone (row-seeded sampling). */
class SharedBatchTest {

    private final ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
    private final NoteGenerator generator = new NoteGenerator(bundle);
    private final SamplerOptions options = SamplerOptions.defaults().withSteps(12);

    private List<GeneratedNote> alone(NoteGenerator.BatchPart part) {
        return generator.shared(List.of(part), options).get(0);
    }

    @Test
    void aRequestInASharedBatchGetsTheNotesItGetsAlone() {
        InfillRequest plan = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        List<NoteGenerator.BatchPart> parts = List.of(
                new NoteGenerator.WholeNotes(1, 128, NoteGenerator.Mode.SCAFFOLD, 5),
                new NoteGenerator.WholeNotes(3, 128, NoteGenerator.Mode.SCAFFOLD, 9),
                new NoteGenerator.Completion(plan, 5),
                new NoteGenerator.WholeNotes(1, 128, NoteGenerator.Mode.FREE, 11),
                new NoteGenerator.WholeNotes(2, 128, NoteGenerator.Mode.SCAFFOLD, 5));
        List<List<GeneratedNote>> batched = generator.shared(parts, options.withSeed(123));
        assertEquals(parts.size(), batched.size());
        for (int p = 0; p < parts.size(); p++) {
            List<GeneratedNote> own = alone(parts.get(p));
            assertEquals(parts.get(p).rows(), batched.get(p).size());
            for (int i = 0; i < own.size(); i++) {
                assertArrayEquals(own.get(i).ids(), batched.get(p).get(i).ids(), "part " + p + " note " + i);
                assertEquals(own.get(i).passes(), batched.get(p).get(i).passes());
            }
        }
        // in the reversed order (every row at another position) the notes stay the same
        List<NoteGenerator.BatchPart> backwards = new java.util.ArrayList<>(parts);
        java.util.Collections.reverse(backwards);
        List<List<GeneratedNote>> reversed = generator.shared(backwards, options);
        for (int p = 0; p < parts.size(); p++) {
            assertEquals(texts(batched.get(p)), texts(reversed.get(parts.size() - 1 - p)));
        }
        // the first note of a request for 2 is the note of the same request for 1
        assertEquals(batched.get(0).get(0).text(), batched.get(4).get(0).text());
        // different seeds, different notes; different rows of one request, different notes
        assertNotEquals(batched.get(0).get(0).text(), batched.get(1).get(0).text());
        assertNotEquals(batched.get(1).get(0).text(), batched.get(1).get(1).text());
    }

    @Test
    void rowSeededNotesKeepTheSamplersRules() {
        InfillRequest plan = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        List<List<GeneratedNote>> out = generator.shared(List.of(
                new NoteGenerator.WholeNotes(4, 128, NoteGenerator.Mode.SCAFFOLD, 1),
                new NoteGenerator.Completion(plan, 2)), options);
        DiffusionSampler sampler = new DiffusionSampler(bundle);
        for (GeneratedNote note : out.get(0)) {
            assertTrue(java.util.Arrays.stream(note.ids()).noneMatch(id -> id == Tokenizer.MASK_ID), "no mask left");
            assertEquals(5, java.util.Arrays.stream(note.ids()).filter(sampler.headerIds()::contains).count(),
                    "headers only where the scaffold put them");
        }
        GeneratedNote infilled = out.get(1).get(0);
        for (Section s : List.of(Section.HPI, Section.ROS, Section.EXAM, Section.ASSESSMENT)) {
            assertEquals(DiffusionSamplerTest.partial().get(s), infilled.sections().get(s));
        }
        assertFalse(infilled.sections().get(Section.PLAN).isBlank());
    }

    private static List<String> texts(List<GeneratedNote> notes) {
        return notes.stream().map(GeneratedNote::text).toList();
    }
}
