package ai.medscribe.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.ObjectStore;
import ai.medscribe.store.S3ObjectStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the model bundles once at start, on a thread of its own so that the service answers health
 * probes meanwhile, warms them up (one note per model, {@link WarmUp}), and holds the load state
 * readiness reports: LOADING (loading, then warming up), then READY with the loaded
 * bundles, or FAILED with what is wrong (ModelBundle.load's message for a corrupt bundle). The
 * location is a directory holding {@code diffusion/} (required) and {@code autoregressive/}
 * (optional), or {@code s3://bucket/prefix}, whose objects are first copied to a local directory.
 */
@ApplicationScoped
public class BundleRegistry {

    private static final Logger LOG = Logger.getLogger(BundleRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum State { LOADING, READY, FAILED }

    /** The state, why (for readiness), and the bundles loaded. */
    public record Status(State state, String reason, Map<ModelKind, LoadedBundle> bundles) {
    }

    private final String location;
    private final Supplier<ObjectStore> s3;
    private final Object change = new Object();
    private volatile Status status;
    private Path downloaded;
    private boolean closed;

    @Inject
    public BundleRegistry(@ConfigProperty(name = "medscribe.bundles.location", defaultValue = "models") String location,
            S3ObjectStore.Settings s3) {
        this(location, () -> new S3ObjectStore(s3));
    }

    /** @param s3 opens the store an {@code s3://} location is read from */
    BundleRegistry(String location, Supplier<ObjectStore> s3) {
        this.location = location;
        this.s3 = s3;
        this.status = new Status(State.LOADING, "bundles are loading from " + location, Map.of());
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::reload, "medscribe-bundle-loader");
        loader.setDaemon(true);
        loader.start();
    }

    public Status status() {
        return status;
    }

    public Optional<LoadedBundle> bundle(ModelKind kind) {
        return Optional.ofNullable(status.bundles().get(kind));
    }

    public List<LoadedBundle> loaded() {
        return new ArrayList<>(status.bundles().values());
    }

    /** Waits until the load has finished (READY or FAILED) or {@code timeout} has passed; returns the status. */
    public Status await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (change) {
            while (status.state() == State.LOADING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                change.wait(Math.max(1, left / 1_000_000));
            }
            return status;
        }
    }

    /** (Re)loads every bundle from the configured location, publishes the outcome and closes what it replaced. */
    public synchronized Status reload() {
        long start = System.nanoTime();
        Status previous = status;
        publish(new Status(State.LOADING, "bundles are loading from " + location, Map.of()));
        Map<ModelKind, LoadedBundle> bundles = new EnumMap<>(ModelKind.class);
        Status next;
        try {
            Path root = location.startsWith("s3://") ? download(location) : Path.of(location);
            bundles.put(ModelKind.DIFFUSION, load(ModelKind.DIFFUSION, root.resolve(ModelKind.DIFFUSION.id())));
            Path ar = root.resolve(ModelKind.AUTOREGRESSIVE.id());
            if (Files.exists(ar)) {
                bundles.put(ModelKind.AUTOREGRESSIVE, load(ModelKind.AUTOREGRESSIVE, ar));
            }
            publish(new Status(State.LOADING, "bundles loaded, warming up (one note per model)", Map.of()));
            warmUp(bundles);
            next = new Status(State.READY, "loaded " + bundles.keySet(), Collections.unmodifiableMap(bundles));
        } catch (BundleException e) {
            bundles.values().forEach(b -> b.model().close());
            next = new Status(State.FAILED, e.getMessage(), Map.of());
        }
        synchronized (change) {
            if (closed) {
                next.bundles().values().forEach(b -> b.model().close());
                next = new Status(State.FAILED, "the service is shutting down", Map.of());
            }
            publish(next);
        }
        previous.bundles().values().forEach(b -> b.model().close());
        LOG.infof("bundles %s in %d ms", next.state(), (System.nanoTime() - start) / 1_000_000);
        return next;
    }

    /** Closes the loaded bundles and removes a downloaded copy. */
    @PreDestroy
    void close() {
        Status last;
        synchronized (change) {
            closed = true;
            last = status;
            publish(new Status(State.FAILED, "the service is shutting down", Map.of()));
        }
        last.bundles().values().forEach(b -> b.model().close());
        if (downloaded != null) {
            deleteTree(downloaded);
        }
    }

    private void publish(Status s) {
        synchronized (change) {
            status = s;
            change.notifyAll();
        }
    }

    /** One note per model before readiness ({@link WarmUp}); a model that cannot write one is not served. */
    private static void warmUp(Map<ModelKind, LoadedBundle> bundles) {
        try {
            WarmUp.run(bundles);
        } catch (RuntimeException e) {
            throw new BundleException("warm-up failed: a loaded bundle could not write a note ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Loads one bundle; every failure becomes a BundleException saying what is wrong. */
    LoadedBundle load(ModelKind kind, Path dir) {
        String name = kind.id();
        if (!Files.isDirectory(dir)) {
            throw new BundleException(name + " bundle missing: no directory " + dir);
        }
        ModelBundle model;
        try {
            model = ModelBundle.load(dir);
        } catch (IOException e) {
            throw new BundleException(name + " bundle corrupt: " + e.getMessage());
        } catch (RuntimeException e) {
            // TensorFlow refusing the SavedModel itself (after the digests matched).
            throw new BundleException(name + " bundle corrupt: the SavedModel cannot be loaded ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (model.kind() != kind) {
            model.close();
            throw new BundleException(name + " bundle corrupt: " + dir + " holds a " + model.kind().id() + " model");
        }
        Path evaluation = dir.resolve("evaluation.json");
        try {
            return new LoadedBundle(model, readJson(dir.resolve("medscribe.json")),
                    Files.exists(evaluation) ? readJson(evaluation) : null, modelCard(dir));
        } catch (IOException e) {
            model.close();
            throw new BundleException(name + " bundle corrupt: " + e.getMessage());
        }
    }

    /** The model card in the bundle directory or beside it (the shipped bundles share one), or null. */
    static String modelCard(Path dir) throws IOException {
        for (Path card : new Path[] {dir.resolve(LoadedBundle.MODEL_CARD), dir.toAbsolutePath().getParent() == null
                ? null : dir.toAbsolutePath().getParent().resolve(LoadedBundle.MODEL_CARD)}) {
            if (card != null && Files.isRegularFile(card)) {
                return Files.readString(card);
            }
        }
        return null;
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file.getFileName() + " cannot be read as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Copies every object under {@code s3://bucket/prefix} into a fresh local directory. */
    private Path download(String url) {
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        ObjectStore store = s3.get();
        try {
            Path root = Files.createTempDirectory("medscribe-bundles-");
            downloaded = root;
            List<String> keys = store.list(bucket, prefix);
            for (String key : keys) {
                Path file = root.resolve(key.substring(prefix.length())).normalize();
                if (!file.startsWith(root) || key.endsWith("/")) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                Files.write(file, store.read(bucket, key));
            }
            LOG.infof("copied %d bundle objects from %s", keys.size(), url);
            return root;
        } catch (IOException e) {
            throw new BundleException("cannot copy the bundles from " + url + " to a local directory: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new BundleException("cannot read the bundles from " + url + ": " + e.getMessage());
        } finally {
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // the copy is complete or has failed already
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why a bundle cannot be loaded; its message is what readiness reports. */
    static final class BundleException extends RuntimeException {
        BundleException(String message) {
            super(message);
        }
    }
}
