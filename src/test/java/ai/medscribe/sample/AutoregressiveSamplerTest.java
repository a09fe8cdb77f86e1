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
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoregressiveSamplerTest {

    private final ModelBundle bundle = TinyBundles.get(ModelKind.AUTOREGRESSIVE);
    private final AutoregressiveSampler sampler = new AutoregressiveSampler(bundle);

    @Test
    void writesLeftToRightFromTheHpiHeaderAndStopsAtPadding() {
        List<GeneratedNote> notes = sampler.generate(3, bundle.maxLength(), 0.8f, 21L);
        for (GeneratedNote note : notes) {
            assertEquals(bundle.tokenizer().id("hpi:"), note.ids()[0]);
            assertTrue(note.text().startsWith("HPI:"), note.text());
            DiffusionSamplerTest.assertPaddingIsASuffix(note.ids());
            assertTrue(Arrays.stream(note.ids()).noneMatch(id -> id == Tokenizer.MASK_ID));
        }
        assertTrue(notes.stream().anyMatch(n -> n.ids()[n.ids().length - 1] == Tokenizer.PAD_ID),
                "a trained baseline ends short notes in padding");
    }

    @Test
    void sameSeedSameNote() {
        assertArrayEquals(sampler.generate(2, bundle.maxLength(), 1f, 5L).get(1).ids(),
                sampler.generate(2, bundle.maxLength(), 1f, 5L).get(1).ids());
    }

    @Test
    void infillWritesTheRequestedSectionFromThePrefixOnly() {
        InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        GeneratedNote note = sampler.infill(List.of(request), 0.8f, 3L).get(0);
        for (Section s : List.of(Section.HPI, Section.ROS, Section.EXAM, Section.ASSESSMENT)) {
            assertEquals(DiffusionSamplerTest.partial().get(s), note.sections().get(s));
        }
        String plan = note.sections().get(Section.PLAN);
        assertFalse(plan.contains("plan:") || plan.contains("hpi:"), "the section holds no header: " + plan);
        assertEquals(Section.SOAP, note.note().order());
    }
}
