package ai.medscribe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load states readiness reports, on real directories. */
class BundleRegistryTest {

    @TempDir
    Path models;

    private Path bundle(String name) throws Exception {
        Path dir = Files.createDirectories(models.resolve(name));
        Files.write(dir.resolve("saved_model.pb"), new byte[] {8, 1});
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("vocab.json"), "{\"[PAD]\":0}");
        Files.writeString(dir.resolve("medscribe.json"), "{\"max_length\":64,\"sha256\":\"abc\"}");
        return dir;
    }

    @Test
    void missingDirectoryIsFailedWithTheReason() {
        BundleRegistry.Status s = new BundleRegistry(models.resolve("none").toString()).reload();
        assertEquals(BundleRegistry.State.FAILED, s.state());
        assertTrue(s.reason().startsWith("diffusion bundle missing"), s.reason());
    }

    @Test
    void aMissingFileOrCorruptJsonSaysWhichFile() throws Exception {
        Path dir = bundle("diffusion");
        Files.delete(dir.resolve("vocab.json"));
        BundleRegistry.Status s = new BundleRegistry(models.toString()).reload();
        assertEquals(BundleRegistry.State.FAILED, s.state());
        assertTrue(s.reason().contains("vocab.json is missing"), s.reason());
        Files.writeString(dir.resolve("vocab.json"), "{}");
        Files.writeString(dir.resolve("medscribe.json"), "{\"max_length\":");
        s = new BundleRegistry(models.toString()).reload();
        assertTrue(s.reason().contains("medscribe.json cannot be read as JSON"), s.reason());
    }

    @Test
    void completeBundlesAreReadyWithTheirLimits() throws Exception {
        bundle("diffusion");
        bundle("autoregressive");
        BundleRegistry registry = new BundleRegistry(models.toString());
        BundleRegistry.Status s = registry.reload();
        assertEquals(BundleRegistry.State.READY, s.state());
        assertEquals(64, registry.bundle(ModelKind.DIFFUSION).orElseThrow().maxLength());
        assertEquals(2, registry.loaded().size());
    }
}
