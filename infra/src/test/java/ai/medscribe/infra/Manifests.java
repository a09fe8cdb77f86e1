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

    /** The overlay rendered by {@code kubectl kustomize}; skips the calling test where kubectl is absent. */
    static List<JsonNode> rendered(String overlay) {
        Optional<Path> kubectl = kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(),
                "kubectl is not on the PATH nor at " + KUBECTL_FALLBACK + " (or -Dmedscribe.kubectl): skipping the rendered-overlay check");
        return RENDERED.computeIfAbsent(overlay, name -> render(kubectl.get(), name));
    }

    private static List<JsonNode> render(Path kubectl, String overlay) {
        Path dir = INFRA.resolve("overlays").resolve(overlay);
        try {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay, ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                            + "): " + Files.readString(err));
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

    /** kubectl from -Dmedscribe.kubectl (a path; a missing one makes the render checks skip), else the PATH, else /usr/bin. */
    static Optional<Path> kubectl() {
        String configured = System.getProperty("medscribe.kubectl", "");
        if (!configured.isEmpty()) {
            return Files.isExecutable(Paths.get(configured)) ? Optional.of(Paths.get(configured)) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "kubectl"))) {
                return Optional.of(Paths.get(dir, "kubectl"));
            }
        }
        return Files.isExecutable(KUBECTL_FALLBACK) ? Optional.of(KUBECTL_FALLBACK) : Optional.empty();
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

    /** The pod spec of a workload: a Knative Service's or a Job's template spec. */
    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
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
