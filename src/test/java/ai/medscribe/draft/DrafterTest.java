package ai.medscribe.draft;

import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class DrafterTest {

    private static final int PAD = Tokenizer.PAD_ID;
    private static final int MASK = Tokenizer.MASK_ID;

    @Test
    void aDecidedEndDropsThePaddingAfterTheFirst() {
        int[] note = {40, 7, MASK, 9, PAD, PAD, PAD, PAD};
        assertArrayEquals(new int[] {40, 7, MASK, 9, PAD}, Drafter.trimmed(note));
    }

    @Test
    void aCanvasWithoutADecidedEndOrWithOnePaddingStaysAsItIs() {
        int[] open = {40, 7, MASK, MASK};
        int[] ended = {40, 7, 8, PAD};
        assertSame(open, Drafter.trimmed(open));
        assertSame(ended, Drafter.trimmed(ended));
    }

    @Test
    void paddingInsideTheNoteIsNotTheEnd() {
        int[] note = {40, PAD, MASK, PAD, PAD};
        assertArrayEquals(new int[] {40, PAD, MASK, PAD}, Drafter.trimmed(note));
    }
}
