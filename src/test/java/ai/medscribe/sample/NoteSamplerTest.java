package ai.medscribe.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.note.Section;

/** The shipped bundles' samplers behind the one interface write the notes their own APIs write. */
class NoteSamplerTest {

    private static final Path MODELS = Path.of("..", "models");
    private static final SamplerOptions OPTIONS = SamplerOptions.defaults().withSeed(11L).withSteps(4);
    private static final List<InfillRequest> REQUESTS = List.of(new InfillRequest(
            Map.of(Section.HPI, "cough for three days", Section.ASSESSMENT, "acute bronchitis"),
            List.of(Section.PLAN), Map.of()));

    @Test
    void theBaselineBehindTheInterfaceSamplesAtTheOptionsTemperatureAndSeed() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(MODELS.resolve("autoregressive"))) {
            NoteSampler sampler = NoteSampler.of(bundle);
            AutoregressiveSampler direct = new AutoregressiveSampler(bundle);
            assertInstanceOf(AutoregressiveSampler.class, sampler);
            same(direct.generate(2, 40, OPTIONS.temperature(), 11L),
                    sampler.generate(2, 40, NoteGenerator.Mode.SCAFFOLD, OPTIONS));
            same(direct.infill(REQUESTS, OPTIONS.temperature(), 11L), sampler.infill(REQUESTS, OPTIONS));
        }
    }

    @Test
    void theDiffusionSamplerBehindTheInterfaceIsTheNoteGenerator() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(MODELS.resolve("diffusion"))) {
            NoteSampler sampler = NoteSampler.of(bundle);
            NoteGenerator direct = new NoteGenerator(bundle);
            assertInstanceOf(NoteGenerator.class, sampler);
            same(direct.generate(2, direct.maxLength(), NoteGenerator.Mode.SCAFFOLD, OPTIONS),
                    sampler.generate(2, sampler.maxLength(), NoteGenerator.Mode.SCAFFOLD, OPTIONS));
            same(List.of(direct.infill(REQUESTS.get(0), OPTIONS)), sampler.infill(REQUESTS, OPTIONS));
        }
    }

    private static void same(List<GeneratedNote> expected, List<GeneratedNote> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).text(), actual.get(i).text());
            assertEquals(expected.get(i).sections(), actual.get(i).sections());
            assertArrayEquals(expected.get(i).ids(), actual.get(i).ids());
            assertEquals(expected.get(i).passes(), actual.get(i).passes());
        }
    }
}
