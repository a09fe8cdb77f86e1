package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
        for (String overlay : Manifests.OVERLAYS) {
            assertRouting(Manifests.rendered(overlay), overlay);
        }
    }

    @Test
    void everyDeliveryRetriesThenDeadLettersToAServiceThatExists() {
        for (String overlay : Manifests.OVERLAYS) {
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

    @Test
    void rawTriggersPassOnlyKeysUnderTheInputPrefix() {
        assertKeyFilters(Manifests.read(Manifests.INFRA.resolve("base/eventing.yaml")), "base");
    }

    @Test
    void renderedTriggersPassOnlyKeysUnderTheInputPrefix() {
        for (String overlay : Manifests.OVERLAYS) {
            assertKeyFilters(Manifests.rendered(overlay), overlay);
        }
    }

    /**
     * The Triggers' filters (CloudEvents Subscriptions API) pass an upload under the input prefix and
     * nothing the function writes under the output prefix, evaluated on the events each source sends.
     */
    private static void assertKeyFilters(List<JsonNode> documents, String where) {
        Properties env = medscribeEnv();
        String input = env.getProperty("MEDSCRIBE_TRIGGER_INPUT_PREFIX", "");
        String output = env.getProperty("MEDSCRIBE_TRIGGER_OUTPUT_PREFIX", "");
        assertFalse(input.isEmpty(), "medscribe.env sets no MEDSCRIBE_TRIGGER_INPUT_PREFIX: every key would trigger");
        assertFalse(output.isEmpty(), "medscribe.env sets no MEDSCRIBE_TRIGGER_OUTPUT_PREFIX");
        assertFalse(output.startsWith(input), "completions under " + output + " are inside the input prefix " + input);
        List<JsonNode> triggers = Manifests.ofKind(documents, "Trigger");
        assertFalse(triggers.isEmpty(), where + ": no Trigger");
        for (JsonNode trigger : triggers) {
            String name = where + ": Trigger " + trigger.path("metadata").path("name").asText();
            String type = trigger.path("spec").path("filter").path("attributes").path("type").asText();
            JsonNode filters = trigger.path("spec").path("filters");
            assertTrue(filters.isArray() && !filters.isEmpty(), name + " has no filters: it passes every key of the bucket");
            assertTrue(passes(filters, event(type, input + "note-1.txt")), name + " drops an upload under " + input);
            assertTrue(passes(filters, event(type, input + "2026/ward 3/note-2.txt")), name + " drops a nested upload");
            String transcripts = env.getProperty("MEDSCRIBE_TRIGGER_TRANSCRIPT_PREFIX", "");
            assertFalse(transcripts.isEmpty(), "medscribe.env sets no MEDSCRIBE_TRIGGER_TRANSCRIPT_PREFIX");
            assertTrue(passes(filters, event(type, transcripts + "visit-1.txt")), name + " drops a transcript under " + transcripts);
            String beside = input.replaceAll("/+$", "") + "-other/note-1.txt";
            for (String written : List.of(output + "note-1.txt", output + "note-1.provenance.json", "note-1.txt",
                    "x" + input + "note-1.txt", beside)) {
                assertFalse(passes(filters, event(type, written)), name + " passes " + written);
            }
            Map<String, String> otherType = new TreeMap<>(event(type, input + "note-1.txt"));
            otherType.put("type", type + ".other");
            assertFalse(passes(filters, otherType), name + ": filters pass another type than its filter's " + type);
            Map<String, String> noSubject = new TreeMap<>(event(type, input + "note-1.txt"));
            noSubject.remove("subject");
            assertFalse(passes(filters, noSubject), name + " passes an event without a subject");
        }
    }

    @Test
    void subscriptionsApiFiltersEvaluateAsKnativeDoes() throws Exception {
        JsonNode filters = Manifests.parseAll("""
                - exact: {type: t}
                - any:
                    - prefix: {subject: a/}
                    - suffix: {subject: .json}
                - not:
                    prefix: {subject: a/skip}
                """).get(0);
        assertTrue(passes(filters, Map.of("type", "t", "subject", "a/x")));
        assertTrue(passes(filters, Map.of("type", "t", "subject", "b/x.json")));
        assertFalse(passes(filters, Map.of("type", "t", "subject", "b/x.txt")));
        assertFalse(passes(filters, Map.of("type", "t", "subject", "a/skip/x")));
        assertFalse(passes(filters, Map.of("type", "u", "subject", "a/x")));
        assertFalse(passes(filters, Map.of("type", "t")));
    }

    /** The event a storage source sends for an object key: the type and the subject its convention puts the key in. */
    static Map<String, String> event(String type, String key) {
        String subject = switch (type) {
            // Google's storage CloudEvents (Eventarc, Knative's GCS source): subject objects/<name>.
            case "google.cloud.storage.object.v1.finalized" -> "objects/" + key;
            // The CloudEvents S3 adapter: subject = s3.object.key.
            case S3_OBJECT_CREATED -> key;
            default -> throw new AssertionError("no subject convention known for event type " + type);
        };
        return Map.of("specversion", "1.0", "id", "1", "source", "test", "type", type, "subject", subject);
    }

    /** A Trigger's filters against an event's attributes: every filter must pass (Knative's semantics). */
    static boolean passes(JsonNode filters, Map<String, String> attributes) {
        for (JsonNode filter : filters) {
            if (!passesOne(filter, attributes)) {
                return false;
            }
        }
        return true;
    }

    private static boolean passesOne(JsonNode filter, Map<String, String> attributes) {
        List<String> dialects = new java.util.ArrayList<>();
        filter.fieldNames().forEachRemaining(dialects::add);
        assertEquals(1, dialects.size(), "a filter must have exactly one dialect: " + filter);
        JsonNode value = filter.get(dialects.get(0));
        return switch (dialects.get(0)) {
            case "exact" -> matchAll(value, attributes, String::equals);
            case "prefix" -> matchAll(value, attributes, String::startsWith);
            case "suffix" -> matchAll(value, attributes, String::endsWith);
            case "all" -> passes(value, attributes);
            case "any" -> {
                boolean any = false;
                for (JsonNode nested : value) {
                    any |= passesOne(nested, attributes);
                }
                yield any;
            }
            case "not" -> !passesOne(value, attributes);
            default -> throw new AssertionError("filter dialect " + dialects.get(0) + " is not evaluated by this test");
        };
    }

    private static boolean matchAll(JsonNode expected, Map<String, String> attributes,
            java.util.function.BiPredicate<String, String> test) {
        assertFalse(expected.isEmpty(), "an empty filter expression");
        for (Map.Entry<String, JsonNode> entry : expected.properties()) {
            String actual = attributes.get(entry.getKey());
            if (actual == null || !test.test(actual, entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void deadLettersGoToAStoreThatKeepsThemOnAVolume() {
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> rendered = Manifests.rendered(overlay);
            Set<String> sinks = new TreeSet<>();
            for (JsonNode document : rendered) {
                JsonNode ref = document.path("spec").path("delivery").path("deadLetterSink").path("ref");
                if (!ref.isMissingNode()) {
                    assertEquals("v1", ref.path("apiVersion").asText(), overlay + ": " + Manifests.id(document) + " dead-letter sink");
                    assertEquals("Service", ref.path("kind").asText(), overlay + ": " + Manifests.id(document) + " dead-letter sink");
                    sinks.add(ref.path("name").asText());
                }
            }
            assertFalse(Manifests.ofKind(rendered, "Broker").isEmpty(), overlay + ": no Broker");
            assertEquals(1, sinks.size(), overlay + ": dead-letter sinks " + sinks);
            JsonNode service = Manifests.ofKind(rendered, "Service").stream()
                    .filter(s -> s.path("apiVersion").asText().equals("v1") && sinks.contains(s.path("metadata").path("name").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + ": dead-letter Service " + sinks + " not rendered"));
            JsonNode selector = service.path("spec").path("selector");
            assertFalse(selector.isEmpty(), overlay + ": the dead-letter Service selects no pods");
            JsonNode deployment = Manifests.ofKind(rendered, "Deployment").stream()
                    .filter(d -> selects(selector, d.path("spec").path("template").path("metadata").path("labels")))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no Deployment behind the dead-letter Service"));
            JsonNode pod = Manifests.podSpec(deployment);
            JsonNode container = pod.path("containers").get(0);
            assertFalse(container.path("image").asText().contains("event_display"), overlay + ": the dead-letter sink only logs");
            String dir = Manifests.env(container, "DEAD_LETTER_DIR")
                    .orElseThrow(() -> new AssertionError(overlay + ": the dead-letter store sets no DEAD_LETTER_DIR"));
            JsonNode volume = Manifests.volumeAt(pod, container, dir)
                    .orElseThrow(() -> new AssertionError(overlay + ": nothing is mounted at " + dir));
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
            assertFalse(claim.isEmpty(), overlay + ": dead letters are stored on " + volume + ", which dies with the pod");
            Manifests.named(rendered, "PersistentVolumeClaim", claim);
            // The program the container runs is the one infra/src/test exercises (DeadLetterStoreTest).
            assertTrue(container.path("command").toString().contains("DeadLetterStore.java"), overlay + ": command");
            String configMap = Manifests.volumeAt(pod, container, "/app").map(v -> v.path("configMap").path("name").asText()).orElse("");
            JsonNode program = Manifests.named(rendered, "ConfigMap", configMap);
            assertEquals(Manifests.readSource("infra/base/dead-letter-store/DeadLetterStore.java"),
                    program.path("data").path("DeadLetterStore.java").asText(), overlay + ": the ConfigMap's program");
            int port = container.path("ports").get(0).path("containerPort").asInt();
            assertEquals(String.valueOf(port), Manifests.env(container, "PORT").orElse(""), overlay + ": PORT");
            String target = service.path("spec").path("ports").get(0).path("targetPort").asText();
            assertTrue(target.equals(String.valueOf(port)) || target.equals(container.path("ports").get(0).path("name").asText()),
                    overlay + ": the Service's targetPort " + target + " is not the store's port");
            assertEquals("Recreate", deployment.path("spec").path("strategy").path("type").asText(),
                    overlay + ": one pod at a time on the ReadWriteOnce claim");
        }
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    static Properties medscribeEnv() {
        Properties env = new Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(Manifests.INFRA.resolve("base/medscribe.env"))) {
            env.load(reader);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return env;
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
