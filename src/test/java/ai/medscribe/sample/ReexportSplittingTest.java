package ai.medscribe.sample;

import ai.medscribe.bundle.BundleExporter;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.bundle.SplittingCheck;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import ai.medscribe.text.Tokenizer.Splitting;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reexport --splitting}: a bundle's vocabulary records another splitting rule only when its corpus
 * encodes alike under both. The tiny bundle is PUNCTUATION (trained after the rule existed); re-exported as
 * WHITESPACE over its punctuation-free notes it stands for a bundle from before, as the shipped ones are.
 */
class ReexportSplittingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelBundle tiny = TinyBundles.get(ModelKind.DIFFUSION);

    @Test
    void aWhitespaceBundleOverAPunctuationFreeCorpusBecomesPunctuationWithTheSameLogits(@TempDir Path dir)
            throws Exception {
        Path corpus = corpus(dir.resolve("corpus"), TinyBundles.NOTES);
        Path whitespace = whitespaceCopy(dir, corpus);
        Path punctuation = dir.resolve("punctuation");
        BundleExporter.reexport(whitespace, punctuation, Splitting.PUNCTUATION, corpus);
        try (ModelBundle before = ModelBundle.load(whitespace); ModelBundle after = ModelBundle.load(punctuation)) {
            assertEquals(Splitting.WHITESPACE, before.tokenizer().splitting());
            assertFalse(Files.readString(whitespace.resolve(Tokenizer.FILE_NAME)).contains("splitting"),
                    "a WHITESPACE vocab.json is written as before the field existed");
            assertEquals(Splitting.PUNCTUATION, after.tokenizer().splitting());
            assertEquals(tiny.tokenizer().tokens(), after.tokenizer().tokens());
            assertEquals(before.metadata().config(), after.metadata().config());
            assertEquals(before.metadata().training(), after.metadata().training());
            assertEquals(before.metadata().sectionLengths(), after.metadata().sectionLengths());
            String note = TinyBundles.NOTES.get(3);
            float[] t = {0.5f};
            float[][][] original = tiny.logits(canvas(tiny, note), t);
            assertArrayEquals(original[0], before.logits(canvas(before, note), t)[0]);
            assertArrayEquals(original[0], after.logits(canvas(after, note), t)[0]);
        }
    }

    @Test
    void aCorpusWithPunctuationIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path whitespace = whitespaceCopy(dir, corpus(dir.resolve("clean"), TinyBundles.NOTES));
        List<String> notes = new ArrayList<>(TinyBundles.NOTES.subList(0, 30));
        notes.set(17, "HPI: patient reports chest pain, worse at night ROS: denies nausea");
        Path corpus = corpus(dir.resolve("corpus"), notes);
        Path out = dir.resolve("out");
        SplittingCheck.Refused refused = assertThrows(SplittingCheck.Refused.class,
                () -> BundleExporter.reexport(whitespace, out, Splitting.PUNCTUATION, corpus));
        // 30 notes: train.jsonl holds the first 10, line 8 is note 17 (0-based)
        assertEquals(List.of("val.jsonl note line-8"), refused.check().differing());
        assertEquals(30, refused.check().notes());
        assertTrue(refused.getMessage().startsWith("1 of 30 corpus notes encode to other ids under punctuation"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("val.jsonl note line-8"), refused.getMessage());
        assertFalse(refused.getMessage().contains("pain"), "never the note's text: " + refused.getMessage());
        assertFalse(Files.exists(out));
    }

    /** The tiny bundle re-exported as WHITESPACE: what a bundle from before the splitting field is. */
    private Path whitespaceCopy(Path dir, Path corpus) throws Exception {
        Path whitespace = dir.resolve("whitespace");
        BundleExporter.reexport(tiny.directory(), whitespace, Splitting.WHITESPACE, corpus);
        return whitespace;
    }

    private static int[][] canvas(ModelBundle bundle, String text) {
        int[][] tokens = new int[1][bundle.maxLength()];
        int[] ids = bundle.tokenizer().encode(text);
        System.arraycopy(ids, 0, tokens[0], 0, Math.min(ids.length, tokens[0].length));
        return tokens;
    }

    /** A corpus directory: the notes split into thirds as train, val and test, each line {"text": ...}. */
    private static Path corpus(Path dir, List<String> notes) throws Exception {
        Files.createDirectories(dir);
        int third = notes.size() / 3;
        List<String> files = List.of(CorpusFiles.TRAIN, CorpusFiles.VAL, CorpusFiles.TEST);
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (String note : notes.subList(f * third, f == 2 ? notes.size() : (f + 1) * third)) {
                lines.add(JSON.writeValueAsString(Map.of("text", note)));
            }
            Files.write(dir.resolve(files.get(f)), lines);
        }
        return dir;
    }
}
