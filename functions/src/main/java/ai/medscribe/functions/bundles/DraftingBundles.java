package ai.medscribe.functions.bundles;

import ai.medscribe.functions.config.MedscribeConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.medscribe.draft.DraftBundle;
import ai.medscribe.draft.Drafter;
import ai.medscribe.functions.service.ModelUnavailableException;
import ai.medscribe.model.ModelKind;
import io.quarkus.runtime.StartupEvent;

/**
 * The drafting bundles (transcript to note sections, {@link DraftBundle}): one per model under
 * {@code medscribe.drafting.dir} ({@code models/drafting} by default), {@code diffusion/} and
 * {@code autoregressive/}, each a flat bundle directory (medscribe.json, tokenizer.json, the
 * SavedModel). Loaded once, on a thread of its own at start (so health answers meanwhile); both are
 * optional: a model whose bundle is missing or refused (DraftBundle.load's digest check) is named
 * with the reason, the draft function answers 503 for it, and generate/infill are not affected.
 * Not polled: a new drafting bundle is picked up at the next start.
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

    private final Path dir;
    private final Object change = new Object();
    private volatile Status status;
    private boolean closed;

    @Inject
    public DraftingBundles(MedscribeConfig config) {
        this.dir = Path.of(config.drafting().dir());
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
            Path bundleDir = dir.resolve(kind.id());
            if (!Files.isRegularFile(bundleDir.resolve(DraftBundle.METADATA))) {
                missing.put(kind, "no drafting bundle at " + bundleDir + " (medscribe.drafting.dir)");
                continue;
            }
            try {
                DraftBundle bundle = DraftBundle.load(bundleDir);
                if (bundle.kind() != kind) {
                    missing.put(kind, "the bundle at " + bundleDir + " is a " + bundle.kind().id() + " model");
                    bundle.close();
                    continue;
                }
                loaded.put(kind, new Loaded(kind, bundle, new Drafter(bundle)));
                LOG.infof("drafting bundle %s loaded: model hash %s, transcript region %d tokens", kind.id(),
                        bundle.metadata().modelHash(), bundle.config().sourceLength());
            } catch (Exception | LinkageError e) {
                // the exception's message can name files; the class is enough for the log and the answer
                missing.put(kind, "the drafting bundle at " + bundleDir + " cannot be loaded ("
                        + e.getClass().getSimpleName() + ")");
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

    public Path dir() {
        return dir;
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
        }
    }
}
