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
 * An AR bundle exported before the key/value-cached step (the shipped one's SavedModel as it was
 * committed before issue 10, kept in test resources; its variables are the shipped bundle's) still
 * loads and writes notes on the full pass.
 */
class LegacyBundleTest {

    static Path legacyCopy(Path dir) throws Exception {
        Path shipped = Path.of("..", "models", "autoregressive");
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
        try (InputStream legacy = LegacyBundleTest.class.getResourceAsStream("/legacy/autoregressive-saved_model.pb")) {
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
}
