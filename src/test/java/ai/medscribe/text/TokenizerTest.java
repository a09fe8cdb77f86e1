package ai.medscribe.text;

import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void punctuationSplitsOffButNumbersAndUnitsStayWhole() {
        String text = "Pain, worse at night (3 days). BP 127/79, SpO2 96%.";
        assertEquals(List.of("pain", ",", "worse", "at", "night", "(", "3", "days", ")", ".", "bp", "127/79", ",",
                "spo2", "96%", "."), Tokenizer.Splitting.PUNCTUATION.split(text));
        Tokenizer tok = Tokenizer.build(List.of(text), 100);
        assertEquals(Tokenizer.Splitting.PUNCTUATION, tok.splitting());
        assertFalse(tok.tokens().contains("pain,"));
        assertEquals("pain, worse at night (3 days). bp 127/79, spo2 96%.", tok.decode(tok.encode(text)));
    }

    @Test
    void punctuationKeepsAbbreviationsDecimalsAndThousandsWhole() {
        assertEquals(List.of("temp", "100.7", ",", "x-ray", "b.i.d", ".", "1,000", "mg", ";", "patient's", "2.5mg", "2+",
                "at", "10:30", ":", "ok"),
                Tokenizer.Splitting.PUNCTUATION.split("Temp 100.7, x-ray b.i.d. 1,000 mg; patient's 2.5mg 2+ at 10:30: ok"));
        assertEquals(List.of("\"", "cough", "\"", "--", "pain", ",", "worse"),
                Tokenizer.Splitting.PUNCTUATION.split("\"cough\" -- pain,worse"));
    }

    @Test
    void headerTokensStayWhole() {
        String note = "HPI: cough. ROS: fever. EXAM: clear. ASSESSMENT: bronchitis. PLAN: rest.";
        List<String> tokens = Tokenizer.Splitting.PUNCTUATION.split(note);
        for (Section s : Section.SOAP) {
            assertTrue(tokens.contains(s.headerToken()), s.headerToken());
        }
        Tokenizer tok = Tokenizer.build(List.of(note), 100);
        assertEquals(Section.SOAP.size(), tok.headerIds().size());
        assertEquals("hpi: cough. ros: fever. exam: clear. assessment: bronchitis. plan: rest.", tok.decode(tok.encode(note)));
    }

    @Test
    void aColonNeverGluesAWordIntoASectionHeader() {
        Tokenizer tok = Tokenizer.build(List.of("care plan : rest, time: 10"), 100);
        int[] ids = {tok.id("care"), tok.id("plan"), tok.id(":"), tok.id("rest"), tok.id("time"), tok.id(":")};
        // "plan:" would parse as the PLAN header; "time:" is no header, so its colon attaches
        assertEquals("care plan : rest time:", tok.decode(ids));
    }

    @Test
    void sectionLabelsAlignWithTheVocabularysTokens() {
        String note = "HPI: pain, worse (3 days). PLAN: ibuprofen 400 mg, rest.";
        Tokenizer tok = Tokenizer.build(List.of(note), 100);
        List<Section> labels = SectionParser.instance().tokenSections(note, w -> tok.split(w).size());
        assertEquals(tok.encode(note).length, labels.size());
        assertEquals(List.of(Section.HPI, Section.HPI, Section.HPI), labels.subList(0, 3));
        assertEquals(Section.PLAN, labels.get(labels.size() - 1));
        assertEquals(Section.HPI, labels.get(tok.split(note).indexOf("plan:") - 1));
        assertEquals(Section.PLAN, labels.get(tok.split(note).indexOf("plan:")));
    }

    @Test
    void legacyVocabWithoutSplittingIsWhitespace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(Tokenizer.FILE_NAME);
        Files.writeString(file, "{\"pad_id\": 0, \"mask_id\": 1, \"unk_id\": 2, "
                + "\"tokens\": [\"[PAD]\", \"[MASK]\", \"[UNK]\", \"pain,\", \"pain\", \"(3\"]}");
        Tokenizer legacy = Tokenizer.load(file);
        assertEquals(Tokenizer.Splitting.WHITESPACE, legacy.splitting());
        assertArrayEquals(new int[] {3, 4, 5}, legacy.encode("Pain, pain (3"));
        assertEquals("pain, pain (3", legacy.decode(new int[] {3, 4, 5}));
        // A WHITESPACE vocabulary saves without the field, byte for byte as before it existed.
        Path again = dir.resolve("again.json");
        legacy.save(again);
        assertFalse(Files.readString(again).contains("splitting"));
        assertEquals(Tokenizer.Splitting.WHITESPACE, Tokenizer.load(again).splitting());
    }

    @Test
    void saveAndLoadKeepTheSplitting(@TempDir Path dir) throws Exception {
        Tokenizer tok = Tokenizer.build(List.of("Pain, worse (3 days)."), 100);
        Path file = dir.resolve(Tokenizer.FILE_NAME);
        tok.save(file);
        assertTrue(Files.readString(file).contains("\"splitting\" : \"punctuation\""));
        Tokenizer loaded = Tokenizer.load(file);
        assertEquals(Tokenizer.Splitting.PUNCTUATION, loaded.splitting());
        assertEquals(tok.tokens(), loaded.tokens());
        assertArrayEquals(tok.encode("pain, worse"), loaded.encode("pain, worse"));
        Tokenizer whitespace = Tokenizer.build(List.of("Pain, worse (3 days)."), 100, Tokenizer.Splitting.WHITESPACE);
        assertNotEquals(whitespace.tokens(), tok.tokens());
    }

    /**
     * The synthetic corpus has no punctuation but inside numbers ({@code 98.1}, {@code 127/79},
     * {@code 96%}) and in the headers, so a PUNCTUATION vocabulary built from it is the WHITESPACE one:
     * same tokens, same ids, hence the same training data and the same model when retrained on it.
     */
    @Test
    void syntheticCorpusEncodesTheSameUnderBothSplittings() {
        List<String> texts = SyntheticCorpus.of(SyntheticCorpus.Style.COHERENT).generate(500, 42).stream()
                .map(ClinicalNote::text).toList();
        Tokenizer punctuation = Tokenizer.build(texts, 2000, Tokenizer.Splitting.PUNCTUATION);
        Tokenizer whitespace = Tokenizer.build(texts, 2000, Tokenizer.Splitting.WHITESPACE);
        assertEquals(whitespace.tokens(), punctuation.tokens());
        for (String text : texts) {
            assertArrayEquals(whitespace.encode(text), punctuation.encode(text), text);
            assertEquals(whitespace.decode(whitespace.encode(text)), punctuation.decode(punctuation.encode(text)));
        }
    }

    @Test
    void withSplittingKeepsTheIdsAndTellsWhichTextsEncodeAlike(@TempDir Path dir) throws Exception {
        Tokenizer whitespace = Tokenizer.build(List.of("HPI: chest pain worse at night"), 100, Tokenizer.Splitting.WHITESPACE);
        Tokenizer punctuation = whitespace.withSplitting(Tokenizer.Splitting.PUNCTUATION);
        assertEquals(whitespace.tokens(), punctuation.tokens());
        assertEquals(Tokenizer.Splitting.PUNCTUATION, punctuation.splitting());
        assertTrue(whitespace.encodesAlike(punctuation, "HPI: chest pain worse at night"));
        assertFalse(whitespace.encodesAlike(punctuation, "HPI: chest pain, worse at night"));
        Path file = dir.resolve(Tokenizer.FILE_NAME);
        punctuation.save(file);
        assertEquals(Tokenizer.Splitting.PUNCTUATION, Tokenizer.load(file).splitting());
    }
}
