package ai.medscribe.functions.bundles;

import ai.medscribe.functions.config.MedscribeConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.medscribe.draft.DraftBundle;
import ai.medscribe.draft.Drafter;
import ai.medscribe.functions.service.ModelUnavailableException;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.ObjectStore;
import ai.medscribe.store.S3ObjectStore;
import io.quarkus.runtime.StartupEvent;

/**
 * The drafting bundles (transcript to note sections, {@link DraftBundle}): one per model under
 * {@code medscribe.drafting.dir} ({@code models/drafting} by default; a directory or
 * {@code s3://bucket/prefix}, read as {@link BundleSource} reads the note bundles), {@code diffusion/}
 * and {@code autoregressive/}, each a bundle directory (medscribe.json, tokenizer.json, the
 * SavedModel) or numbered versions of one ({@code diffusion/2/}): the newest that loads is taken.
 * Loaded once, on a thread of its own at start (so health answers meanwhile); both are optional: a
 * model whose bundle is missing or refused (DraftBundle.load's digest check) is named with the
 * reason, the draft function answers 503 for it, and generate/infill are not affected. Not polled: a
 * new drafting bundle is picked up at the next start.
 */
@ApplicationScoped
public class DraftingBundles {

    private static final Logger LOG = Logger.getLogger(DraftingBundles.class);

    public enum State { LOADING, LOADED }

    /** A loaded drafting bundle and its drafter. */
    public record Loaded(ModelKind kind, DraftBundle bundle, Drafter drafter) {
        public String modelHash() {
            return bundle.metadata().modelHash();
        }
    }

    /** The state, the bundles loaded, and why each model that is not loaded is not. */
    public record Status(State state, Map<ModelKind, Loaded> loaded, Map<ModelKind, String> missing) {
    }

    private final String location;
    private final BundleSource source;
    private final Object change = new Object();
    private volatile Status status;
    private boolean closed;

    @Inject
    public DraftingBundles(MedscribeConfig config, S3ObjectStore.Settings s3) {
        this(config.drafting().dir(), () -> new S3ObjectStore(s3));
    }

    /** @param s3 opens the store an {@code s3://} location is read from */
    public DraftingBundles(String location, Supplier<ObjectStore> s3) {
        this.location = location;
        this.source = BundleSource.of(location, s3);
        this.status = new Status(State.LOADING, Map.of(), Map.of());
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::load, "medscribe-drafting-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Loads every model's bundle once and publishes the outcome. */
    void load() {
        Map<ModelKind, Loaded> loaded = new EnumMap<>(ModelKind.class);
        Map<ModelKind, String> missing = new EnumMap<>(ModelKind.class);
        for (ModelKind kind : ModelKind.values()) {
            List<BundleSource.Version> versions;
            try {
                versions = source.versions(kind);
            } catch (RuntimeException e) {
                missing.put(kind, "the drafting bundles at " + source.where(kind) + " cannot be listed ("
                        + e.getClass().getSimpleName() + ")");
                continue;
            }
            if (versions.isEmpty()) {
                missing.put(kind, "no drafting bundle at " + source.where(kind) + " (medscribe.drafting.dir)");
                continue;
            }
            String why = null;
            for (BundleSource.Version version : versions) {
                Path dir = null;
                try {
                    dir = source.directory(version);
                    DraftBundle bundle = DraftBundle.load(dir);
                    if (bundle.kind() != kind) {
                        why = "the drafting bundle " + version.label() + " at " + source.where(kind) + " is a "
                                + bundle.kind().id() + " model";
                        bundle.close();
                        source.discard(dir);
                        continue;
                    }
                    loaded.put(kind, new Loaded(kind, bundle, new Drafter(bundle)));
                    LOG.infof("drafting bundle %s loaded: model hash %s, transcript region %d tokens",
                            version.label(), bundle.metadata().modelHash(), bundle.config().sourceLength());
                    break;
                } catch (Exception | LinkageError e) {
                    // the exception's message can name files; the class is enough for the log and the answer
                    why = "the drafting bundle " + version.label() + " at " + source.where(kind) + " cannot be loaded ("
                            + e.getClass().getSimpleName() + ")";
                    if (dir != null) {
                        source.discard(dir);
                    }
                }
            }
            if (!loaded.containsKey(kind)) {
                missing.put(kind, why);
            }
        }
        missing.forEach((kind, why) -> LOG.warnf("drafting model %s unavailable: %s", kind.id(), why));
        synchronized (change) {
            if (closed) {
                loaded.values().forEach(l -> l.bundle().close());
                return;
            }
            status = new Status(State.LOADED, Map.copyOf(loaded), Map.copyOf(missing));
            change.notifyAll();
        }
    }

    public Status status() {
        return status;
    }

    /** Where the bundles are read from: {@code medscribe.drafting.dir} as configured. */
    public String location() {
        return location;
    }

    /** The loaded bundle of {@code kind}, if any. */
    public Optional<Loaded> get(ModelKind kind) {
        return Optional.ofNullable(status.loaded().get(kind));
    }

    /** The loaded bundle of {@code kind}, or a 503 naming what is missing. */
    public Loaded require(ModelKind kind) {
        Status s = status;
        Loaded l = s.loaded().get(kind);
        if (l != null) {
            return l;
        }
        if (s.state() == State.LOADING) {
            throw new ModelUnavailableException("the drafting bundles are loading; retry");
        }
        throw new ModelUnavailableException("the " + kind.id() + " drafting model is unavailable: " + s.missing().get(kind));
    }

    /** Waits until the bundles have been looked at once, or {@code timeout}; returns the status. */
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

    @PreDestroy
    void close() {
        synchronized (change) {
            closed = true;
            status.loaded().values().forEach(l -> l.bundle().close());
            source.close();
        }
    }
}
