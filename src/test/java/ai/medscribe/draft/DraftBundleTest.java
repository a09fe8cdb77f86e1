package ai.medscribe.draft;

import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.SubwordTokenizer;
import ai.medscribe.text.Tokenizer;
import ai.medscribe.train.Trainer;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny drafting bundles trained a few epochs: the exported passes that read the transcript's cached
 * keys and values give the training graph's full-canvas logits (the prefix cache is exact), for the
 * diffusion pass and for the AR model's step by step decode; a transcript over the region is refused
 * naming the field and the limit.
 */
class DraftBundleTest {

    @TempDir
    static Path dir;
    static SubwordTokenizer tokenizer;
    static List<DialogPair> pairs = DraftPairs.pairs(48);

    @BeforeAll
    static void vocabulary() {
        tokenizer = DraftTraining.vocabulary(pairs, 600);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static TrainingOptions options() {
        return new TrainingOptions(3, 16, 3e-3, 1e-5, -1, 7L, true, false, 0.98, 0, false);
    }

    @Test
    void diffusionPassOverTheNoteGivesTheFullCanvasLogits() throws Exception {
        ModelConfig config = ModelConfig.draftPreset("tiny", ModelKind.DIFFUSION, tokenizer.vocabSize());
        Path out = dir.resolve("diffusion");
        var report = DraftTraining.run(config, options(), tokenizer, pairs, pairs.subList(0, 8), "test", null, out,
                TrainingListener.NONE);
        assertEquals(3, report.history().size());
        int[][] rows = DraftTraining.canvases(tokenizer, config, pairs.subList(0, 2), new int[2]);
        // mask some of the note, as a pass in the middle of sampling sees it
        for (int[] row : rows) {
            for (int j = config.sourceLength() + 3; j < row.length; j += 2) {
                row[j] = Tokenizer.MASK_ID;
            }
        }
        float[] t = {0.6f, 0.3f};
        float[][][] full;
        try (Trainer trainer = new Trainer(config, options().withResume(true), out.resolveSibling("diffusion-checkpoint"))) {
            trainer.train(new int[0][], new int[0][], TrainingListener.NONE);
            full = trainer.logits(rows, t);
        }
        try (DraftBundle bundle = DraftBundle.load(out)) {
            for (int r = 0; r < rows.length; r++) {
                int[] source = DraftCanvas.source(tokenizer, config, pairs.get(r).dialogue(), false);
                int[] note = Arrays.copyOfRange(rows[r], config.sourceLength(), config.maxLength());
                try (DraftBundle.SourceState state = bundle.encodeSource(new int[][] {source})) {
                    float[][] cached = bundle.noteLogits(state, new int[][] {note}, new float[] {t[r]})[0];
                    for (int j = 0; j < note.length; j++) {
                        assertClose(full[r][config.sourceLength() + j], cached[j], "row " + r + " note position " + j);
                    }
                }
            }
        }
    }

    @Test
    void arStepsReadingTheCachesGiveTheFullCanvasLogits() throws Exception {
        ModelConfig config = ModelConfig.draftPreset("tiny", ModelKind.AUTOREGRESSIVE, tokenizer.vocabSize());
        Path out = dir.resolve("autoregressive");
        DraftTraining.run(config, options(), tokenizer, pairs, pairs.subList(0, 8), "test", null, out, TrainingListener.NONE);
        int[][] rows = DraftTraining.canvases(tokenizer, config, pairs.subList(3, 4), new int[2]);
        float[][][] full;
        try (Trainer trainer = new Trainer(config, options().withResume(true), out.resolveSibling("autoregressive-checkpoint"))) {
            trainer.train(new int[0][], new int[0][], TrainingListener.NONE);
            full = trainer.logits(rows, null);
        }
        try (DraftBundle bundle = DraftBundle.load(out)) {
            int[] source = DraftCanvas.source(tokenizer, config, pairs.get(3).dialogue(), false);
            int[] note = Arrays.copyOfRange(rows[0], config.sourceLength(), config.maxLength());
            int content = DraftCanvas.contentLength(note, 1);
            try (DraftBundle.SourceState state = bundle.encodeSource(new int[][] {source})) {
                float[][] pass = bundle.noteLogits(state, new int[][] {note}, null)[0];
                TFloat32[] cache = bundle.emptyNoteCache(1);
                try {
                    for (int p = 0; p <= content; p++) {
                        float[] step = bundle.arStep(state, new int[] {note[p]}, new int[] {p}, cache)[0];
                        assertClose(full[0][config.sourceLength() + p], step, "step " + p);
                        assertClose(full[0][config.sourceLength() + p], pass[p], "note pass " + p);
                    }
                } finally {
                    cache[0].close();
                    cache[1].close();
                }
            }
            var draft = new Drafter(bundle).draft(pairs.get(3).dialogue(), MtsHeader.CC, Drafter.Options.defaults());
            assertTrue(draft.passes() >= 1 && draft.passes() <= config.noteLength());
        }
    }

    @Test
    void diffusionStartedFromTheArModelKeepsTheExactCacheWithItsShiftedOutput() throws Exception {
        ModelConfig ar = ModelConfig.draftPreset("tiny", ModelKind.AUTOREGRESSIVE, tokenizer.vocabSize());
        Path arOut = dir.resolve("warm-ar");
        DraftTraining.run(ar, options(), tokenizer, pairs, pairs.subList(0, 8), "test", null, arOut, TrainingListener.NONE);
        ModelConfig config = ModelConfig.draftPreset("tiny", ModelKind.DIFFUSION, tokenizer.vocabSize()).withShiftedOutput(true);
        Path out = dir.resolve("warm-diffusion");
        var warm = options().withEpochs(1).withInitFrom(arOut);
        DraftTraining.run(config, warm, tokenizer, pairs, pairs.subList(0, 8), "test", null, out, TrainingListener.NONE);
        try (DraftBundle diffusion = DraftBundle.load(out)) {
            assertTrue(diffusion.config().shiftedOutput());
            int[] source = DraftCanvas.source(tokenizer, config, pairs.get(2).dialogue(), false);
            int[] note = DraftCanvas.note(tokenizer, config, pairs.get(2).header(), pairs.get(2).section());
            float[][] full;
            float[][] cached;
            try (var state = diffusion.encodeSource(new int[][] {source})) {
                cached = diffusion.noteLogits(state, new int[][] {note}, new float[] {0.4f})[0];
            }
            try (Trainer trainer = new Trainer(config, warm.withResume(true), out.resolveSibling("warm-diffusion-checkpoint"))) {
                trainer.train(new int[0][], new int[0][], TrainingListener.NONE);
                full = trainer.logits(new int[][] {DraftCanvas.row(source, note, config)}, new float[] {0.4f})[0];
            }
            // the header's column takes the last column's prediction in both, but from different hidden states: never read
            for (int j = 1; j < note.length; j++) {
                assertClose(full[config.sourceLength() + j], cached[j], "shifted note position " + j);
            }
        }
    }

    @Test
    void drafterWritesASectionAndRefusesATranscriptOverItsRegion() throws Exception {
        ModelConfig config = ModelConfig.draftPreset("tiny", ModelKind.DIFFUSION, tokenizer.vocabSize());
        Path out = dir.resolve("drafter");
        DraftTraining.run(config, options(), tokenizer, pairs, pairs.subList(0, 8), "test", null, out, TrainingListener.NONE);
        assertTrue(Files.isRegularFile(out.resolve(SubwordTokenizer.FILE_NAME)));
        try (DraftBundle bundle = DraftBundle.load(out)) {
            Drafter drafter = new Drafter(bundle);
            var draft = drafter.draft(pairs.get(1).dialogue(), MtsHeader.GENHX, new Drafter.Options(8, 0.9));
            assertTrue(draft.passes() >= 1 && draft.passes() <= 8, "passes " + draft.passes());
            assertFalse(draft.text().contains("[MASK]"));
            String longTranscript = "Doctor: How are you?\nPatient: I have a cough. ".repeat(40);
            var refused = assertThrows(DraftCanvas.TooLong.class,
                    () -> drafter.draft(longTranscript, MtsHeader.GENHX, Drafter.Options.defaults()));
            assertEquals("transcript", refused.field());
            assertEquals(config.sourceLength(), refused.limit());
        }
    }

    static void assertClose(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int v = 0; v < expected.length; v++) {
            assertEquals(expected[v], actual[v], 1e-4, where + " word " + v);
        }
    }
}
