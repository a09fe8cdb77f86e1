package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads the manifests under infra/ (raw, or rendered by kubectl kustomize) and the applications' sources they must agree with. */
final class Manifests {

    static final Path ROOT = Paths.get(System.getProperty("medscribe.root", "..")).toAbsolutePath().normalize();
    static final Path INFRA = ROOT.resolve("infra");
    static final Path KUBECTL_FALLBACK = Paths.get("/usr/bin/kubectl");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** Every YAML file under infra/ except build output. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(INFRA)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !INFRA.relativize(p).startsWith("target"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All documents of a (possibly multi-document) YAML file; empty documents are skipped. */
    static List<JsonNode> read(Path file) {
        try {
            return parseAll(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static List<JsonNode> parseAll(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNextValue()) {
                JsonNode document = values.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    /** The overlays, each a main kustomization (overlays/NAME) and the training Job's (overlays/NAME/training). */
    static final List<String> OVERLAYS = List.of("cpu", "gpu");

    /**
     * The kustomization at overlays/{@code overlay} ("cpu", "gpu", "cpu/training", ...) rendered by
     * {@code kubectl kustomize} or {@code kustomize build}. Where neither is installed the calling test
     * is skipped, except under CI (environment CI=true) or with -Dmedscribe.require-renderer=true, where
     * it fails: .ci/run installs kubectl, so a missing renderer there is a broken CI, not a reason to
     * check nothing.
     */
    static List<JsonNode> rendered(String overlay) {
        Optional<List<String>> renderer = renderer();
        if (renderer.isEmpty()) {
            String why = "neither kubectl (PATH, " + KUBECTL_FALLBACK + ", -Dmedscribe.kubectl) nor kustomize (PATH,"
                    + " -Dmedscribe.kustomize) is installed, so the rendered overlays cannot be checked";
            if (rendererRequired()) {
                throw new AssertionError(why + "; CI must have one (.ci/run installs kubectl)");
            }
            Assumptions.assumeTrue(false, why + ": skipping (run .ci/run, or install kubectl)");
        }
        return RENDERED.computeIfAbsent(overlay, name -> render(renderer.get(), name));
    }

    /** The overlay's main kustomization and its training kustomization, rendered, in one list. */
    static List<JsonNode> renderedWithTraining(String overlay) {
        List<JsonNode> all = new ArrayList<>(rendered(overlay));
        all.addAll(rendered(overlay + "/training"));
        return all;
    }

    /** True under CI (CI=true, as CI sets it) or with -Dmedscribe.require-renderer=true. */
    static boolean rendererRequired() {
        String property = System.getProperty("medscribe.require-renderer", "");
        if (!property.isEmpty()) {
            return Boolean.parseBoolean(property);
        }
        String ci = System.getenv().getOrDefault("CI", "");
        return !ci.isEmpty() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    private static List<JsonNode> render(List<String> renderer, String overlay) {
        Path dir = INFRA.resolve("overlays").resolve(overlay);
        List<String> command = new ArrayList<>(renderer);
        command.add(dir.toString());
        try {
            Path out = Files.createTempFile("kustomize-" + overlay.replace('/', '-'), ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay.replace('/', '-'), ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "; kustomize v5 is needed, as in kubectl 1.27 or later): " + Files.readString(err));
                }
                return parseAll(Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    /** The render command without its directory: kubectl kustomize, else kustomize build. */
    static Optional<List<String>> renderer() {
        Optional<Path> kubectl = kubectl();
        if (kubectl.isPresent()) {
            return Optional.of(List.of(kubectl.get().toString(), "kustomize"));
        }
        return executable("medscribe.kustomize", "kustomize", null).map(k -> List.of(k.toString(), "build"));
    }

    /** kubectl from -Dmedscribe.kubectl (a path; a missing one counts as absent), else the PATH, else /usr/bin. */
    static Optional<Path> kubectl() {
        return executable("medscribe.kubectl", "kubectl", KUBECTL_FALLBACK);
    }

    private static Optional<Path> executable(String property, String name, Path fallback) {
        String configured = System.getProperty(property, "");
        if (!configured.isEmpty()) {
            return Files.isExecutable(Paths.get(configured)) ? Optional.of(Paths.get(configured)) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, name))) {
                return Optional.of(Paths.get(dir, name));
            }
        }
        return fallback != null && Files.isExecutable(fallback) ? Optional.of(fallback) : Optional.empty();
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> documents, String kind, String name) {
        return ofKind(documents, kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** The pod spec of a workload: a Knative Service's, a Deployment's or a Job's template spec. */
    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    /** Every workload (document with a pod template) of a rendered list. */
    static List<JsonNode> workloads(List<JsonNode> documents) {
        return documents.stream().filter(Manifests::isWorkload).toList();
    }

    /** "Kind/name" of a document, for messages. */
    static String id(JsonNode document) {
        return document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
    }

    /** The value of an environment variable set with value: in the container, or empty. */
    static Optional<String> env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText()) && variable.has("value")) {
                return Optional.of(variable.path("value").asText());
            }
        }
        return Optional.empty();
    }

    /** The pod volume a container mounts at exactly {@code mountPath}, or empty. */
    static Optional<JsonNode> volumeAt(JsonNode pod, JsonNode container, String mountPath) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mountPath.equals(mount.path("mountPath").asText())) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return Optional.of(volume);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Kinds whose documents carry a pod template. */
    static boolean isWorkload(JsonNode document) {
        String kind = document.path("kind").asText();
        return (kind.equals("Service") && document.path("apiVersion").asText().startsWith("serving.knative.dev/"))
                || kind.equals("Job") || kind.equals("Deployment") || kind.equals("StatefulSet")
                || kind.equals("DaemonSet") || kind.equals("Pod") || kind.equals("CronJob");
    }

    static String readSource(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }
}
