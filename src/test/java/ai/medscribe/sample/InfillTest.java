package ai.medscribe.sample;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfillTest {

    private final ModelBundle bundle = TinyBundles.get(ModelKind.DIFFUSION);
    private final Tokenizer tokenizer = bundle.tokenizer();
    private final NoteGenerator generator = new NoteGenerator(bundle);

    @Test
    void infillKeepsGivenSectionsVerbatimAtTheirExactPositions() {
        InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        GeneratedNote note = generator.infill(request, SamplerOptions.defaults().withSeed(3));
        List<Integer> expected = new ArrayList<>();
        for (Section s : List.of(Section.HPI, Section.ROS, Section.EXAM, Section.ASSESSMENT)) {
            assertEquals(DiffusionSamplerTest.partial().get(s), note.sections().get(s));
            expected.add(tokenizer.id(s.headerToken()));
            for (int id : tokenizer.encode(DiffusionSamplerTest.partial().get(s))) {
                expected.add(id);
            }
        }
        expected.add(tokenizer.id(Section.PLAN.headerToken()));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), note.ids()[i], "position " + i);
        }
        assertEquals(List.of(Section.PLAN), note.generated());
        assertFalse(note.sections().get(Section.PLAN).isBlank(), "PLAN was written");
    }

    @Test
    void lastSectionMayEndInPaddingButHoldsNoHeader() {
        InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        List<InfillRequest> batch = List.of(request, request, request, request);
        DiffusionSampler sampler = new DiffusionSampler(bundle);
        for (GeneratedNote note : generator.infill(batch, SamplerOptions.defaults().withSeed(8))) {
            DiffusionSamplerTest.assertPaddingIsASuffix(note.ids());
            long headers = java.util.Arrays.stream(note.ids()).filter(sampler.headerIds()::contains).count();
            assertEquals(5, headers);
            assertTrue(note.ids()[note.ids().length - 1] == Tokenizer.PAD_ID, "a short PLAN ends in padding");
        }
    }

    @Test
    void anOpenLastSectionIsNeverShorterThanTheShortestInTraining() {
        int shortest = bundle.metadata().sectionLengths().get(Section.PLAN.name()).min() - 1;
        assertTrue(shortest >= 1);
        InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        List<InfillRequest> batch = java.util.Collections.nCopies(6, request);
        for (GeneratedNote note : generator.infill(batch, SamplerOptions.defaults().withSeed(12).withTemperature(1.5f))) {
            int words = Tokenizer.words(note.sections().get(Section.PLAN)).size();
            assertTrue(words >= shortest, words + " PLAN words, fewer than " + shortest);
        }
    }

    @Test
    void withoutRoomForSlackTheLastSectionTakesWhatIsLeft() {
        Map<Section, String> given = new EnumMap<>(DiffusionSamplerTest.partial());
        // a long HPI leaves the PLAN fewer positions than its mean plus the slack
        int room = generator.maxLength() - 5 - given.values().stream().mapToInt(t -> Tokenizer.words(t).size()).sum();
        int planMean = (int) Math.round(bundle.metadata().sectionLengths().get(Section.PLAN.name()).mean() - 1);
        int extra = room - planMean - 1;
        assertTrue(extra > 0, "the partial note leaves room " + room);
        given.put(Section.HPI, given.get(Section.HPI) + " pain".repeat(extra));
        GeneratedNote note = generator.infill(new InfillRequest(given, List.of(Section.PLAN), Map.of()),
                SamplerOptions.defaults().withSeed(2));
        assertEquals(given.get(Section.HPI), note.sections().get(Section.HPI));
        assertFalse(note.sections().get(Section.PLAN).isBlank(), "PLAN was written in the room left");
    }

    @Test
    void requestedLengthsAreHonoured() {
        Map<Section, String> given = new EnumMap<>(DiffusionSamplerTest.partial());
        given.remove(Section.ROS);
        InfillRequest request = new InfillRequest(given, List.of(Section.ROS, Section.PLAN),
                Map.of(Section.ROS, 7, Section.PLAN, 5));
        GeneratedNote note = generator.infill(request, SamplerOptions.defaults().withSeed(4));
        assertEquals(7, Tokenizer.words(note.sections().get(Section.ROS)).size());
        assertEquals(5, Tokenizer.words(note.sections().get(Section.PLAN)).size());
        assertEquals(given.get(Section.EXAM), note.sections().get(Section.EXAM));
    }

    @Test
    void regeneratesAnEditedNotesPlanFromTheEditedAssessment() {
        Map<Section, String> edited = new EnumMap<>(DiffusionSamplerTest.partial());
        edited.put(Section.ASSESSMENT, "asthma exacerbation");
        edited.put(Section.PLAN, "start ibuprofen as needed");
        InfillRequest request = new InfillRequest(edited, List.of(Section.PLAN), Map.of());
        GeneratedNote note = generator.infill(request, SamplerOptions.defaults().withSeed(4));
        assertEquals("asthma exacerbation", note.sections().get(Section.ASSESSMENT));
        assertEquals(List.of(Section.PLAN), note.generated());
        assertTrue(note.text().startsWith("HPI: patient reports chest pain"));
    }

    @Test
    void readsPartialNoteTextAndGeneratesItsMissingSections() {
        InfillRequest request = InfillRequest.fromText("HPI: patient presents with cough and fever ROS: "
                + "EXAM: mild wheezing noted", List.of(), Map.of());
        assertEquals(List.of(Section.ROS, Section.ASSESSMENT, Section.PLAN), request.generate());
        GeneratedNote note = generator.infill(request, SamplerOptions.defaults());
        assertEquals(Section.SOAP, note.note().order());
        assertEquals("mild wheezing noted", note.sections().get(Section.EXAM));
    }

    @Test
    void refusesNotesLongerThanTheModel() {
        Map<Section, String> huge = Map.of(Section.HPI, "pain ".repeat(200));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> generator.infill(new InfillRequest(huge, List.of(Section.PLAN), Map.of()), SamplerOptions.defaults()));
        assertTrue(e.field().startsWith("sections"), e.field());
        assertThrows(InvalidRequestException.class,
                () -> new InfillRequest(Map.of(), List.of(), Map.of()));
        assertThrows(InvalidRequestException.class, () -> generator.infill(new InfillRequest(
                DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of(Section.PLAN, 500)), SamplerOptions.defaults()));
    }

    @Test
    void sameSeedSameInfill() {
        InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.PLAN), Map.of());
        SamplerOptions options = SamplerOptions.defaults().withSeed(77).withTemperature(1.2f);
        assertArrayEquals(generator.infill(request, options).ids(), generator.infill(request, options).ids());
    }
}
