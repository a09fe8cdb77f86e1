package ai.medscribe.functions;

import ai.medscribe.functions.api.FunctionNames;

import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.web.NoteStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.store.LocalObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The API description at /q/openapi: a valid OpenAPI 3 document that lists every function, and whose
 * every example request is answered as it says: the status of the response holding an example of the
 * same name, that response's required fields, the example's fields (and, for an error, its error and field).
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    private static JsonNode document() throws Exception {
        return JSON.readTree(given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    @Test
    void theDocumentIsValidOpenApi3AndListsEveryFunction() throws Exception {
        String yaml = given().when().get("/q/openapi").then().statusCode(200).extract().asString();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml);
        assertNotNull(parsed.getOpenAPI(), "parses as OpenAPI");
        assertEquals(List.of(), parsed.getMessages(), "no validation messages");
        JsonNode paths = document().path("paths");
        for (String function : FunctionNames.ALL) {
            assertTrue(paths.has("/" + function), function + " is described");
        }
        assertTrue(paths.has("/"), "the CloudEvent entry point is described");
        String cloudEvents = paths.path("/").toString();
        assertTrue(cloudEvents.contains("google.cloud.storage.object.v1.finalized")
                && cloudEvents.contains("com.amazonaws.s3.ObjectCreated") && cloudEvents.contains("complete-upload.output"));
    }

    @Test
    void requestSchemasAreGeneratedFromTheRecordsWithTheirLimits() throws Exception {
        JsonNode doc = document();
        JsonNode schemas = doc.path("components").path("schemas");
        Map<String, String> requestOf = Map.of("/generate", "GenerateRequest", "/infill", "InfillRequest",
                "/benchmark", "BenchmarkRequest", "/ethics-report", "EthicsRequest", "/draft", "DraftRequest");
        for (Map.Entry<String, String> e : requestOf.entrySet()) {
            JsonNode schema = doc.path("paths").path(e.getKey()).path("post").path("requestBody").path("content")
                    .path("application/json").path("schema");
            assertEquals("#/components/schemas/" + e.getValue(), schema.path("$ref").asText(), e.getKey());
            assertEquals(false, schemas.path(e.getValue()).path("additionalProperties").asBoolean(true),
                    e.getValue() + " refuses unknown fields");
        }
        // the tiny model's maximum length (128) and the configured limits
        JsonNode generate = schemas.path("GenerateRequest").path("properties");
        assertEquals(1, generate.path("steps").path("minimum").asInt(), generate.toString());
        assertEquals(128, generate.path("steps").path("maximum").asInt(), generate.toString());
        assertEquals(16, generate.path("count").path("maximum").asInt(), generate.toString());
        assertEquals(List.of("diffusion", "autoregressive"), JSON.convertValue(generate.path("model").path("enum"), List.class));
        JsonNode infill = schemas.path("InfillRequest").path("properties");
        assertEquals(8000, infill.path("note").path("maxLength").asInt(), infill.toString());
        assertEquals(16, infill.path("notes").path("maxItems").asInt(), infill.toString());
        assertEquals(5, infill.path("generate").path("maxItems").asInt(), infill.toString());
        assertEquals(128, infill.path("lengths").path("additionalProperties").path("maximum").asInt(), infill.toString());
        assertEquals(8000, schemas.path("InfillNote").path("properties").path("note").path("maxLength").asInt());
        JsonNode benchmark = schemas.path("BenchmarkRequest").path("properties");
        assertEquals(128, benchmark.path("stepCounts").path("items").path("maximum").asInt(), benchmark.toString());
        assertEquals(8, benchmark.path("stepCounts").path("maxItems").asInt(), benchmark.toString());
        JsonNode draft = schemas.path("DraftRequest");
        assertEquals(20000, draft.path("properties").path("transcript").path("maxLength").asInt(), draft.toString());
        assertEquals(512, draft.path("properties").path("steps").path("maximum").asInt(), draft.toString());
        assertTrue(draft.path("required").toString().contains("transcript"), draft.toString());
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void everyExampleRequestIsAnsweredAsTheDocumentSays() throws Exception {
        new LocalObjectStore(java.nio.file.Path.of("target/test-store")).put("notes", "incoming/openapi-example.txt",
                "HPI: cough and fever\nEXAM: mild wheezing\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        JsonNode doc = document();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode operation = path.getValue().path("post");
            for (Iterator<Map.Entry<String, JsonNode>> media = operation.path("requestBody").path("content").fields(); media
                    .hasNext();) {
                Map.Entry<String, JsonNode> content = media.next();
                for (Iterator<Map.Entry<String, JsonNode>> examples = content.getValue().path("examples").fields(); examples
                        .hasNext();) {
                    Map.Entry<String, JsonNode> example = examples.next();
                    check(doc, path.getKey(), operation, content.getKey(), example.getKey(), example.getValue().path("value"));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 15, "examples checked: " + checked);
    }

    private static void check(JsonNode doc, String path, JsonNode operation, String mediaType, String name, JsonNode body)
            throws Exception {
        String what = path + " " + mediaType + " example " + name;
        // The response that holds an example of the same name.
        String status = null;
        JsonNode response = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = operation.path("responses").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> r = it.next();
            JsonNode resolved = resolve(doc, r.getValue());
            for (JsonNode c : resolved.path("content")) {
                if (c.path("examples").has(name)) {
                    assertEquals(null, status, what + ": one response per example name");
                    status = r.getKey();
                    response = resolved;
                }
            }
        }
        assertNotNull(status, what + ": no response holds an example of this name");
        RequestSpecification request = given().contentType(mediaType).body(JSON.writeValueAsString(body));
        if (mediaType.equals("application/json")) {
            for (JsonNode p : operation.path("parameters")) {
                if (p.path("in").asText().equals("header") && p.has("example")) {
                    request.header(p.path("name").asText(), p.path("example").asText());
                }
            }
        }
        Response answer = request.when().post(path);
        assertEquals(Integer.parseInt(status), answer.statusCode(), what + ": " + answer.asString());
        boolean stream = answer.contentType().startsWith(NoteStream.MEDIA_TYPE);
        // A stream (Server-Sent Events) is checked by its result event, after at least one step event.
        JsonNode actual = JSON.readTree(stream ? result(answer.asString(), what) : answer.asString());
        String answered = stream ? NoteStream.MEDIA_TYPE : mediaType;
        JsonNode content = response.path("content").has(answered) ? response.path("content").path(answered)
                : response.path("content").path("application/json");
        List<String> missing = missingRequired(doc, content.path("schema"), actual);
        assertEquals(List.of(), missing, what + ": required fields of the documented schema");
        JsonNode expected = content.path("examples").path(name).path("value");
        JsonNode expectedItem = expected.isArray() && expected.size() > 0 ? expected.get(0) : expected;
        JsonNode actualItem = actual.isArray() && actual.size() > 0 ? actual.get(0) : actual;
        for (Iterator<String> fields = expectedItem.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            assertTrue(actualItem.has(field), what + ": the answer has the example's field " + field);
        }
        if (!status.startsWith("2")) {
            assertEquals(expected.path("error").asText(), actual.path("error").asText(), what + ": error");
            assertEquals(expected.path("field").asText(), actual.path("field").asText(), what + ": field");
        }
    }

    private static String result(String events, String what) {
        assertTrue(events.startsWith("event: step\n"), what + ": the stream starts with a step");
        int at = events.indexOf("event: result\ndata: ");
        assertTrue(at > 0 && events.endsWith("event: end\ndata: {}\n\n"), what + ": a result, then end");
        String data = events.substring(at + "event: result\ndata: ".length());
        return data.substring(0, data.indexOf('\n'));
    }

    /** The required fields (by the schema's required lists, through $ref, items and oneOf) the value lacks. */
    private static List<String> missingRequired(JsonNode doc, JsonNode schema, JsonNode value) {
        schema = resolve(doc, schema);
        List<String> missing = new ArrayList<>();
        if (schema.has("oneOf")) {
            List<String> best = null;
            for (JsonNode alternative : schema.path("oneOf")) {
                List<String> m = missingRequired(doc, alternative, value);
                if (best == null || m.size() < best.size()) {
                    best = m;
                }
            }
            return best;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                missing.addAll(missingRequired(doc, schema.path("items"), item));
            }
            return missing;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                missing.add(required.asText());
            }
        }
        return missing;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.path("$ref").asText();
            node = doc.at(ref.substring(1));
        }
        return node;
    }
}
