package ai.medscribe.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

/**
 * Loads the model bundles once at start and holds the load state that readiness reports:
 * LOADING, then READY with the loaded bundles, or FAILED with what is wrong. The diffusion bundle
 * is required; the autoregressive baseline is loaded when present.
 */
@ApplicationScoped
public class BundleRegistry {

    private static final Logger LOG = Logger.getLogger(BundleRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> REQUIRED_FILES = List.of("saved_model.pb", "variables", "vocab.json", "medscribe.json");

    public enum State { LOADING, READY, FAILED }

    /** The state, why (for readiness), and the bundles loaded. */
    public record Status(State state, String reason, Map<ModelKind, BundleDescriptor> bundles) {
    }

    private final String location;
    private volatile Status status = new Status(State.LOADING, "bundles are loading", Map.of());

    public BundleRegistry(@ConfigProperty(name = "medscribe.bundles.location", defaultValue = "models") String location) {
        this.location = location;
    }

    void onStart(@Observes StartupEvent event) {
        reload();
    }

    public Status status() {
        return status;
    }

    public Optional<BundleDescriptor> bundle(ModelKind kind) {
        return Optional.ofNullable(status.bundles().get(kind));
    }

    public List<BundleDescriptor> loaded() {
        return new ArrayList<>(status.bundles().values());
    }

    /** (Re)loads every bundle from the configured location and publishes the outcome. */
    public synchronized Status reload() {
        long start = System.nanoTime();
        status = new Status(State.LOADING, "bundles are loading from " + location, Map.of());
        try {
            if (location.startsWith("s3://")) {
                throw new BundleException("loading bundles from an object-store location (" + location
                        + ") is not wired yet");
            }
            Path root = Path.of(location);
            Map<ModelKind, BundleDescriptor> bundles = new LinkedHashMap<>();
            bundles.put(ModelKind.DIFFUSION, loadBundle(ModelKind.DIFFUSION, root.resolve("diffusion")));
            Path ar = root.resolve("autoregressive");
            if (Files.exists(ar)) {
                bundles.put(ModelKind.AUTOREGRESSIVE, loadBundle(ModelKind.AUTOREGRESSIVE, ar));
            }
            status = new Status(State.READY, "loaded " + bundles.keySet(), Map.copyOf(bundles));
        } catch (BundleException e) {
            status = new Status(State.FAILED, e.getMessage(), Map.of());
        }
        LOG.infof("bundles %s in %d ms", status.state(), (System.nanoTime() - start) / 1_000_000);
        return status;
    }

    /**
     * Loads one bundle. Today it checks the files and reads the JSON; the lead replaces the body's
     * end with {@code ModelBundle.load(dir)} and keeps the model in the descriptor.
     */
    BundleDescriptor loadBundle(ModelKind kind, Path dir) {
        String name = kind.bundleName();
        if (!Files.isDirectory(dir)) {
            throw new BundleException(name + " bundle missing: no directory " + dir);
        }
        for (String file : REQUIRED_FILES) {
            Path p = dir.resolve(file);
            boolean ok = file.equals("variables") ? Files.isDirectory(p) : Files.isRegularFile(p);
            if (!ok) {
                throw new BundleException(name + " bundle corrupt: " + file + " is missing in " + dir);
            }
        }
        JsonNode metadata = readJson(dir.resolve("medscribe.json"), name);
        readJson(dir.resolve("vocab.json"), name);
        Path evaluationFile = dir.resolve("evaluation.json");
        JsonNode evaluation = Files.exists(evaluationFile) ? readJson(evaluationFile, name) : null;
        int maxLength = metadata.path("max_length").asInt(0);
        if (maxLength <= 0) {
            throw new BundleException(name + " bundle corrupt: medscribe.json has no positive max_length");
        }
        String sha = metadata.path("sha256").asText("");
        return new BundleDescriptor(name, dir, metadata, evaluation, sha, maxLength);
    }

    private static JsonNode readJson(Path file, String bundle) {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject() && !node.isArray()) {
                throw new BundleException(bundle + " bundle corrupt: " + file.getFileName() + " is not a JSON document");
            }
            return node;
        } catch (IOException e) {
            throw new BundleException(bundle + " bundle corrupt: " + file.getFileName() + " cannot be read as JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Why a bundle cannot be loaded; its message is what readiness reports. */
    static final class BundleException extends RuntimeException {
        BundleException(String message) {
            super(message);
        }
    }
}
