package ai.medscribe.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubwordTokenizerTest {

    static final List<String> SPECIAL = List.of("[GENHX]", "[ROS]", "[PLAN]");
    static final List<String> WHOLE = List.of("Doctor:", "Patient:");
    static final int VOCAB = 500;

    /** A small invented corpus (no real notes): short dialogues and note lines. */
    static List<String> corpus() {
        String[] complaints = {"headache", "chest pain", "back pain", "a cough", "shortness of breath", "nausea"};
        String[] durations = {"two days", "a week", "three weeks", "since yesterday", "about a month"};
        String[] meds = {"ibuprofen 400 mg", "acetaminophen 500 mg", "lisinopril 10 mg", "metformin 1,000 mg b.i.d."};
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String c = complaints[i % complaints.length];
            String d = durations[i % durations.length];
            String m = meds[i % meds.length];
            texts.add("Doctor: Hello, what brings you in today?\nPatient: I have had " + c + " for " + d + ".\n"
                    + "Doctor: Are you taking anything for it?\nPatient: Yes, " + m + ". It helps a little.\n"
                    + "Doctor: Any fever or chills?\nPatient: No, none.");
            texts.add("The patient is a " + (30 + i) + "-year-old with " + c + " for " + d
                    + ". BP " + (110 + i) + "/" + (70 + i % 15) + ", HR " + (60 + i) + " bpm. Continue " + m + ".");
        }
        return texts;
    }

    static SubwordTokenizer tok;

    @BeforeAll
    static void train() {
        tok = SubwordTokenizer.train(corpus(), VOCAB, SPECIAL, WHOLE);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    void assertRoundTrip(SubwordTokenizer t, String text) {
        int[] ids = t.encode(text);
        for (int id : ids) {
            assertNotEquals(Tokenizer.UNK_ID, id, "[UNK] in " + text);
            assertTrue(id >= 0 && id < t.vocabSize(), "id " + id);
        }
        assertEquals(SubwordTokenizer.normalize(text), t.decode(ids), "round trip of " + text);
    }

    @Test
    void trainingIsDeterministic() throws Exception {
        try (SubwordTokenizer again = SubwordTokenizer.train(corpus(), VOCAB, SPECIAL, WHOLE)) {
            assertEquals(tok.vocabSize(), again.vocabSize());
            for (int id = 0; id < tok.vocabSize(); id++) {
                assertEquals(tok.token(id), again.token(id), "token " + id);
            }
            String text = corpus().get(3);
            assertArrayEquals(tok.encode(text), again.encode(text));
        }
        // the corpus order does not matter to the counts, hence not to the vocabulary
        List<String> reversed = new ArrayList<>(corpus());
        java.util.Collections.reverse(reversed);
        try (SubwordTokenizer other = SubwordTokenizer.train(reversed, VOCAB, SPECIAL, WHOLE)) {
            for (int id = 0; id < tok.vocabSize(); id++) {
                assertEquals(tok.token(id), other.token(id), "token " + id);
            }
        }
    }

    @Test
    void vocabularyReachesTheRequestedSizeAndMergesShortenText() {
        assertEquals(VOCAB, tok.vocabSize());
        String text = "Doctor: Are you taking anything for it?";
        // the merges make the common words single tokens (with their leading space): far fewer ids than bytes
        assertEquals(8, tok.encode(text).length, Arrays.toString(tok.encode(text)));
        int[] ids = tok.encode("taking anything");
        assertEquals("\u0120anything", tok.token(ids[ids.length - 1]));
    }

    @Test
    void reservedIdsComeFirst() {
        assertEquals(Tokenizer.PAD, tok.token(Tokenizer.PAD_ID));
        assertEquals(Tokenizer.MASK, tok.token(Tokenizer.MASK_ID));
        assertEquals(Tokenizer.UNK, tok.token(Tokenizer.UNK_ID));
        assertEquals(0, tok.id("[PAD]"));
        assertEquals(1, tok.id("[MASK]"));
        assertEquals(2, tok.id("[UNK]"));
        assertEquals(3, tok.id("[GENHX]"));
        assertEquals(4, tok.id("[ROS]"));
        assertEquals(5, tok.id("[PLAN]"));
        assertEquals(6, tok.id("Doctor:"));
        assertEquals(7, tok.id("Patient:"));
        assertEquals(-1, tok.id("hello"));
        assertEquals(SPECIAL, tok.specialTokens());
        assertEquals(WHOLE, tok.wholeTokens());
        // then the 256 bytes: '!' is the first byte symbol, Ġ (the space byte) among them
        assertEquals("!", tok.token(8));
        List<String> bytes = new ArrayList<>();
        for (int id = 8; id < 8 + 256; id++) {
            bytes.add(tok.token(id));
        }
        assertTrue(bytes.contains("\u0120"));
        assertTrue(bytes.contains("\u010A"));
        assertEquals(256, bytes.stream().distinct().count());
    }

    @Test
    void wholeTokensAreOneIdAndKeepTheirSpaces() {
        assertArrayEquals(new int[] {tok.id("Doctor:")}, tok.encode("Doctor:"));
        assertArrayEquals(new int[] {tok.id("Patient:")}, tok.encode("Patient:"));
        int[] ids = tok.encode("Doctor: Hello\nPatient: Hi there.\nDoctor: Okay.");
        assertEquals(tok.id("Doctor:"), ids[0]);
        assertEquals(2, Arrays.stream(ids).filter(i -> i == tok.id("Doctor:")).count());
        assertEquals(1, Arrays.stream(ids).filter(i -> i == tok.id("Patient:")).count());
        assertEquals("Doctor: Hello\nPatient: Hi there.\nDoctor: Okay.", tok.decode(ids));
        assertRoundTrip(tok, "Doctor: Hello");
        assertRoundTrip(tok, "Doctor:Hello");
        assertRoundTrip(tok, "He said Doctor: hi");
    }

    @Test
    void specialTokensAreSkippedByDecode() {
        int genhx = tok.id("[GENHX]");
        int[] words = tok.encode("chest pain for two days");
        int[] ids = new int[words.length + 4];
        ids[0] = genhx;
        ids[1] = Tokenizer.MASK_ID;
        System.arraycopy(words, 0, ids, 2, words.length);
        ids[ids.length - 2] = tok.id("[PLAN]");
        ids[ids.length - 1] = Tokenizer.PAD_ID;
        assertEquals("chest pain for two days", tok.decode(ids));
        // a control token written in the text is that control id
        assertArrayEquals(new int[] {tok.id("[ROS]")}, tok.encode("[ROS]"));
        assertEquals("", tok.decode(new int[] {Tokenizer.PAD_ID, Tokenizer.MASK_ID, Tokenizer.UNK_ID}));
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {tok.vocabSize()}));
    }

    @Test
    void exactRoundTripOfNumbersUnitsAbbreviationsAndNonAscii() {
        for (String text : List.of(
                "BP 127/79, HR 88 bpm, temp 98.6°F, 1,000 mg b.i.d.",
                "Pt c/o SOB x3d; r/o PE vs. CHF (EF 35%). q.i.d. p.r.n. s/p CABG, h/o HTN & DM2.",
                "café, naïve, µg, 5–10 mg, 37 °C, ≥ 2, ± 0.5",
                "患者主诉头痛三天。 Il a mal à la tête; tiene dolor de cabeza.",
                "emoji 😀👍🏽 and ❤️ and a flag 🇫🇷",
                "quotes “like this” and ‘this’, apostrophes don't, it's, O'Brien's",
                "x\u200By zero-width and combining e\u0301 (NFC makes é)",
                "control \u0001 and del \u007F characters",
                "'s 're 'll '' ''' ... --- *** ###")) {
            assertRoundTrip(tok, text);
        }
        assertEquals("café", tok.decode(tok.encode("cafe\u0301")));
    }

    @Test
    void whitespaceRoundTripEqualsNormalize() {
        String messy = "  Doctor:\tHello  there,\u00A0\u00A0how are you?\r\n\r\n  Patient:   fine \t\n\n\t thanks  \r"
                + "ok\u2003\u2003done\n";
        String normal = SubwordTokenizer.normalize(messy);
        assertEquals("Doctor: Hello there, how are you?\nPatient: fine\nthanks\nok done", normal);
        assertRoundTrip(tok, messy);
        assertEquals(normal, tok.decode(tok.encode(messy)));
        assertRoundTrip(tok, "a\n\nb \n c\n");
        assertRoundTrip(tok, " leading and trailing ");
        assertRoundTrip(tok, "");
        assertEquals(0, tok.encode("   \n\t ").length);
    }

    @Test
    void normalizeFollowsTheDocumentedRules() {
        assertEquals("a b", SubwordTokenizer.normalize("a \t\u00A0 b"));
        assertEquals("a\nb", SubwordTokenizer.normalize("a \r\n  b"));
        assertEquals("a\nb", SubwordTokenizer.normalize("a\r\rb"));
        assertEquals("a\nb", SubwordTokenizer.normalize("a\n\n\nb"));
        assertEquals("Case Kept", SubwordTokenizer.normalize("  Case Kept \n"));
        assertEquals("\u00E9", SubwordTokenizer.normalize("e\u0301"));
        assertEquals("a\uFFFDb", SubwordTokenizer.normalize("a\uD800b"));
        assertEquals("\uD83D\uDE00", SubwordTokenizer.normalize("\uD83D\uDE00"));
    }

    @Test
    void longTextsAreNotTruncated() {
        String text = String.join(" ", java.util.Collections.nCopies(400, "headache 12 mg/kg;"));
        int[] ids = tok.encode(text);
        assertTrue(ids.length > 1000, "encoded to " + ids.length);
        assertEquals(text, tok.decode(ids));
    }

    @Test
    void saveAndLoadGiveIdenticalEncodings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(SubwordTokenizer.FILE_NAME);
        tok.save(file);
        try (SubwordTokenizer loaded = SubwordTokenizer.load(file)) {
            assertEquals(tok.vocabSize(), loaded.vocabSize());
            assertEquals(SPECIAL, loaded.specialTokens());
            assertEquals(WHOLE, loaded.wholeTokens());
            assertEquals(tok.id("Patient:"), loaded.id("Patient:"));
            for (String text : corpus().subList(0, 10)) {
                assertArrayEquals(tok.encode(text), loaded.encode(text));
                assertEquals(tok.decode(tok.encode(text)), loaded.decode(loaded.encode(text)));
            }
            String odd = "BP 127/79, temp 98.6°F 患者 😀";
            assertArrayEquals(tok.encode(odd), loaded.encode(odd));
        }
    }

    @Test
    void savedJsonHasTheStandardStructure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(SubwordTokenizer.FILE_NAME);
        tok.save(file);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("1.0", root.path("version").asText());
        assertTrue(root.get("truncation").isNull());
        assertTrue(root.get("padding").isNull());
        assertTrue(root.get("post_processor").isNull());
        assertEquals("ByteLevel", root.path("pre_tokenizer").path("type").asText());
        assertFalse(root.path("pre_tokenizer").path("add_prefix_space").asBoolean(true));
        assertEquals("ByteLevel", root.path("decoder").path("type").asText());
        JsonNode model = root.path("model");
        assertEquals("BPE", model.path("type").asText());
        assertTrue(model.get("unk_token").isNull());
        assertTrue(model.get("dropout").isNull());
        assertFalse(model.path("byte_fallback").asBoolean(true));
        assertEquals(VOCAB, model.path("vocab").size());
        JsonNode merges = model.path("merges");
        assertTrue(merges.isArray());
        assertTrue(merges.size() >= VOCAB - 8 - 256, "merges " + merges.size());
        String first = merges.get(0).asText();
        assertEquals(2, first.split(" ").length, first);
        assertTrue(model.path("vocab").has(first.replace(" ", "")));
        JsonNode added = root.path("added_tokens");
        assertEquals(8, added.size());
        for (int i = 0; i < added.size(); i++) {
            JsonNode t = added.get(i);
            assertEquals(i, t.path("id").asInt());
            assertEquals(tok.token(i), t.path("content").asText());
            for (String field : List.of("single_word", "lstrip", "rstrip", "normalized", "special")) {
                assertTrue(t.has(field), field);
            }
            assertEquals(i < 6, t.path("special").asBoolean(), t.toString());
            assertEquals(i, model.path("vocab").path(t.path("content").asText()).asInt(-1));
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> SubwordTokenizer.train(corpus(), 100, SPECIAL, WHOLE));
        assertThrows(IllegalArgumentException.class,
                () -> SubwordTokenizer.train(corpus(), VOCAB, List.of("[ROS]", "[ROS]"), WHOLE));
        assertThrows(IllegalArgumentException.class,
                () -> SubwordTokenizer.train(corpus(), VOCAB, SPECIAL, List.of(" Doctor:")));
        assertThrows(IllegalArgumentException.class,
                () -> SubwordTokenizer.train(corpus(), VOCAB, SPECIAL, List.of("Médecin:")));
    }
}
