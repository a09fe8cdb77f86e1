package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The functions' probes ask the paths SmallRye Health really serves, on the port Quarkus listens on. */
class ProbesTest {

    private static final String APPLICATION_PROPERTIES = "functions/src/main/resources/application.properties";

    @Test
    void functionsDependOnSmallRyeHealth() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Manifests.ROOT.resolve("functions/pom.xml").toFile());
        NodeList dependencies = pom.getElementsByTagName("dependency");
        boolean found = false;
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            found |= "io.quarkus".equals(text(dependency, "groupId"))
                    && "quarkus-smallrye-health".equals(text(dependency, "artifactId"))
                    && !"test".equals(text(dependency, "scope"));
        }
        assertTrue(found, "functions/pom.xml must depend on io.quarkus:quarkus-smallrye-health at run time,"
                + " or the probes' /q/health paths answer 404");
    }

    @Test
    void expectedPathsFollowTheApplicationsHealthSettings() {
        assertEquals("/q/health/live", healthPath(new Properties(), "liveness-path", "live"));
        Properties moved = new Properties();
        moved.setProperty("quarkus.http.non-application-root-path", "/internal");
        moved.setProperty("quarkus.smallrye-health.root-path", "checks");
        assertEquals("/internal/checks/ready", healthPath(moved, "readiness-path", "ready"));
    }

    @Test
    void rawServiceProbesTheAppsHealthPaths() {
        JsonNode service = Manifests.named(Manifests.read(Manifests.INFRA.resolve("base/functions-service.yaml")),
                "Service", "medscribe-functions");
        assertProbes(service, "base");
    }

    @Test
    void renderedServicesProbeTheAppsHealthPaths() {
        for (String overlay : Manifests.OVERLAYS) {
            assertProbes(Manifests.named(Manifests.rendered(overlay), "Service", "medscribe-functions"), overlay);
        }
    }

    /** Every long-running container (all but the Job's) has a liveness and a readiness probe on one of its own ports. */
    @Test
    void everyServingContainerIsProbed() {
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode workload : Manifests.workloads(Manifests.renderedWithTraining(overlay))) {
                if (workload.path("kind").asText().equals("Job")) {
                    assertTrue(Manifests.podSpec(workload).path("containers").get(0).path("readinessProbe").isMissingNode(),
                            overlay + ": a Job's pod needs no readiness probe");
                    continue;
                }
                for (JsonNode container : Manifests.podSpec(workload).path("containers")) {
                    String at = overlay + ": " + Manifests.id(workload) + " container " + container.path("name").asText();
                    for (String probe : List.of("livenessProbe", "readinessProbe")) {
                        JsonNode httpGet = container.path(probe).path("httpGet");
                        assertFalse(httpGet.path("path").asText().isEmpty(), at + ": no HTTP " + probe);
                        JsonNode port = httpGet.path("port");
                        boolean own = port.isMissingNode();
                        for (JsonNode declared : container.path("ports")) {
                            own |= port.asText().equals(declared.path("name").asText())
                                    || port.asText().equals(declared.path("containerPort").asText());
                        }
                        assertTrue(own, at + ": " + probe + " asks port " + port.asText() + ", not one of the container's");
                        assertTrue(container.path(probe).path("failureThreshold").asInt(3) >= 2,
                                at + ": " + probe + " gives up after one failure");
                    }
                }
            }
        }
    }

    private static void assertProbes(JsonNode service, String where) {
        Properties app = applicationProperties();
        JsonNode container = Manifests.podSpec(service).path("containers").get(0);
        String port = app.getProperty("quarkus.http.port", "8080");
        assertEquals(port, container.path("ports").get(0).path("containerPort").asText(), where + ": containerPort");
        assertEquals(healthPath(app, "liveness-path", "live"),
                container.path("livenessProbe").path("httpGet").path("path").asText(), where + ": liveness path");
        assertEquals(healthPath(app, "readiness-path", "ready"),
                container.path("readinessProbe").path("httpGet").path("path").asText(), where + ": readiness path");
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode probePort = container.path(probe).path("httpGet").path("port");
            assertTrue(probePort.isMissingNode() || probePort.asText().equals(port),
                    where + ": " + probe + " must use the container port (Knative allows no other)");
        }
    }

    /** Where SmallRye Health serves a check, from the Quarkus settings (defaults: /q/health/live, /q/health/ready). */
    static String healthPath(Properties app, String checkKey, String checkDefault) {
        String nonApplicationRoot = app.getProperty("quarkus.http.non-application-root-path", "q");
        String healthRoot = app.getProperty("quarkus.smallrye-health.root-path", "health");
        String check = app.getProperty("quarkus.smallrye-health." + checkKey, checkDefault);
        if (check.startsWith("/")) {
            return check;
        }
        String root = healthRoot.startsWith("/") ? healthRoot : "/" + strip(nonApplicationRoot) + "/" + strip(healthRoot);
        return strip(root).isEmpty() ? "/" + check : "/" + strip(root) + "/" + check;
    }

    static Properties applicationProperties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Manifests.readSource(APPLICATION_PROPERTIES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
