package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pod both overlays render (the main and the training kustomizations) meets the "restricted"
 * Pod Security Standard that the namespace enforces, runs with a read-only root filesystem and
 * writable scratch volumes, carries no API token, and leaves half its memory to native code.
 */
class PodSecurityTest {

    /** Volume types the restricted profile allows. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");
    private static final Pattern XMX = Pattern.compile("-Xmx([0-9]+)([kKmMgG]?)");
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    @Test
    void namespaceEnforcesTheRestrictedProfile() {
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode labels = Manifests.named(Manifests.rendered(overlay), "Namespace", "medscribe").path("metadata").path("labels");
            for (String mode : List.of("enforce", "audit", "warn")) {
                assertEquals("restricted", labels.path("pod-security.kubernetes.io/" + mode).asText(),
                        overlay + ": namespace label pod-security.kubernetes.io/" + mode);
            }
        }
    }

    @Test
    void everyRenderedPodMeetsTheRestrictedProfile() {
        int containers = 0;
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> workloads = Manifests.workloads(Manifests.renderedWithTraining(overlay));
            assertTrue(workloads.size() >= 3, overlay + ": expected the functions, the dead-letter store and the Job");
            for (JsonNode workload : workloads) {
                String where = overlay + ": " + Manifests.id(workload);
                JsonNode pod = Manifests.podSpec(workload);
                for (String hostField : List.of("hostNetwork", "hostPID", "hostIPC")) {
                    assertFalse(pod.path(hostField).asBoolean(false), where + ": " + hostField);
                }
                for (JsonNode volume : pod.path("volumes")) {
                    volume.fieldNames().forEachRemaining(field -> assertTrue(field.equals("name") || RESTRICTED_VOLUMES.contains(field),
                            where + ": volume type " + field + " is not allowed by the restricted profile"));
                }
                for (JsonNode container : allContainers(pod)) {
                    containers++;
                    String at = where + " container " + container.path("name").asText();
                    JsonNode security = container.path("securityContext");
                    assertTrue(effective(pod, container, "runAsNonRoot").map(JsonNode::asBoolean).orElse(false), at + ": runAsNonRoot");
                    effective(pod, container, "runAsUser").ifPresent(uid -> assertTrue(uid.asLong() != 0, at + ": runAsUser 0"));
                    assertEquals(Boolean.FALSE, bool(security, "allowPrivilegeEscalation"), at + ": allowPrivilegeEscalation must be false");
                    assertFalse(security.path("privileged").asBoolean(false), at + ": privileged");
                    assertTrue(texts(security.path("capabilities").path("drop")).contains("ALL"), at + ": capabilities must drop ALL");
                    for (String added : texts(security.path("capabilities").path("add"))) {
                        assertEquals("NET_BIND_SERVICE", added, at + ": adds capability " + added);
                    }
                    String seccomp = effective(pod, container, "seccompProfile").map(p -> p.path("type").asText()).orElse("");
                    assertTrue(SECCOMP_TYPES.contains(seccomp), at + ": seccompProfile type '" + seccomp + "'");
                    for (JsonNode port : container.path("ports")) {
                        assertTrue(port.path("hostPort").asInt(0) == 0, at + ": hostPort");
                    }
                    assertEquals(Boolean.TRUE, bool(security, "readOnlyRootFilesystem"), at + ": readOnlyRootFilesystem");
                }
            }
        }
        assertTrue(containers >= 6, "checked only " + containers + " containers");
    }

    @Test
    void knativeServicesKeepTheirSecuritySettingsOnTheContainer() {
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode workload : Manifests.workloads(Manifests.rendered(overlay))) {
                if (workload.path("apiVersion").asText().startsWith("serving.knative.dev/")) {
                    // Knative refuses a pod-level securityContext unless the cluster enables
                    // kubernetes.podspec-securitycontext, and never takes fsGroupChangePolicy.
                    assertTrue(Manifests.podSpec(workload).path("securityContext").isMissingNode(),
                            overlay + ": " + Manifests.id(workload) + " sets a pod-level securityContext");
                }
            }
        }
    }

    @Test
    void applicationsRunAsTheImageUser() {
        int uid = TrainingJobTest.imageUid();
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode workload : Manifests.workloads(Manifests.renderedWithTraining(overlay))) {
                JsonNode pod = Manifests.podSpec(workload);
                for (JsonNode container : allContainers(pod)) {
                    if (container.path("image").asText().contains("/medscribe-")) {
                        assertEquals(uid, effective(pod, container, "runAsUser").map(JsonNode::asInt).orElse(-1),
                                overlay + ": " + Manifests.id(workload) + " runs as another uid than the image's user");
                    }
                }
            }
        }
    }

    @Test
    void readOnlyContainersWriteOnlyToEmptyDirScratchVolumesAndTheirOwnClaims() {
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode workload : Manifests.workloads(Manifests.renderedWithTraining(overlay))) {
                JsonNode pod = Manifests.podSpec(workload);
                for (JsonNode container : allContainers(pod)) {
                    String at = overlay + ": " + Manifests.id(workload) + " container " + container.path("name").asText();
                    assertWritableEmptyDir(pod, container, "/tmp", at);
                    if (container.path("image").asText().contains("/medscribe-")) {
                        // TensorFlow's natives unpack into the JavaCPP cache (the image's entry point
                        // passes JAVACPP_CACHE as -Dorg.bytedeco.javacpp.cachedir).
                        String cache = Manifests.env(container, "JAVACPP_CACHE").orElse("");
                        assertTrue(cache.startsWith("/"), at + ": JAVACPP_CACHE is not set to a writable directory");
                        assertWritableEmptyDir(pod, container, cache, at);
                    }
                }
            }
        }
    }

    private static void assertWritableEmptyDir(JsonNode pod, JsonNode container, String path, String at) {
        JsonNode volume = Manifests.volumeAt(pod, container, path)
                .orElseThrow(() -> new AssertionError(at + ": nothing is mounted at " + path + " on the read-only root"));
        assertTrue(volume.has("emptyDir"), at + ": " + path + " should be an emptyDir, not " + volume);
        assertFalse(volume.path("emptyDir").path("sizeLimit").asText().isEmpty(), at + ": " + path + " has no sizeLimit");
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.equals(mount.path("mountPath").asText())) {
                assertFalse(mount.path("readOnly").asBoolean(false), at + ": " + path + " is mounted read-only");
            }
        }
    }

    @Test
    void noPodGetsAnApiToken() {
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> rendered = Manifests.renderedWithTraining(overlay);
            for (JsonNode workload : Manifests.workloads(rendered)) {
                String where = overlay + ": " + Manifests.id(workload);
                JsonNode pod = Manifests.podSpec(workload);
                String account = pod.path("serviceAccountName").asText("");
                assertFalse(account.isEmpty() || account.equals("default"), where + ": runs as the default ServiceAccount");
                JsonNode serviceAccount = Manifests.named(rendered, "ServiceAccount", account);
                assertEquals(Boolean.FALSE, bool(serviceAccount, "automountServiceAccountToken"),
                        where + ": ServiceAccount " + account + " mounts its token");
                assertEquals(Boolean.FALSE, bool(pod, "automountServiceAccountToken"), where + ": the pod mounts a token");
            }
        }
    }

    @Test
    void everyJvmTakesAtMostHalfTheContainersMemory() {
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode workload : Manifests.workloads(Manifests.renderedWithTraining(overlay))) {
                for (JsonNode container : allContainers(Manifests.podSpec(workload))) {
                    String at = overlay + ": " + Manifests.id(workload) + " container " + container.path("name").asText();
                    List<String> options = jvmOptions(container);
                    boolean jvm = container.path("image").asText().contains("/medscribe-")
                            || texts(container.path("command")).stream().findFirst().map(c -> c.endsWith("java")).orElse(false);
                    if (!jvm) {
                        continue;
                    }
                    long limit = bytes(container.path("resources").path("limits").path("memory").asText(""));
                    assertTrue(limit > 0, at + ": a JVM without a memory limit");
                    boolean bounded = false;
                    for (String option : options) {
                        Matcher percentage = MAX_RAM_PERCENTAGE.matcher(option);
                        while (percentage.find()) {
                            bounded = true;
                            assertTrue(Double.parseDouble(percentage.group(1)) <= 50, at + ": " + percentage.group());
                        }
                        Matcher xmx = XMX.matcher(option);
                        while (xmx.find()) {
                            bounded = true;
                            assertTrue(bytes(xmx.group(1) + xmx.group(2)) * 2 <= limit, at + ": " + xmx.group()
                                    + " is more than half of " + limit + " bytes");
                        }
                    }
                    assertTrue(bounded, at + ": the heap is not bounded (-XX:MaxRAMPercentage or -Xmx): the JVM default"
                            + " would be 25%, but say so");
                }
            }
        }
    }

    @Test
    void imagesDefaultToHalfTheMemoryForTheHeapToo() {
        for (String variant : Manifests.OVERLAYS) {
            Matcher percentage = MAX_RAM_PERCENTAGE.matcher(Manifests.readSource("infra/docker/Dockerfile." + variant));
            assertTrue(percentage.find(), "Dockerfile." + variant + ": no -XX:MaxRAMPercentage default");
            assertTrue(Double.parseDouble(percentage.group(1)) <= 50, "Dockerfile." + variant + ": " + percentage.group());
        }
    }

    @Test
    void memoryQuantitiesParse() {
        assertEquals(8L << 30, bytes("8Gi"));
        assertEquals(256L << 20, bytes("256Mi"));
        assertEquals(512L << 20, bytes("512m"));
        assertEquals(4L << 30, bytes("4g"));
        assertEquals(2_000_000_000L, bytes("2G"));
    }

    /** JVM options a container passes: the option variables and the command line. */
    private static List<String> jvmOptions(JsonNode container) {
        List<String> options = new ArrayList<>();
        JVM_OPTION_VARIABLES.forEach(name -> Manifests.env(container, name).ifPresent(options::add));
        options.addAll(texts(container.path("command")));
        options.addAll(texts(container.path("args")));
        return options;
    }

