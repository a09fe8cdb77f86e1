package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.bundles.LoadedBundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.medscribe.model.ModelKind;
import ai.medscribe.store.S3ObjectStore;

/** The load states readiness reports, on real tiny bundles: missing, corrupt, wrong kind, loaded, and from S3. */
class BundleRegistryTest {

    @TempDir
    Path models;

    private static BundleRegistry registry(Path location) {
        return new BundleRegistry(location.toString(), () -> {
            throw new AssertionError("no S3 store for a directory location");
        });
    }

    private Path copyOf(String bundle, String as) throws Exception {
        Path source = TinyBundles.directory().resolve(bundle);
        Path target = models.resolve(as);
        return TinyBundles.copyTree(source, target);
    }

    @Test
    void theStateIsLoadingUntilTheLoadHasRun() throws Exception {
        BundleRegistry registry = registry(models);
        assertEquals(BundleRegistry.State.LOADING, registry.status().state());
        assertTrue(registry.status().reason().startsWith("bundles are loading"), registry.status().reason());
        assertEquals(BundleRegistry.State.LOADING, registry.await(Duration.ofMillis(20)).state());
        assertTrue(registry.bundle(ModelKind.DIFFUSION).isEmpty());
    }

    @Test
    void aMissingDiffusionBundleIsFailedWithTheReason() {
        BundleRegistry.Status s = registry(models.resolve("none")).reload();
        assertEquals(BundleRegistry.State.FAILED, s.state());
        assertTrue(s.reason().startsWith("diffusion bundle missing"), s.reason());
    }

    @Test
    void alteredWeightsAreRefusedByTheDigestCheck() throws Exception {
        Path dir = copyOf("diffusion", "diffusion");
        Path weights = dir.resolve(CorruptBundleResource.CORRUPT_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(weights, bytes);
        BundleRegistry.Status s = registry(models).reload();
        assertEquals(BundleRegistry.State.FAILED, s.state());
        assertTrue(s.reason().startsWith("diffusion bundle corrupt"), s.reason());
        assertTrue(s.reason().contains("SHA-256 mismatch"), s.reason());
    }

    @Test
    void aBundleOfTheWrongKindIsRefused() throws Exception {
        copyOf("autoregressive", "diffusion");
        BundleRegistry.Status s = registry(models).reload();
        assertEquals(BundleRegistry.State.FAILED, s.state());
        assertTrue(s.reason().contains("holds a autoregressive model"), s.reason());
    }

    @Test
    void bothBundlesLoadWithTheirLimitsAndTheBaselineIsOptional() throws Exception {
        BundleRegistry both = registry(TinyBundles.directory());
        BundleRegistry.Status s = both.reload();
        assertEquals(BundleRegistry.State.READY, s.state(), s.reason());
        LoadedBundle diffusion = both.bundle(ModelKind.DIFFUSION).orElseThrow();
        assertEquals(128, diffusion.maxLength());
        assertEquals(ModelKind.AUTOREGRESSIVE, both.bundle(ModelKind.AUTOREGRESSIVE).orElseThrow().kind());
        assertEquals("diffusion-tiny", diffusion.info().id());
        assertEquals(64, diffusion.info().sha256().length());
        assertNull(diffusion.evaluation());
        both.close();
        assertEquals(BundleRegistry.State.FAILED, both.status().state());

        copyOf("diffusion", "diffusion");
        BundleRegistry alone = registry(models);
        assertEquals(BundleRegistry.State.READY, alone.reload().state());
        assertEquals(1, alone.loaded().size());
        alone.close();
    }

    @Test
    void bundlesUnderAnS3PrefixAreCopiedAndLoaded() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start("models");
             S3ObjectStore store = new S3ObjectStore(server.settings())) {
            S3ObjectStore.Settings settings = server.settings();
            Path root = TinyBundles.directory();
            try (Stream<Path> files = Files.walk(root.resolve("diffusion"))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    store.put("models", "release-1/" + root.relativize(p).toString().replace('\\', '/'),
                            Files.readAllBytes(p), "application/octet-stream");
                }
            }
            BundleRegistry registry = new BundleRegistry("s3://models/release-1", () -> new S3ObjectStore(settings));
            BundleRegistry.Status s = registry.reload();
            assertEquals(BundleRegistry.State.READY, s.state(), s.reason());
            assertEquals(registry(root).reload().bundles().get(ModelKind.DIFFUSION).sha256(),
                    registry.bundle(ModelKind.DIFFUSION).orElseThrow().sha256());
            assertTrue(registry.bundle(ModelKind.AUTOREGRESSIVE).isEmpty());
            registry.close();

            BundleRegistry.Status empty = new BundleRegistry("s3://models/release-2", () -> new S3ObjectStore(settings))
                    .reload();
            assertEquals(BundleRegistry.State.FAILED, empty.state());
            assertTrue(empty.reason().startsWith("diffusion bundle missing"), empty.reason());
        }
    }
}
