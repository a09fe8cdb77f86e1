package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GPUs are asked for, and GPU nodes tolerated, in the gpu overlay only. */
class GpuPlacementTest {

    private static final String GPU = "nvidia.com/gpu";
    /** A field or value that places a pod on GPUs: the resource, a patch path to it, node selection. */
    private static final Pattern GPU_PLACEMENT = Pattern.compile("nvidia\\.com(/|~1)gpu|tolerations|nodeSelector");
    private static final List<String> GPU_WORKLOADS = List.of("Service/medscribe-functions", "Job/medscribe-training");

    @Test
    void gpuOverlayGivesEachWorkloadOneGpuOnATaintedGpuNode() {
        List<JsonNode> rendered = Manifests.renderedWithTraining("gpu");
        for (String workload : GPU_WORKLOADS) {
            String[] kindAndName = workload.split("/");
            JsonNode pod = Manifests.podSpec(Manifests.named(rendered, kindAndName[0], kindAndName[1]));
            JsonNode container = pod.path("containers").get(0);
            assertEquals("1", container.path("resources").path("limits").path(GPU).asText(),
                    workload + " must limit " + GPU + " to 1");
            assertFalse(pod.path("nodeSelector").isEmpty(), workload + " needs a GPU node selector");
            boolean toleratesGpuTaint = false;
            for (JsonNode toleration : pod.path("tolerations")) {
                toleratesGpuTaint |= GPU.equals(toleration.path("key").asText())
                        && "NoSchedule".equals(toleration.path("effect").asText());
            }
            assertTrue(toleratesGpuTaint, workload + " must tolerate the " + GPU + " NoSchedule taint");
        }
    }

    @Test
    void cpuOverlayAsksForNoGpuAndNoGpuNodes() {
        for (JsonNode document : Manifests.renderedWithTraining("cpu")) {
            if (Manifests.isWorkload(document)) {
                List<String> found = gpuPlacements(document);
                assertTrue(found.isEmpty(), "cpu overlay: " + document.path("metadata").path("name").asText()
                        + " has GPU placement " + found);
            }
        }
    }

    @Test
    void rawBaseAndCpuFilesSayNothingOfGpusAndGpuPatchesDo() {
        Set<Path> workloadPatches = new TreeSet<>();
        for (Path file : Manifests.yamlFiles()) {
            Path relative = Manifests.INFRA.relativize(file);
            if (relative.startsWith(Path.of("overlays", "gpu")) && relative.endsWith("kustomization.yaml")) {
                Manifests.read(file).get(0).path("patches").forEach(patch -> {
                    if (Set.of("Service", "Job").contains(patch.path("target").path("kind").asText())) {
                        workloadPatches.add(file.resolveSibling(patch.path("path").asText()).normalize());
                    }
                });
            }
        }
        assertEquals(2, workloadPatches.size(), "the gpu overlay patches the functions and the Job: " + workloadPatches);
        for (Path file : Manifests.yamlFiles()) {
            Path relative = Manifests.INFRA.relativize(file);
            List<String> found = new ArrayList<>();
            Manifests.read(file).forEach(document -> found.addAll(gpuPlacements(document)));
            if (workloadPatches.contains(file.normalize())) {
                String text = String.join(" ", found);
                assertTrue(text.contains("nvidia.com~1gpu") && text.contains("/tolerations")
                        && text.contains("/nodeSelector"), relative + " must add the GPU limit, toleration and node selector");
            } else if (!relative.startsWith(Path.of("overlays", "gpu"))) {
                assertTrue(found.isEmpty(), relative + " mentions GPU placement " + found + "; that belongs in overlays/gpu");
            }
        }
    }

    /**
     * With the gpu overlay the functions' readiness requires a GPU (medscribe.require-gpu, from the
     * environment variable MEDSCRIBE_REQUIRE_GPU), so a replica where TensorFlow sees none never takes
     * traffic; the cpu overlay does not ask for it.
     */
    @Test
    void gpuFunctionsAreReadyOnlyWithAGpu() {
        JsonNode gpu = Manifests.podSpec(Manifests.named(Manifests.rendered("gpu"), "Service", "medscribe-functions"))
                .path("containers").get(0);
        assertEquals("true", Manifests.env(gpu, "MEDSCRIBE_REQUIRE_GPU").orElse(""), "gpu: MEDSCRIBE_REQUIRE_GPU");
        JsonNode cpu = Manifests.podSpec(Manifests.named(Manifests.rendered("cpu"), "Service", "medscribe-functions"))
                .path("containers").get(0);
        assertFalse(Boolean.parseBoolean(Manifests.env(cpu, "MEDSCRIBE_REQUIRE_GPU").orElse("false")), "cpu: MEDSCRIBE_REQUIRE_GPU");
        assertTrue(Manifests.readSource("infra/base/medscribe.env").lines().noneMatch(l -> l.startsWith("MEDSCRIBE_REQUIRE_GPU")),
                "base/medscribe.env must not require a GPU: the cpu overlay shares it");
    }

    /** Field names and text values anywhere in the document that place a pod on GPUs. */
    static List<String> gpuPlacements(JsonNode node) {
        List<String> found = new ArrayList<>();
        collect(node, found);
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (GPU_PLACEMENT.matcher(field.getKey()).find()) {
                    found.add(field.getKey());
                }
                collect(field.getValue(), found);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, found));
        } else if (node.isTextual() && GPU_PLACEMENT.matcher(node.asText()).find()) {
            found.add(node.asText());
        }
    }
}
