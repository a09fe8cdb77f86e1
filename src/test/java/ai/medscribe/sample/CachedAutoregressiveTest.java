package ai.medscribe.sample;

import ai.medscribe.bundle.BundleExporter;
import ai.medscribe.bundle.DecoderCache;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.bundle.NextToken;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AR bundle's key/value-cached step against the full pass it replaces, on the tiny bundle. */
class CachedAutoregressiveTest {

    private final ModelBundle bundle = TinyBundles.get(ModelKind.AUTOREGRESSIVE);

    @Test
    void cachedLogitsMatchTheFullPassAtEveryPositionOfThePrefix() {
        int length = bundle.maxLength();
        int[][] tokens = new int[2][length];
        int[] first = bundle.tokenizer().encode(TinyBundles.NOTES.get(0));
        int[] second = bundle.tokenizer().encode(TinyBundles.NOTES.get(1));
        System.arraycopy(first, 0, tokens[0], 0, Math.min(first.length, length));
        // the second row ends early: its padding keys are hidden in both passes
        System.arraycopy(second, 0, tokens[1], 0, 12);
        float[][][] full = bundle.logits(tokens, null);
        int checked = 0;
        try (DecoderCache cache = bundle.emptyCache(2)) {
            for (int p = 0; p < 40; p++) {
                float[][] step = bundle.logitsCached(tokens, new int[] {p, p}, cache);
                for (int b = 0; b < 2; b++) {
                    for (int v = 0; v < step[b].length; v++) {
                        assertEquals(full[b][p][v], step[b][v], 1e-4f, "row " + b + " position " + p + " id " + v);
                    }
                    checked++;
                }
            }
        }
        assertEquals(80, checked);
    }

    @Test
    void aPrefilledPromptContinuesWithTheFullPassLogits() {
        int length = bundle.maxLength();
        int[] note = bundle.tokenizer().encode(TinyBundles.NOTES.get(3));
        int[][] tokens = new int[1][length];
        System.arraycopy(note, 0, tokens[0], 0, note.length);
        int[][] prompt = new int[1][length];
        System.arraycopy(note, 0, prompt[0], 0, 12);
        float[][][] full = bundle.logits(tokens, null);
        try (DecoderCache cache = bundle.prefill(prompt)) {
            for (int p = 11; p < note.length + 4; p++) {
                float[][] step = bundle.logitsCached(tokens, new int[] {p}, cache);
                for (int v = 0; v < step[0].length; v++) {
                    assertEquals(full[0][p][v], step[0][v], 1e-4f, "position " + p + " id " + v);
                }
            }
        }
    }

    @Test
    void cachedNextTokenIsTheFullPassTokenForTheSameSeed() {
        int length = bundle.maxLength();
        int[][] tokens = new int[1][length];
        int[] note = bundle.tokenizer().encode(TinyBundles.NOTES.get(2));
        System.arraycopy(note, 0, tokens[0], 0, 20);
        try (DecoderCache cache = bundle.emptyCache(1)) {
            for (int p = 0; p < 20; p++) {
                NextToken cached = bundle.nextTokenCached(tokens, new int[] {p}, cache, 1f, 100L + p);
                NextToken full = bundle.nextToken(tokens, new int[] {p}, 1f, 100L + p);
                assertArrayEquals(full.ids(), cached.ids(), "position " + p);
                assertEquals(full.confidence()[0], cached.confidence()[0], 1e-4f);
            }
        }
    }

    @Test
    void greedyNotesEqualTheUncachedSamplers() {
        AutoregressiveSampler cached = new AutoregressiveSampler(bundle);
        AutoregressiveSampler uncached = AutoregressiveSampler.uncached(bundle);
        assertTrue(cached.cached());
        assertFalse(uncached.cached());
        List<GeneratedNote> a = cached.generate(3, bundle.maxLength(), 0f, 9L);
        List<GeneratedNote> b = uncached.generate(3, bundle.maxLength(), 0f, 9L);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).ids(), a.get(i).ids(), "note " + i);
            assertEquals(b.get(i).passes(), a.get(i).passes());
        }
    }

    @Test
    void seededSampledNotesAndInfillsEqualTheUncachedSamplers() {
        AutoregressiveSampler cached = new AutoregressiveSampler(bundle);
        AutoregressiveSampler uncached = AutoregressiveSampler.uncached(bundle);
        List<GeneratedNote> a = cached.generate(4, bundle.maxLength(), 1f, 5L);
        List<GeneratedNote> b = uncached.generate(4, bundle.maxLength(), 1f, 5L);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).ids(), a.get(i).ids(), "note " + i);
        }
        // infill prefills a long prompt in one pass before it samples
        InfillRequest request = new InfillRequest(DiffusionSamplerTest.partial(), List.of(Section.EXAM, Section.PLAN),
                Map.of());
        GeneratedNote infilledCached = cached.infill(List.of(request), 0.8f, 3L).get(0);
        GeneratedNote infilledFull = uncached.infill(List.of(request), 0.8f, 3L).get(0);
        assertArrayEquals(infilledFull.ids(), infilledCached.ids());
        assertEquals(infilledFull.sections(), infilledCached.sections());
    }

    @Test
    void reexportGivesAnOlderBundleTheCachedStepWithTheSameWeights(@TempDir Path dir) throws Exception {
        Path shipped = Path.of("..", "models", "autoregressive");
        BundleExporter.reexport(shipped, dir.resolve("autoregressive"));
        try (ModelBundle old = ModelBundle.load(shipped);
             ModelBundle upgraded = ModelBundle.load(dir.resolve("autoregressive"))) {
            assertTrue(upgraded.hasCachedStep());
            assertEquals(old.metadata().training(), upgraded.metadata().training());
            int[][] tokens = new int[1][old.maxLength()];
            int[] prompt = old.tokenizer().encode("HPI: patient reports chest pain");
            System.arraycopy(prompt, 0, tokens[0], 0, prompt.length);
            assertArrayEquals(old.logits(tokens, null)[0][prompt.length - 1],
                    upgraded.logits(tokens, null)[0][prompt.length - 1]);
            assertArrayEquals(AutoregressiveSampler.uncached(old).generate(1, 40, 0f, 1L).get(0).ids(),
                    new AutoregressiveSampler(upgraded).generate(1, 40, 0f, 1L).get(0).ids());
        }
    }
}
