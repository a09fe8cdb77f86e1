package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One image reference per application, from one registry and one tag, matching its Dockerfile variant. */
class ImagesTest {

    /** The dead-letter store runs its one-file program on a stock JDK image; the only image that is not MedScribe's. */
    static final String DEAD_LETTER_IMAGE = "eclipse-temurin:17-jdk-jammy";
    /** Image names the base uses and every overlay's images: section replaces. */
    static final Map<String, String> IMAGE_BY_WORKLOAD = Map.of(
            "Service/medscribe-functions", "medscribe-functions",
            "Job/medscribe-training", "medscribe-training");
    private static final Pattern REFERENCE = Pattern.compile("(.+)/(medscribe-[a-z]+):([^:/@]+)");

    @Test
    void eachOverlayUsesOneRegistryAndOneTagForBothImages() {
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> rendered = Manifests.renderedWithTraining(overlay);
            Set<String> registries = new TreeSet<>();
            Set<String> tags = new TreeSet<>();
            Map<String, Set<String>> referencesByName = new TreeMap<>();
            for (JsonNode document : rendered) {
                if (!Manifests.isWorkload(document)) {
                    continue;
                }
                for (JsonNode container : Manifests.podSpec(document).path("containers")) {
                    String image = container.path("image").asText();
                    if (image.equals(DEAD_LETTER_IMAGE)) {
                        continue;
                    }
                    Matcher reference = REFERENCE.matcher(image);
                    assertTrue(reference.matches(), overlay + ": " + image + " is not <registry>/medscribe-*:<tag>");
                    registries.add(reference.group(1));
                    tags.add(reference.group(3));
                    referencesByName.computeIfAbsent(reference.group(2), n -> new TreeSet<>()).add(image);
                }
            }
            assertEquals(1, registries.size(), overlay + ": registries " + registries);
            assertEquals(1, tags.size(), overlay + ": tags " + tags);
            assertTrue(tags.iterator().next().endsWith("-" + overlay), overlay + ": tag " + tags + " names another variant");
            assertEquals(new TreeSet<>(IMAGE_BY_WORKLOAD.values()), referencesByName.keySet(), overlay + ": image names");
            referencesByName.forEach((name, references) ->
                    assertEquals(1, references.size(), overlay + ": " + name + " appears as " + references));

            for (var workload : IMAGE_BY_WORKLOAD.entrySet()) {
                String[] kindAndName = workload.getKey().split("/");
                String image = Manifests.podSpec(Manifests.named(rendered, kindAndName[0], kindAndName[1]))
                        .path("containers").get(0).path("image").asText();
                assertTrue(image.contains("/" + workload.getValue() + ":"), overlay + ": " + workload.getKey() + " runs " + image);
                assertTrue(Manifests.readSource("infra/docker/Dockerfile." + overlay)
                                .contains(workload.getValue() + ":" + tags.iterator().next()),
                        "infra/docker/Dockerfile." + overlay + " should build " + workload.getValue() + ":" + tags.iterator().next());
            }
        }
    }

    @Test
    void everyOverlayReplacesExactlyTheImageNamesItsBaseUses() {
        Map<String, String> baseByKustomization = Map.of("", "base/functions-service.yaml", "/training", "training/training-job.yaml");
        Set<String> all = new TreeSet<>();
        for (var entry : baseByKustomization.entrySet()) {
            Set<String> baseImages = new TreeSet<>();
            for (JsonNode document : Manifests.read(Manifests.INFRA.resolve(entry.getValue()))) {
                Manifests.podSpec(document).path("containers").forEach(c -> baseImages.add(c.path("image").asText()));
            }
            assertEquals(1, baseImages.size(), entry.getValue() + " names images " + baseImages);
            all.addAll(baseImages);
            for (String overlay : Manifests.OVERLAYS) {
                String file = "overlays/" + overlay + entry.getKey() + "/kustomization.yaml";
                JsonNode kustomization = Manifests.read(Manifests.INFRA.resolve(file)).get(0);
                Set<String> replaced = new TreeSet<>();
                kustomization.path("images").forEach(image -> replaced.add(image.path("name").asText()));
                assertEquals(baseImages, replaced, file + ": images: names");
            }
        }
        assertEquals(new TreeSet<>(IMAGE_BY_WORKLOAD.values()), all, "images named in the bases");
    }
}
