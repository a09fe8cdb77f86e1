package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            kustomization.path("configMapGenerator").forEach(generator -> {
                generator.path("envs").forEach(env ->
                        assertTrue(Files.exists(file.resolveSibling(env.asText())), file + " names missing " + env.asText()));
                // files: [key=]path
                generator.path("files").forEach(entry -> {
                    String path = entry.asText().substring(entry.asText().indexOf('=') + 1);
                    assertTrue(Files.isRegularFile(file.resolveSibling(path)), file + " names missing " + path);
                });
            });
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
        assertTrue(documents >= 11, "base resources: namespace, 3 ServiceAccounts, the models PVC, the functions' Knative"
                + " Service, Broker, 2 Triggers, the dead-letter store's PVC, Deployment and Service");
    }

    @Test
    void aMissingRendererFailsUnderCiInsteadOfSkipping() {
        Map<String, String> saved = new TreeMap<>();
        List<String> keys = List.of("medscribe.kubectl", "medscribe.kustomize", "medscribe.require-renderer");
        keys.forEach(key -> saved.put(key, System.getProperty(key)));
        try {
            System.setProperty("medscribe.kubectl", "/nonexistent/kubectl");
            System.setProperty("medscribe.kustomize", "/nonexistent/kustomize");
            System.setProperty("medscribe.require-renderer", "true");
            AssertionError error = assertThrows(AssertionError.class, () -> Manifests.rendered("cpu"));
            assertTrue(error.getMessage().contains("CI must have one"), error.getMessage());
            System.setProperty("medscribe.require-renderer", "false");
            assertThrows(TestAbortedException.class, () -> Manifests.rendered("cpu"));
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void modelsVolumeStorageClassIsAnOverlaySetting() {
        JsonNode base = Manifests.named(Manifests.read(Manifests.INFRA.resolve("base/models-pvc.yaml")),
                "PersistentVolumeClaim", "medscribe-models");
        assertTrue(base.path("spec").path("storageClassName").isMissingNode(),
                "base/models-pvc.yaml names a storage class: that is each overlay's choice");
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode claim = Manifests.named(Manifests.rendered(overlay), "PersistentVolumeClaim", "medscribe-models");
            assertFalse(claim.path("spec").path("storageClassName").asText().isEmpty(),
                    overlay + ": the models claim has no storage class (models-storage.yaml)");
            assertEquals(1, claim.path("spec").path("accessModes").size(), overlay + ": one access mode, chosen with the class");
        }
        // GPU replicas and the Job run on different nodes and share the volume.
        assertEquals("ReadWriteMany", Manifests.named(Manifests.rendered("gpu"), "PersistentVolumeClaim", "medscribe-models")
                .path("spec").path("accessModes").get(0).asText(), "gpu: models claim access mode");
    }

    @Test
    void bothOverlaysRenderTheWholeApplication() {
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> rendered = Manifests.renderedWithTraining(overlay);
            Set<String> kinds = rendered.stream().map(Manifests::id).collect(Collectors.toSet());
            for (String expected : List.of("Service/medscribe-functions", "Job/medscribe-training",
                    "Broker/medscribe", "PersistentVolumeClaim/medscribe-models", "Namespace/medscribe",
                    "Deployment/medscribe-dead-letters", "PersistentVolumeClaim/medscribe-dead-letters")) {
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