    /** A Kubernetes memory quantity (Ki, Mi, Gi, k, M, G) or a JVM size (k, m, g) in bytes; 0 if empty. */
    static long bytes(String quantity) {
        if (quantity.isEmpty()) {
            return 0;
        }
        Matcher matcher = Pattern.compile("([0-9]+)([A-Za-z]*)").matcher(quantity);
        assertTrue(matcher.matches(), "memory quantity " + quantity);
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "" -> value;
            case "Ki", "k", "K" -> value << 10;
            case "Mi", "m" -> value << 20;
            case "Gi", "g" -> value << 30;
            case "Ti" -> value << 40;
            case "M" -> value * 1_000_000L;
            case "G" -> value * 1_000_000_000L;
            default -> throw new AssertionError("unknown unit in " + quantity);
        };
    }

    /** A container's securityContext field, else the pod's (as the kubelet applies them). */
    private static Optional<JsonNode> effective(JsonNode pod, JsonNode container, String field) {
        JsonNode own = container.path("securityContext").path(field);
        if (!own.isMissingNode() && !own.isNull()) {
            return Optional.of(own);
        }
        JsonNode podLevel = pod.path("securityContext").path(field);
        return podLevel.isMissingNode() || podLevel.isNull() ? Optional.empty() : Optional.of(podLevel);
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? value.asBoolean() : null;
    }

    private static List<JsonNode> allContainers(JsonNode pod) {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
