package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestFilesTest {

    @Test
    void everyYamlFileUnderInfraParses() {
        List<Path> files = Manifests.yamlFiles();
        assertTrue(files.size() >= 10, "expected the base, both overlays and their patches, found " + files);
        for (Path file : files) {
            assertFalse(Manifests.read(file).isEmpty(), file + " holds no YAML document");
        }
    }

    @Test
    void everyFileAKustomizationNamesExists() {
        for (Path file : Manifests.yamlFiles()) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            JsonNode kustomization = Manifests.read(file).get(0);
            for (String field : List.of("resources", "configurations")) {
                kustomization.path(field).forEach(entry -> assertTrue(
                        Files.exists(file.resolveSibling(entry.asText())), file + " names missing " + entry.asText()));
            }
            kustomization.path("patches").forEach(patch -> {
                if (patch.has("path")) {
                    assertTrue(Files.exists(file.resolveSibling(patch.path("path").asText())),
                            file + " names missing patch " + patch.path("path").asText());
                }
            });
            kustomization.path("configMapGenerator").forEach(generator -> generator.path("envs").forEach(env ->
                    assertTrue(Files.exists(file.resolveSibling(env.asText())), file + " names missing " + env.asText())));
        }
    }

    @Test
    void everyBaseResourceHasAKindAndAName() {
        Path base = Manifests.INFRA.resolve("base");
        JsonNode kustomization = Manifests.read(base.resolve("kustomization.yaml")).get(0);
        int documents = 0;
        for (JsonNode resource : kustomization.path("resources")) {
            for (JsonNode document : Manifests.read(base.resolve(resource.asText()))) {
                documents++;
                assertFalse(document.path("apiVersion").asText().isEmpty(), resource + ": a document has no apiVersion");
                assertFalse(document.path("kind").asText().isEmpty(), resource + ": a document has no kind");
                assertFalse(document.path("metadata").path("name").asText().isEmpty(),
                        resource + ": a " + document.path("kind").asText() + " has no name");
            }
        }
        assertTrue(documents >= 7, "base resources: namespace, PVC, 2 Knative Services, Broker, 2 Triggers, Job");
    }

    @Test
    void bothOverlaysRenderTheWholeApplication() {
        for (String overlay : List.of("cpu", "gpu")) {
            List<JsonNode> rendered = Manifests.rendered(overlay);
            Set<String> kinds = rendered.stream()
                    .map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                    .collect(Collectors.toSet());
            for (String expected : List.of("Service/medscribe-functions", "Job/medscribe-training",
                    "Broker/medscribe", "PersistentVolumeClaim/medscribe-models", "Namespace/medscribe")) {
                assertTrue(kinds.contains(expected), overlay + " does not render " + expected + ": " + kinds);
            }
            assertEquals(2, Manifests.ofKind(rendered, "Trigger").size(), overlay + ": one Trigger per storage event type");
            rendered.stream().filter(d -> !d.path("kind").asText().equals("Namespace")).forEach(d -> assertEquals(
                    "medscribe", d.path("metadata").path("namespace").asText(),
                    overlay + ": " + d.path("kind").asText() + " " + d.path("metadata").path("name").asText()
                            + " is outside the medscribe namespace"));
        }
    }
}
