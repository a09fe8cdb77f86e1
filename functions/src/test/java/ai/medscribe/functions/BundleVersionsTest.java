package ai.medscribe.functions;

import ai.medscribe.functions.api.dto.GenerateResponse;
import ai.medscribe.functions.bundles.BundleReadiness;
import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.bundles.BundleSource;
import ai.medscribe.functions.bundles.LoadedBundle;
import ai.medscribe.functions.bundles.ServedBundle;
import ai.medscribe.functions.service.GenerateInput;
import ai.medscribe.functions.service.NoteWriter;
import ai.medscribe.functions.api.dto.GenerateRequest;
import ai.medscribe.functions.api.dto.RequestLimits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * Models that arrive (issue 12 item 5), on copies of the tiny bundles: an empty location is not
 * ready and says why, a bundle copied in is served after the next look, a newer version is served
 * without a restart while requests on the old one finish on it, a corrupt newest version is skipped
 * with a warning, and the flat layout still loads. The looks are triggered directly ({@code reload}),
 * except in the one test of the background poll.
 */
class BundleVersionsTest {

    private static final RequestLimits LIMITS = new RequestLimits(128, 16, 8000, 64, 8, 10, 2000, 16);

    @TempDir
    Path models;

    private final List<BundleRegistry> opened = new ArrayList<>();

    @AfterEach
    void closeRegistries() {
        opened.forEach(BundleRegistry::close);
    }

    private BundleRegistry registry(Duration pollInterval) {
        BundleRegistry registry = new BundleRegistry(models.toString(), pollInterval, () -> {
            throw new AssertionError("no S3 store for a directory location");
        });
        opened.add(registry);
        return registry;
    }

    /** Copies a tiny bundle to {@code models/<kind>/<version>/} (or flat into {@code models/<kind>/} for null). */
    private Path version(ModelKind kind, String version) throws Exception {
        Path source = TinyBundles.directory().resolve(kind.id());
        Path target = version == null ? models.resolve(kind.id()) : models.resolve(kind.id()).resolve(version);
        return TinyBundles.copyTree(source, target);
    }

    private static HealthCheckResponse readiness(BundleRegistry registry) {
        return new BundleReadiness(registry).call();
    }

    private static Object data(HealthCheckResponse r, String key) {
        return r.getData().orElseThrow().get(key);
    }

    private static GenerateResponse generate(BundleRegistry registry) throws Exception {
        // {"steps": 4, "seed": 3}
        GenerateRequest request = new GenerateRequest(4, null, null, 3L, null, null, null, null, null, null, null, null,
                null, null, null);
        return new NoteWriter(registry).generate(GenerateInput.of(request, LIMITS));
    }

