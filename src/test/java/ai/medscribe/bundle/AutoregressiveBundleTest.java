package ai.medscribe.bundle;

import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import ai.medscribe.train.BundleTraining;
import ai.medscribe.train.TinyNotes;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AutoregressiveBundleTest {

    @Test
    void trainedBaselineWritesABundleWhoseNextTokenContinuesANote(@TempDir Path dir) throws Exception {
        List<String> notes = TinyNotes.generate(240, 9);
        var options = new TrainingOptions(8, 32, 3e-3, 1e-4, 10, 3L, true, false);
        var report = BundleTraining.run(ModelKind.AUTOREGRESSIVE, "tiny", options, notes.subList(0, 200),
                notes.subList(200, 220), notes.subList(220, 240), dir.resolve("autoregressive"), TrainingListener.NONE);
        assertTrue(Files.exists(dir.resolve("autoregressive-checkpoint/checkpoint/state.json")));
        assertNotNull(report.metadata().training().testPerplexity());
        System.out.println("tiny AR test perplexity " + report.metadata().training().testPerplexity());
        try (ModelBundle bundle = ModelBundle.load(report.bundle())) {
            Tokenizer tok = bundle.tokenizer();
            int[][] tokens = new int[2][128];
            int[] prefix = tok.encode("HPI: patient reports chest pain for two");
            System.arraycopy(prefix, 0, tokens[0], 0, prefix.length);
            System.arraycopy(prefix, 0, tokens[1], 0, 3);
            NextToken greedy = bundle.nextToken(tokens, new int[] {prefix.length - 1, 2}, 0f, 1L);
            assertEquals("days", tok.token(greedy.ids()[0]));
            NextToken again = bundle.nextToken(tokens, new int[] {prefix.length - 1, 2}, 1f, 42L);
            assertArrayEquals(again.ids(), bundle.nextToken(tokens, new int[] {prefix.length - 1, 2}, 1f, 42L).ids());
            assertTrue(Arrays.stream(again.ids()).noneMatch(id -> id == Tokenizer.MASK_ID));
            assertThrows(UnsupportedOperationException.class,
                    () -> bundle.denoiseStep(tokens, new float[2], 1f, new float[2][128], new int[2][128]));
        }
    }
}
