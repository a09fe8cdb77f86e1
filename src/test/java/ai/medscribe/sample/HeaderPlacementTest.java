package ai.medscribe.sample;

import ai.medscribe.eval.StructureCheck;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderPlacementTest {

    private static final float NEVER = Float.NEGATIVE_INFINITY;

    /** Three headers over 10 positions, each probable at a position of its own. */
    private static float[][] peaks(int... at) {
        float[][] logProb = new float[at.length][10];
        for (int k = 0; k < at.length; k++) {
            Arrays.fill(logProb[k], (float) Math.log(0.01));
            logProb[k][at[k]] = (float) Math.log(0.9);
        }
        return logProb;
    }

    @Test
    void greedyTakesTheMostProbablePlacementThatKeepsTheOrder() {
        assertArrayEquals(new int[] {0, 3, 7}, HeaderPlacement.sample(peaks(0, 3, 7), 0, new int[] {1, 1, 1}, 10, 0, null));
        // header 2 is most probable before header 1: the order wins, the next best position is taken
        int[] crossed = HeaderPlacement.sample(peaks(0, 6, 3), 0, new int[] {1, 1, 1}, 10, 0, null);
        assertTrue(crossed[0] < crossed[1] && crossed[1] < crossed[2], Arrays.toString(crossed));
        assertTrue(crossed[1] == 6 || crossed[2] == 3, "one of the two keeps its peak: " + Arrays.toString(crossed));
    }

    @Test
    void everyDrawKeepsTheOrderTheFirstPositionAndRoomForContent() {
        Random random = new Random(3);
        float[][] flat = new float[5][30];
        int[] minContent = {2, 1, 3, 1, 2};
        for (int draw = 0; draw < 2000; draw++) {
            int[] at = HeaderPlacement.sample(flat, 0, minContent, 30, 1, random);
            assertEquals(0, at[0]);
            for (int k = 1; k < at.length; k++) {
                assertTrue(at[k] - at[k - 1] - 1 >= minContent[k - 1], Arrays.toString(at));
            }
            assertTrue(30 - at[4] - 1 >= minContent[4], Arrays.toString(at));
        }
    }

    @Test
    void drawsFollowTheModelsProbabilities() {
        // header 1 may sit at 2 (probability 0.25) or 3 (0.75); nowhere else is possible or probable
        float[][] logProb = new float[2][5];
        Arrays.fill(logProb[1], NEVER);
        logProb[1][2] = (float) Math.log(0.25);
        logProb[1][3] = (float) Math.log(0.75);
        Random random = new Random(11);
        int atThree = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            int[] at = HeaderPlacement.sample(logProb, 0, new int[] {1, 1}, 5, 1, random);
            atThree += at[1] == 3 ? 1 : 0;
        }
        assertEquals(0.75, atThree / (double) draws, 0.03);
    }

    @Test
    void aCanvasTooShortForEverySectionIsRefusedByName() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> HeaderPlacement.sample(new float[5][8], 0, new int[] {1, 1, 1, 1, 1}, 8, 1, new Random(1)));
        assertEquals("maxLength", e.field());
    }

    @Test
    void placedNotesHoldEverySectionInOrderWhereTheHeadersWerePlaced() {
        NoteGenerator generator = new NoteGenerator(TinyBundles.get(ModelKind.DIFFUSION));
        Tokenizer tokenizer = TinyBundles.get(ModelKind.DIFFUSION).tokenizer();
        for (GeneratedNote note : generator.generate(4, generator.maxLength(), NoteGenerator.Mode.PLACED,
                SamplerOptions.defaults().withSeed(5))) {
            assertTrue(StructureCheck.check(note.text()).allSectionsInOrder(), "every section once, in order");
            assertEquals(Section.SOAP.size(), note.sections().size());
            int previous = -1;
            for (Section s : Section.SOAP) {
                int at = indexOf(note.ids(), tokenizer.headerId(s));
                assertTrue(at > previous, s + " header at " + at + " after " + previous);
                previous = at;
                assertEquals(1, Arrays.stream(note.ids()).filter(id -> id == tokenizer.headerId(s)).count(), s + " once");
            }
        }
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
