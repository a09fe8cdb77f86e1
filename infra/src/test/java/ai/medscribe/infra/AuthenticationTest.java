package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both overlays deploy the functions with bearer-token authentication on, the issuer and key from
 * the operator's ConfigMap medscribe-auth, the Service cluster-local, and Triggers that ask the
 * Broker for a token with the functions' audience; the application keeps health open and everything
 * else behind the token, so the probes still work.
 */
class AuthenticationTest {

    private static final String APPLICATION_PROPERTIES = "functions/src/main/resources/application.properties";

    /** The rendered medscribe-config ConfigMap's value (its name carries a content hash). */
    private static Optional<String> setting(List<JsonNode> rendered, String name) {
        return Manifests.ofKind(rendered, "ConfigMap").stream()
                .filter(m -> m.path("metadata").path("name").asText().startsWith("medscribe-config"))
                .map(m -> m.path("data").path(name))
                .filter(v -> !v.isMissingNode())
                .map(JsonNode::asText)
                .findFirst();
    }

    private static JsonNode functionsContainer(JsonNode service) {
        return Manifests.podSpec(service).path("containers").get(0);
    }

    @Test
    void bothOverlaysTurnAuthenticationOnWithAnAudience() {
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> rendered = Manifests.rendered(overlay);
            assertEquals(Optional.of("true"), setting(rendered, "MEDSCRIBE_AUTH_ENABLED"), overlay + ": MEDSCRIBE_AUTH_ENABLED");
            assertFalse(setting(rendered, "MEDSCRIBE_AUTH_AUDIENCE").orElse("").isBlank(), overlay + ": no audience");
            JsonNode container = functionsContainer(Manifests.named(rendered, "Service", "medscribe-functions"));
            assertEquals(Optional.empty(), Manifests.env(container, "MEDSCRIBE_AUTH_ENABLED"),
                    overlay + ": the container overrides MEDSCRIBE_AUTH_ENABLED");
        }
    }

    @Test
    void issuerAndKeyComeFromTheOperatorsConfigMap() {
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode service = Manifests.named(Manifests.rendered(overlay), "Service", "medscribe-functions");
            JsonNode container = functionsContainer(service);
            JsonNode issuer = null;
            for (JsonNode variable : container.path("env")) {
                if (variable.path("name").asText().equals("MEDSCRIBE_AUTH_ISSUER")) {
                    issuer = variable.path("valueFrom").path("configMapKeyRef");
                }
            }
            assertTrue(issuer != null && issuer.path("name").asText().equals("medscribe-auth")
                    && issuer.path("key").asText().equals("issuer"), overlay + ": MEDSCRIBE_AUTH_ISSUER from medscribe-auth/issuer");
            String location = Manifests.env(container, "MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION")
                    .orElseThrow(() -> new AssertionError(overlay + ": no MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION"));
            String directory = location.substring(0, location.lastIndexOf('/'));
            JsonNode volume = Manifests.volumeAt(Manifests.podSpec(service), container, directory)
                    .orElseThrow(() -> new AssertionError(overlay + ": nothing mounted at " + directory));
            assertEquals("medscribe-auth", volume.path("configMap").path("name").asText(), overlay + ": key volume");
            assertEquals("public-key", volume.path("configMap").path("items").get(0).path("key").asText(), overlay);
            assertEquals(location.substring(directory.length() + 1),
                    volume.path("configMap").path("items").get(0).path("path").asText(), overlay + ": key file name");
            assertTrue(volume.path("configMap").path("optional").isMissingNode()
                    || !volume.path("configMap").path("optional").asBoolean(), overlay + ": the key must not be optional");
            // medscribe-auth is the operator's: the overlays must not ship a key of their own.
            assertTrue(Manifests.ofKind(Manifests.rendered(overlay), "ConfigMap").stream()
                    .noneMatch(m -> m.path("metadata").path("name").asText().startsWith("medscribe-auth")),
                    overlay + ": renders a medscribe-auth ConfigMap");
        }
    }

    @Test
    void theFunctionsServiceIsClusterLocal() {
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode service = Manifests.named(Manifests.rendered(overlay), "Service", "medscribe-functions");
            assertEquals("cluster-local", service.path("metadata").path("labels").path("networking.knative.dev/visibility")
                    .asText(), overlay + ": the functions' Service is reachable from outside the cluster");
        }
    }

    @Test
    void triggersAskTheBrokerForATokenWithTheFunctionsAudience() {
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> rendered = Manifests.rendered(overlay);
            String audience = setting(rendered, "MEDSCRIBE_AUTH_AUDIENCE").orElseThrow();
            List<JsonNode> triggers = Manifests.ofKind(rendered, "Trigger");
            assertEquals(2, triggers.size(), overlay);
            for (JsonNode trigger : triggers) {
                assertEquals(audience, trigger.path("spec").path("subscriber").path("audience").asText(),
                        overlay + ": " + Manifests.id(trigger) + " subscriber audience");
            }
        }
    }

    @Test
    void theApplicationKeepsHealthOpenAndEverythingElseBehindTheToken() {
        Properties app = new Properties();
        try {
            app.load(new StringReader(Manifests.readSource(APPLICATION_PROPERTIES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals("${MEDSCRIBE_AUTH_ENABLED:true}", app.getProperty("medscribe.auth.enabled"), "on by default");
        assertEquals("/q/health,/q/health/*", app.getProperty("quarkus.http.auth.permission.health.paths"));
        assertEquals("permit", app.getProperty("quarkus.http.auth.permission.health.policy"));
        assertEquals("/*", app.getProperty("quarkus.http.auth.permission.bearer.paths"));
        assertEquals("medscribe-bearer", app.getProperty("quarkus.http.auth.permission.bearer.policy"));
        // the environment names them; unset, they are placeholders the functions refuse to start on
        assertEquals("${MEDSCRIBE_AUTH_ISSUER:unset}", app.getProperty("mp.jwt.verify.issuer"));
        assertEquals("${MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION:classpath:auth/unconfigured-public-key.pem}",
                app.getProperty("mp.jwt.verify.publickey.location"));
        assertEquals("${MEDSCRIBE_AUTH_AUDIENCE:}", app.getProperty("mp.jwt.verify.audiences"));
        // The probes ask health paths, which the permission above leaves open.
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode container = functionsContainer(Manifests.named(Manifests.rendered(overlay), "Service", "medscribe-functions"));
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                assertTrue(container.path(probe).path("httpGet").path("path").asText().startsWith("/q/health/"),
                        overlay + ": " + probe + " asks a path behind the token");
            }
        }
    }
}
