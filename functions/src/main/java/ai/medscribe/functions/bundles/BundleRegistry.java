package ai.medscribe.functions.bundles;

import ai.medscribe.functions.config.MedscribeConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.medscribe.bundle.EvaluationSummary;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteSampler;
import ai.medscribe.store.ObjectStore;
import ai.medscribe.store.S3ObjectStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the model bundles and keeps looking for newer ones: on a thread of its own (so that the
 * service answers health probes meanwhile), at start and then every {@code medscribe.bundles.poll-interval}
 * (30 s), it lists each model's versions ({@link BundleSource}: {@code diffusion/<version>/} as
 * TensorFlow Serving lays them out, or one unversioned bundle directly in {@code diffusion/}) and
 * serves the newest valid one. A newer version is loaded and warmed up ({@link WarmUp}) beside the one
 * serving, then swapped in at once; the replaced one is closed when the last request using it has
 * finished ({@link ServedBundle}). A version that cannot be loaded (ModelBundle.load's digest check,
 * a failed warm-up) is skipped with a WARN naming it and why, and tried again only once its files
 * change; the version serving keeps serving. Readiness reports the state: LOADING (the first load
 * under way), READY (a diffusion bundle serves; {@code autoregressive/} is optional), or FAILED with
 * what is wrong while there is no valid diffusion bundle yet (the next look may find one).
 */
@ApplicationScoped
public class BundleRegistry {

    private static final Logger LOG = Logger.getLogger(BundleRegistry.class);

    public enum State { LOADING, READY, FAILED }

    /** The state, why (for readiness), and the bundles serving. */
    public record Status(State state, String reason, Map<ModelKind, LoadedBundle> bundles) {
    }

    /** What is published at once: the status and the bundles serving with their use counts. */
    private record Serving(Status status, Map<ModelKind, ServedBundle> served) {
    }

    /** A version that was refused, with the fingerprint of its files then and why. */
    private record Refusal(String fingerprint, String reason) {
    }

    private final String location;
    private final Duration pollInterval;
    private final BundleSource source;
    private final Map<String, Refusal> refused = new HashMap<>();
    private final Object change = new Object();
    private volatile Serving serving;
    private ScheduledExecutorService poller;
    private boolean closed;

    @Inject
    public BundleRegistry(MedscribeConfig config, S3ObjectStore.Settings s3) {
        this(config.bundles().location(), config.bundles().pollInterval(), () -> new S3ObjectStore(s3));
    }

    /** @param s3 opens the store an {@code s3://} location is read from */
    public BundleRegistry(String location, Supplier<ObjectStore> s3) {
        this(location, Duration.ofSeconds(30), s3);
    }

