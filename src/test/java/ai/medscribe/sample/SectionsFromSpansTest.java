package ai.medscribe.sample;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A structured note's sections are its layout's spans, not a parse of its decoded text; on a
 * scaffold (and in an infill's written sections) both readings agree, so taking the spans changes
 * no note.
 */
class SectionsFromSpansTest {

    @Test
    void aScaffoldedNotesSpansGiveWhatParsingItsDecodedTextGives() {
        ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
        NoteGenerator generator = new NoteGenerator(bundle);
        for (long seed = 0; seed < 6; seed++) {
            for (boolean slack : new boolean[] {true, false}) {
                SamplerOptions options = SamplerOptions.defaults().withSeed(seed).withSectionSlack(slack);
                for (GeneratedNote note : generator.generate(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options)) {
                    assertSameAsParsed(bundle, note, "seed " + seed + ", slack " + slack);
                }
            }
        }
    }

    @Test
    void aScaffoldedNoteInASharedBatchReadsAsItsParsedText() {
        ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
        NoteGenerator generator = new NoteGenerator(bundle);
        var parts = List.of(new NoteGenerator.WholeNotes(3, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, 5L),
                new NoteGenerator.WholeNotes(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, 9L));
        for (List<GeneratedNote> notes : generator.shared(parts, SamplerOptions.defaults())) {
            for (GeneratedNote note : notes) {
                assertSameAsParsed(bundle, note, "shared batch");
            }
        }
    }

    @Test
    void theShippedBundlesScaffoldedNotesReadAsTheirParsedText() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(Path.of("..", "models", "diffusion"))) {
            NoteGenerator generator = new NoteGenerator(bundle);
            for (long seed : new long[] {1, 7, 42}) {
                SamplerOptions options = SamplerOptions.defaults().withSeed(seed).withSteps(6);
                for (GeneratedNote note : generator.generate(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options)) {
                    assertSameAsParsed(bundle, note, "shipped, seed " + seed);
                }
            }
        }
    }

    @Test
    void anInfilledSectionIsWhatParsingTheDecodedCanvasFindsUnderItsHeader() {
        ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
        NoteGenerator generator = new NoteGenerator(bundle);
        for (List<Section> write : List.of(List.of(Section.PLAN), List.of(Section.ROS, Section.PLAN))) {
            InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), write, Map.of());
            for (long seed = 0; seed < 4; seed++) {
                GeneratedNote note = generator.infill(request, SamplerOptions.defaults().withSeed(seed));
                Map<Section, String> parsed = parse(bundle, note).sectionMap();
                for (Section s : write) {
                    assertEquals(parsed.get(s), note.sections().get(s), s + ", seed " + seed);
                }
            }
        }
    }

    private static void assertSameAsParsed(ModelBundle bundle, GeneratedNote note, String what) {
        SoapNote parsed = parse(bundle, note);
        assertEquals(parsed.sectionMap(), note.sections(), what);
        assertEquals(parsed.text(), note.text(), what);
        assertEquals(parsed.order(), note.generated(), what);
        assertEquals(Section.SOAP, note.generated(), what);
    }

    private static SoapNote parse(ModelBundle bundle, GeneratedNote note) {
        return SectionParser.instance().parse(bundle.tokenizer().decode(note.ids()));
    }
}
