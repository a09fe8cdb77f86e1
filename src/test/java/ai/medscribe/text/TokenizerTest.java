package ai.medscribe.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {

    @Test
    void keepsTheMostFrequentWordsAfterTheSpecialTokens() {
        Tokenizer tok = Tokenizer.build(List.of("b a b", "c B a b"), 5);
        assertEquals(List.of("[PAD]", "[MASK]", "[UNK]", "b", "a"), tok.tokens());
        assertArrayEquals(new int[] {3, 4, 2}, tok.encode("B a zebra"));
    }

    @Test
    void roundTripsThroughVocabJson(@TempDir Path dir) throws Exception {
        Tokenizer tok = Tokenizer.build(List.of("HPI: patient presents with cough PLAN: follow up"), 100);
        Path file = dir.resolve(Tokenizer.FILE_NAME);
        tok.save(file);
        Tokenizer loaded = Tokenizer.load(file);
        assertEquals(tok.tokens(), loaded.tokens());
        int[] ids = loaded.encode("hpi: patient presents with cough");
        assertEquals("hpi: patient presents with cough", loaded.decode(ids));
        assertEquals("[MASK] cough", loaded.decode(new int[] {Tokenizer.MASK_ID, tok.id("cough"), Tokenizer.PAD_ID}));
    }
}