    /** @param pollInterval how often the location is looked at again; zero: only at start */
    public BundleRegistry(String location, Duration pollInterval, Supplier<ObjectStore> s3) {
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("medscribe.bundles.poll-interval must be >= 0");
        }
        this.location = location;
        this.pollInterval = pollInterval;
        this.source = BundleSource.of(location, s3);
        this.serving = new Serving(new Status(State.LOADING, "bundles are loading from " + location, Map.of()), Map.of());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Loads now and then every poll interval, on a daemon thread of its own. */
    public synchronized void start() {
        if (poller != null || closed) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "medscribe-bundle-loader");
            t.setDaemon(true);
            return t;
        });
        Runnable look = () -> {
            try {
                reload();
            } catch (RuntimeException e) {
                // a poll that fails is tried again at the next one; the bundles serving keep serving
                LOG.warnf("bundle poll failed (%s)", e.getClass().getSimpleName());
            }
        };
        if (pollInterval.isZero()) {
            poller.execute(look);
        } else {
            poller.scheduleWithFixedDelay(look, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public Status status() {
        return serving.status();
    }

    /** The bundle serving, for what reads only its metadata (limits, reports); to run the model take a {@link #use lease}. */
    public Optional<LoadedBundle> bundle(ModelKind kind) {
        return Optional.ofNullable(serving.status().bundles().get(kind));
    }

    public List<LoadedBundle> loaded() {
        return new ArrayList<>(serving.status().bundles().values());
    }

    /**
     * A hold on the bundle serving for one request, to close when the request is done: a bundle that
     * a newer version replaces meanwhile stays open until then. Empty when none is loaded.
     */
    public Optional<ServedBundle.Lease> use(ModelKind kind) {
        while (true) {
            ServedBundle served = serving.served().get(kind);
            if (served == null) {
                return Optional.empty();
            }
            Optional<ServedBundle.Lease> lease = served.lease();
            if (lease.isPresent()) {
                return lease;
            }
            // retired between the read and the lease: its successor is published already
            Thread.onSpinWait();
        }
    }

    /** Waits until the first load has finished (READY or FAILED) or {@code timeout} has passed; returns the status. */
    public Status await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (change) {
            while (serving.status().state() == State.LOADING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                change.wait(Math.max(1, left / 1_000_000));
            }
            return serving.status();
        }
    }

    /**
     * Looks at the location once: for each model, the newest version that loads and warms up serves
     * (the one serving stays when nothing newer is valid). Publishes the outcome and retires what it replaced.
     */
    public synchronized Status reload() {
        long start = System.nanoTime();
        Map<ModelKind, ServedBundle> before = serving.served();
        State was = serving.status().state();
        Map<ModelKind, ServedBundle> next = new EnumMap<>(ModelKind.class);
        next.putAll(before);
        Map<ModelKind, String> problems = new EnumMap<>(ModelKind.class);
        for (ModelKind kind : List.of(ModelKind.DIFFUSION, ModelKind.AUTOREGRESSIVE)) {
            try {
                String problem = refresh(kind, next);
                if (problem != null) {
                    problems.put(kind, problem);
                }
            } catch (BundleException e) {
                problems.put(kind, e.getMessage());
            }
        }
        Map<ModelKind, LoadedBundle> bundles = new EnumMap<>(ModelKind.class);
        next.forEach((kind, s) -> bundles.put(kind, s.bundle()));
        Status status;
        if (next.containsKey(ModelKind.DIFFUSION)) {
            StringBuilder reason = new StringBuilder("serving ");
            next.values().forEach(s -> reason.append(reason.length() > 8 ? ", " : "").append(s.version().label()));
            problems.forEach((kind, why) -> reason.append("; ").append(why));
            status = new Status(State.READY, reason.toString(), Collections.unmodifiableMap(bundles));
        } else {
            // not ready without the diffusion model; an autoregressive bundle that loaded is served meanwhile
            String why = problems.getOrDefault(ModelKind.DIFFUSION, "no diffusion bundle");
            status = new Status(State.FAILED, why + pollNote(), Collections.unmodifiableMap(bundles));
        }
        List<ServedBundle> retired = new ArrayList<>();
        synchronized (change) {
            if (closed) {
                retired.addAll(next.values());
                next = Map.of();
                status = new Status(State.FAILED, "the service is shutting down", Map.of());
            }
            for (ServedBundle old : before.values()) {
                if (!next.containsValue(old)) {
                    retired.add(old);
                }
            }
            publish(new Serving(status, Collections.unmodifiableMap(next)));
        }
        retired.forEach(ServedBundle::retire);
        if (!retired.isEmpty() || status.state() != was) {
            LOG.infof("bundles %s in %d ms", status.state(), (System.nanoTime() - start) / 1_000_000);
        }
        return status;
    }

    /**
     * Serves the newest valid version of {@code kind} in {@code next}; returns why a version newer than
     * the one serving (or any, when none serves) was refused, or null.
     */
    private String refresh(ModelKind kind, Map<ModelKind, ServedBundle> next) {
        ServedBundle current = next.get(kind);
        List<BundleSource.Version> versions = source.versions(kind);
        if (versions.isEmpty()) {
            return kind == ModelKind.DIFFUSION ? kind.id() + " bundle missing: nothing at " + source.where(kind)
                    + " (a bundle, medscribe.json and the rest, or numbered version directories)" : null;
        }
        String problem = null;
        for (BundleSource.Version v : versions) {
            boolean same = current != null && current.version().name().equals(v.name());
            if (same && current.version().fingerprint().equals(v.fingerprint())) {
                return problem;
            }
            String key = kind.id() + "/" + v.name();
            Refusal earlier = refused.get(key);
            if (earlier != null && earlier.fingerprint().equals(v.fingerprint())) {
                problem = problem == null ? earlier.reason() : problem;
                if (same) {
                    return problem;
                }
                continue;
            }
            if (current == null && kind == ModelKind.DIFFUSION) {
                publishLoading("loading " + v.label() + " from " + location);
            }
            try {
                ServedBundle loaded = new ServedBundle(loadAndWarm(v), v);
                refused.remove(key);
                next.put(kind, loaded);
                LOG.infof("%s: serving %s (sha256 %s)%s", kind.id(), v.label(), loaded.bundle().sha256(),
                        current == null ? "" : ", replacing " + current.version().label());
                return problem;
            } catch (BundleException e) {
                String reason = e.getMessage() + (BundleSource.UNVERSIONED.equals(v.name()) ? "" : " (version " + v.name() + ")");
                refused.put(key, new Refusal(v.fingerprint(), reason));
                LOG.warnf("%s refused%s: %s", v.label(), current == null ? "" : ", " + current.version().label()
                        + " keeps serving", e.getMessage());
                problem = problem == null ? reason : problem;
                if (same) {
                    // the version serving changed on disk and no longer loads: the loaded copy stays
                    return problem;
                }
            }
        }
        return problem;
    }

    /** Loads one version and writes a note with it (one per model, {@link WarmUp}) before it may serve. */
    private LoadedBundle loadAndWarm(BundleSource.Version version) {
        Path dir = source.directory(version);
        LoadedBundle bundle;
        try {
            bundle = load(version.kind(), dir, version.name());
        } catch (BundleException e) {
            source.discard(dir);
            throw e;
        }
        if (version.kind() == ModelKind.DIFFUSION && serving.served().get(ModelKind.DIFFUSION) == null) {
            publishLoading(version.label() + " loaded, warming up (one note per model)");
        }
        try {
            WarmUp.run(Map.of(version.kind(), bundle));
            return bundle;
        } catch (RuntimeException e) {
            bundle.model().close();
            source.discard(dir);
            throw new BundleException("warm-up failed: a loaded bundle could not write a note ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private String pollNote() {
        return pollInterval.isZero() ? "" : "; looking again every " + pollInterval.toSeconds() + " s";
    }

    /** Closes the bundles serving (each once its last request is done) and stops looking for new ones. */
    @PreDestroy
    public void close() {
        Map<ModelKind, ServedBundle> last;
        synchronized (change) {
            closed = true;
            last = serving.served();
            publish(new Serving(new Status(State.FAILED, "the service is shutting down", Map.of()), Map.of()));
        }
        ScheduledExecutorService p;
        synchronized (this) {
            p = poller;
        }
        if (p != null) {
            p.shutdownNow();
        }
        last.values().forEach(ServedBundle::retire);
        synchronized (this) {
            source.close();
        }
    }

    private void publishLoading(String reason) {
        publish(new Serving(new Status(State.LOADING, reason, serving.status().bundles()), serving.served()));
    }

    private void publish(Serving s) {
        synchronized (change) {
            serving = s;
            change.notifyAll();
        }
    }

    /** Loads one bundle; every failure becomes a BundleException saying what is wrong. */
    LoadedBundle load(ModelKind kind, Path dir, String version) {
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
        try {
            return new LoadedBundle(model, NoteSampler.of(model), EvaluationSummary.read(dir), modelCard(dir, source.root()),
                    version);
        } catch (IOException | IllegalStateException e) {
            model.close();
            throw new BundleException(name + " bundle corrupt: " + e.getMessage());
        }
    }

    /** The model card in the bundle directory or beside the bundles under {@code root} (the shipped bundles share one), or null. */
    static String modelCard(Path dir, Path root) throws IOException {
        for (Path card : new Path[] {dir.resolve(LoadedBundle.MODEL_CARD), root == null ? null
                : root.resolve(LoadedBundle.MODEL_CARD)}) {
            if (card != null && Files.isRegularFile(card)) {
                return Files.readString(card);
            }
        }
        return null;
    }

    /** Why a bundle cannot be loaded; its message is what readiness reports. */
    static final class BundleException extends RuntimeException {
        BundleException(String message) {
            super(message);
        }
    }
}