    @Test
    void anEmptyLocationIsNotReadyWithTheReasonUntilAVersionIsCopiedIn() throws Exception {
        BundleRegistry registry = registry(Duration.ofSeconds(30));
        BundleRegistry.Status empty = registry.reload();
        assertEquals(BundleRegistry.State.FAILED, empty.state());
        HealthCheckResponse down = readiness(registry);
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        String reason = (String) data(down, "reason");
        assertTrue(reason.startsWith("diffusion bundle missing"), reason);
        assertTrue(reason.contains("looking again every 30 s"), reason);

        version(ModelKind.DIFFUSION, "1");
        assertEquals(BundleRegistry.State.READY, registry.reload().state(), registry.status().reason());
        HealthCheckResponse up = readiness(registry);
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus());
        assertEquals("1", data(up, "diffusionVersion"));
        assertEquals("1", generate(registry).model().version());
    }

    @Test
    void aNewerVersionIsServedWithoutRestartAndTheOldOneClosesAfterItsLastRequest() throws Exception {
        version(ModelKind.DIFFUSION, "1");
        version(ModelKind.AUTOREGRESSIVE, "1");
        BundleRegistry registry = registry(Duration.ofSeconds(30));
        assertEquals(BundleRegistry.State.READY, registry.reload().state(), registry.status().reason());
        assertEquals("1", generate(registry).model().version());

        ServedBundle.Lease inFlight = registry.use(ModelKind.DIFFUSION).orElseThrow();
        version(ModelKind.DIFFUSION, "2");
        assertEquals(BundleRegistry.State.READY, registry.reload().state(), registry.status().reason());
        assertEquals("2", registry.bundle(ModelKind.DIFFUSION).orElseThrow().version());
        assertEquals("1", registry.bundle(ModelKind.AUTOREGRESSIVE).orElseThrow().version());
        assertEquals("2", generate(registry).model().version());
        assertEquals("2", data(readiness(registry), "diffusionVersion"));

        // the request that started on version 1 finishes on it, then version 1 is closed
        assertFalse(inFlight.modelClosed());
        NoteGenerator old = new NoteGenerator(inFlight.bundle().model());
        assertEquals(1, old.generate(1, old.maxLength(), NoteGenerator.Mode.SCAFFOLD, SamplerOptions.defaults()).size());
        inFlight.close();
        assertTrue(inFlight.modelClosed());

        // nothing new: the same bundle keeps serving
        LoadedBundle served = registry.bundle(ModelKind.DIFFUSION).orElseThrow();
        registry.reload();
        assertTrue(served == registry.bundle(ModelKind.DIFFUSION).orElseThrow());
    }

    @Test
    void aCorruptNewestVersionIsSkippedWithAWarningAndTheOldOneKeepsServing() throws Exception {
        version(ModelKind.DIFFUSION, "1");
        version(ModelKind.DIFFUSION, "2");
        Path three = version(ModelKind.DIFFUSION, "3");
        Path vocab = three.resolve("vocab.json");
        byte[] bytes = Files.readAllBytes(vocab);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(vocab, bytes);

        Capture log = new Capture();
        Logger.getLogger("").addHandler(log);
        try {
            BundleRegistry registry = registry(Duration.ofSeconds(30));
            BundleRegistry.Status s = registry.reload();
            assertEquals(BundleRegistry.State.READY, s.state(), s.reason());
            assertEquals("2", registry.bundle(ModelKind.DIFFUSION).orElseThrow().version());
            assertEquals("2", generate(registry).model().version());
            assertTrue(s.reason().contains("SHA-256 mismatch") && s.reason().contains("(version 3)"), s.reason());
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("diffusion version 3 refused"), warnings.get(0));
            assertTrue(warnings.get(0).contains("vocab.json"), warnings.get(0));

            // looked at again unchanged: not loaded again, no new warning, version 2 still serving
            registry.reload();
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            assertEquals("2", registry.bundle(ModelKind.DIFFUSION).orElseThrow().version());

            // version 3 repaired (its files change): served at the next look
            version(ModelKind.DIFFUSION, "3");
            registry.reload();
            assertEquals("3", registry.bundle(ModelKind.DIFFUSION).orElseThrow().version());
        } finally {
            Logger.getLogger("").removeHandler(log);
        }
    }

    @Test
    void theFlatLayoutStillLoadsAndANumberedVersionRanksAboveIt() throws Exception {
        version(ModelKind.DIFFUSION, null);
        version(ModelKind.AUTOREGRESSIVE, null);
        BundleRegistry registry = registry(Duration.ofSeconds(30));
        assertEquals(BundleRegistry.State.READY, registry.reload().state(), registry.status().reason());
        assertEquals(BundleSource.UNVERSIONED, generate(registry).model().version());
        assertEquals(2, registry.loaded().size());

        version(ModelKind.DIFFUSION, "1");
        registry.reload();
        assertEquals("1", registry.bundle(ModelKind.DIFFUSION).orElseThrow().version());
        assertEquals(BundleSource.UNVERSIONED, registry.bundle(ModelKind.AUTOREGRESSIVE).orElseThrow().version());
    }

    @Test
    void theBackgroundPollLoadsABundleThatArrivesAfterStart() throws Exception {
        BundleRegistry registry = registry(Duration.ofMillis(200));
        registry.start();
        assertEquals(BundleRegistry.State.FAILED, registry.await(Duration.ofMinutes(1)).state());
        version(ModelKind.DIFFUSION, "7");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (registry.status().state() != BundleRegistry.State.READY && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(BundleRegistry.State.READY, registry.status().state(), registry.status().reason());
        assertEquals("7", registry.bundle(ModelKind.DIFFUSION).orElseThrow().version());
    }

    /** The registry's WARN records, rendered (its messages are printf-style). */
    static final class Capture extends Handler {
        private final List<String> warnings = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord r) {
            if (r.getLevel().intValue() < Level.WARNING.intValue()
                    || !BundleRegistry.class.getName().equals(r.getLoggerName())) {
                return;
            }
            String line = String.valueOf(r.getMessage());
            if (r.getParameters() != null) {
                line = String.format(line, r.getParameters());
            }
            warnings.add(line);
        }

        synchronized List<String> warnings() {
            return new ArrayList<>(warnings);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
