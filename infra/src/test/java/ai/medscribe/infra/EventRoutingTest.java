package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Triggers deliver exactly the storage events the functions map, each to the function that handles it. */
class EventRoutingTest {

    /**
     * CloudEvent type of S3-style object-created notifications (data: {"Records":[{"s3":...}]}).
     * The functions do not map it by type (Funqy maps one type per function, used by GCS); its
     * Trigger sends it to the handling function's own path instead.
     */
    static final String S3_OBJECT_CREATED = "com.amazonaws.s3.ObjectCreated";

    private static final Pattern MAPPING = Pattern.compile("quarkus\\.funqy\\.knative-events\\.mapping\\.([^.]+)\\.trigger");
    private static final String FUNCTIONS_SERVICE = "medscribe-functions";

    @Test
    void rawTriggersMatchTheFunctionsEventMapping() {
        assertRouting(Manifests.read(Manifests.INFRA.resolve("base/eventing.yaml")), "base");
    }

    @Test
    void renderedTriggersMatchTheFunctionsEventMapping() {
        for (String overlay : List.of("cpu", "gpu")) {
            assertRouting(Manifests.rendered(overlay), overlay);
        }
    }

    @Test
    void everyDeliveryRetriesThenDeadLettersToAServiceThatExists() {
        for (String overlay : List.of("cpu", "gpu")) {
            List<JsonNode> rendered = Manifests.rendered(overlay);
            Set<String> services = new HashSet<>();
            Manifests.ofKind(rendered, "Service").forEach(s -> services.add(s.path("metadata").path("name").asText()));
            Set<String> brokers = new HashSet<>();
            Manifests.ofKind(rendered, "Broker").forEach(b -> brokers.add(b.path("metadata").path("name").asText()));
            for (JsonNode trigger : Manifests.ofKind(rendered, "Trigger")) {
                String name = trigger.path("metadata").path("name").asText();
                JsonNode delivery = trigger.path("spec").path("delivery");
                assertTrue(delivery.path("retry").asInt() > 0, name + ": retry");
                assertFalse(delivery.path("backoffPolicy").asText().isEmpty(), name + ": backoffPolicy");
                String sink = delivery.path("deadLetterSink").path("ref").path("name").asText();
                assertTrue(services.contains(sink), name + ": dead-letter sink " + sink + " is not rendered");
                assertNotEquals(FUNCTIONS_SERVICE, sink, name + ": dead letters must not go back to the failing function");
                assertTrue(brokers.contains(trigger.path("spec").path("broker").asText()), name + ": broker");
            }
        }
    }

    private static void assertRouting(List<JsonNode> documents, String where) {
        Map<String, String> functionByType = functionByEventType();
        assertFalse(functionByType.isEmpty(), "application.properties maps no CloudEvent type to a function");
        assertFalse(functionByType.containsKey(S3_OBJECT_CREATED), "S3 type is expected to be routed by path, not by mapping");

        Map<String, JsonNode> subscriberByType = new TreeMap<>();
        for (JsonNode trigger : Manifests.ofKind(documents, "Trigger")) {
            String type = trigger.path("spec").path("filter").path("attributes").path("type").asText();
            assertFalse(type.isEmpty(), where + ": Trigger " + trigger.path("metadata").path("name").asText() + " filters no type");
            subscriberByType.put(type, trigger.path("spec").path("subscriber"));
        }
        Set<String> expectedTypes = new HashSet<>(functionByType.keySet());
        expectedTypes.add(S3_OBJECT_CREATED);
        assertEquals(expectedTypes, subscriberByType.keySet(), where + ": Trigger filter types");

        for (var entry : subscriberByType.entrySet()) {
            JsonNode subscriber = entry.getValue();
            assertEquals("Service", subscriber.path("ref").path("kind").asText(), where + ": " + entry.getKey());
            assertEquals(FUNCTIONS_SERVICE, subscriber.path("ref").path("name").asText(), where + ": " + entry.getKey());
            String uri = subscriber.path("uri").asText("");
            if (functionByType.containsKey(entry.getKey())) {
                assertTrue(uri.isEmpty() || uri.equals("/"),
                        where + ": " + entry.getKey() + " is dispatched by type at the root path, not at " + uri);
            } else {
                assertTrue(functionByType.containsValue(uri.replaceFirst("^/", "")),
                        where + ": " + entry.getKey() + " must go to a storage-event function's path, not '" + uri + "'");
            }
        }
    }

    /** CloudEvent type -> function name, from quarkus.funqy.knative-events.mapping.FUNCTION.trigger=TYPE. */
    static Map<String, String> functionByEventType() {
        Properties app = ProbesTest.applicationProperties();
        Map<String, String> functionByType = new TreeMap<>();
        for (String key : app.stringPropertyNames()) {
            Matcher matcher = MAPPING.matcher(key);
            if (matcher.matches()) {
                functionByType.put(app.getProperty(key).trim(), matcher.group(1));
            }
        }
        return functionByType;
    }
}
