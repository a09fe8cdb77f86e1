package ai.medscribe.bundle;

import ai.medscribe.note.Section;
import ai.medscribe.sample.AutoregressiveSampler;
import ai.medscribe.sample.GeneratedNote;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bundles exported before today's signatures, their SavedModels kept in test resources as they were
 * committed (their variables are the shipped bundles'): an AR bundle from before the key/value-cached
 * step still loads and writes notes on the full pass; a diffusion bundle from before the fed-draw,
 * variable-length denoise step is refused with the command that upgrades it, and that command does.
 */
class LegacyBundleTest {

    static Path legacyCopy(Path dir) throws Exception {
        return legacyCopy(dir, "autoregressive");
    }

    /** The shipped {@code model} bundle with its SavedModel as committed before (test resource legacy/MODEL-saved_model.pb). */
    static Path legacyCopy(Path dir, String model) throws Exception {
        Path shipped = Path.of("..", "models", model);
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = dir.resolve(shipped.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (InputStream legacy = LegacyBundleTest.class.getResourceAsStream("/legacy/" + model + "-saved_model.pb")) {
            Files.copy(legacy, dir.resolve(BundleFiles.SAVED_MODEL), StandardCopyOption.REPLACE_EXISTING);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode metadata = (ObjectNode) json.readTree(dir.resolve(BundleMetadata.FILE_NAME).toFile());
        var digests = BundleFiles.digests(dir);
        ObjectNode files = metadata.putObject("files");
        digests.forEach(files::put);
        metadata.put("sha256", BundleFiles.combined(digests));
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(BundleMetadata.FILE_NAME).toFile(), metadata);
        return dir;
    }

    @Test
    void anArBundleFromBeforeTheCachedStepFallsBackToTheFullPass(@TempDir Path dir) throws Exception {
        try (ModelBundle legacy = ModelBundle.load(legacyCopy(dir));
             ModelBundle shipped = ModelBundle.load(Path.of("..", "models", "autoregressive"))) {
            assertFalse(legacy.hasCachedStep());
            assertTrue(shipped.hasCachedStep(), "the shipped AR bundle is exported with the cached step");
            AutoregressiveSampler sampler = new AutoregressiveSampler(legacy);
            assertFalse(sampler.cached());
            assertThrows(UnsupportedOperationException.class, () -> legacy.emptyCache(1));
            GeneratedNote note = sampler.generate(1, 12, 0.8f, 7L).get(0);
            assertEquals(legacy.tokenizer().id(Section.HPI.headerToken()), note.ids()[0]);
            // same weights, so the full pass and the cached step write the same greedy note
            assertArrayEquals(sampler.generate(1, 30, 0f, 3L).get(0).ids(),
                    new AutoregressiveSampler(shipped).generate(1, 30, 0f, 3L).get(0).ids());
        }
    }

    @Test
    void aDiffusionBundleFromBeforeTheFedDrawStepIsRefusedAndReexportUpgradesIt(@TempDir Path dir) throws Exception {
        Path legacy = legacyCopy(dir.resolve("legacy"), "diffusion");
        var refused = assertThrows(java.io.IOException.class, () -> ModelBundle.load(legacy));
        assertTrue(refused.getMessage().contains("reexport --from " + legacy), refused.getMessage());

        BundleExporter.reexport(legacy, dir.resolve("upgraded"));
        try (ModelBundle upgraded = ModelBundle.load(dir.resolve("upgraded"));
             ModelBundle shipped = ModelBundle.load(Path.of("..", "models", "diffusion"))) {
            int[][] tokens = new int[1][64];
            java.util.Arrays.fill(tokens[0], ai.medscribe.text.Tokenizer.MASK_ID);
            tokens[0][0] = shipped.tokenizer().id(Section.HPI.headerToken());
            float[][][] a = upgraded.logits(tokens, new float[] {1f});
            float[][][] b = shipped.logits(tokens, new float[] {1f});
            assertEquals(64, a[0].length, "the upgraded graph takes a shorter canvas");
            for (int l = 0; l < 64; l++) {
                assertArrayEquals(b[0][l], a[0][l], 1e-5f, "same weights, same logits at " + l);
            }
        }
    }
}
