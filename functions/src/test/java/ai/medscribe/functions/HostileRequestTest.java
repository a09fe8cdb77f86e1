package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Method;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Requests a broker, a scanner or a careless client may send: every one is a client fault answered
 * 4xx with the error shape {@code {error, field, limit, message}} (never a 500, which a broker would
 * redeliver forever), and the service is live, ready and serving afterwards. One case per fault,
 * among them each 500 found by the issue-12 review (an empty body to generate, an empty binary
 * CloudEvent, a bad percent escape in an S3 key, structured CloudEvents without type or specversion
 * or with an array as envelope) and each CloudEvent it accepted without the required attributes.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestTest {

    private static final Set<String> ERROR_FIELDS = Set.of("error", "field", "limit", "message");
    private static final String GCS = "google.cloud.storage.object.v1.finalized";
    private static final String S3 = "com.amazonaws.s3.ObjectCreated";

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    /** A request: method, path, Content-Type (null: none), headers, body (null: none). */
    record Call(Method method, String path, String contentType, Map<String, String> headers, String body) {

        Response send() {
            RequestSpecification spec = given();
            if (contentType != null) {
                spec = spec.contentType(contentType);
            } else {
                spec = spec.noContentType();
            }
            spec = spec.headers(headers);
            if (body != null) {
                spec = spec.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return spec.when().request(method, path);
        }

        @Override
        public String toString() {
            String shown = body == null ? "-" : body.length() > 60 ? body.substring(0, 60) + "..." : body;
            return method + " " + path + " [" + contentType + "] " + headers.keySet() + " " + shown;
        }
    }

    static Call post(String path, String body) {
        return new Call(Method.POST, path, "application/json", Map.of(), body);
    }

    static Call binary(String path, String type, String body, String... drop) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-id", "evt-1");
        headers.put("ce-specversion", "1.0");
        headers.put("ce-source", "test");
        headers.put("ce-type", type);
        for (int i = 0; i + 1 < drop.length; i += 2) {
            if (drop[i + 1] == null) {
                headers.remove(drop[i]);
            } else {
                headers.put(drop[i], drop[i + 1]);
            }
        }
        return new Call(Method.POST, path, "application/json", headers, body);
    }

    static Call structured(String path, String envelope) {
        return new Call(Method.POST, path, "application/cloudevents+json", Map.of(), envelope);
    }

    static String envelope(String without, String data) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("id", "\"evt-2\"");
        attributes.put("specversion", "\"1.0\"");
        attributes.put("source", "\"test\"");
        attributes.put("type", "\"" + GCS + "\"");
        attributes.put("datacontenttype", "\"application/json\"");
        attributes.remove(without);
        StringBuilder json = new StringBuilder("{");
        attributes.forEach((k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
        return json.append("\"data\":").append(data).append('}').toString();
    }

    static String s3Data(String key) {
        return "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"notes\"},\"object\":{\"key\":\"" + key + "\"}}}]}";
    }

    static final String GCS_DATA = "{\"bucket\":\"notes\",\"name\":\"incoming/hostile-none.txt\"}";

    static Stream<Arguments> hostile() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        return Stream.of(
                // The 500s.
                Arguments.of(binary("/", GCS, ""), 400, "data"),
                Arguments.of(binary("/complete-upload", S3, ""), 400, "data"),
                Arguments.of(post("/complete-upload", s3Data("incoming/%zz.txt")), 400, "Records[0].s3.object.key"),
                Arguments.of(binary("/complete-upload", S3, s3Data("incoming/%zz.txt")), 400, "Records[0].s3.object.key"),
                Arguments.of(post("/complete-upload", s3Data("incoming/%2")), 400, "Records[0].s3.object.key"),
                Arguments.of(structured("/", envelope("type", GCS_DATA)), 400, "type"),
                Arguments.of(structured("/", envelope("specversion", GCS_DATA)), 400, "specversion"),
                Arguments.of(structured("/", "[" + envelope("", GCS_DATA) + "]"), 400, "body"),
                // The accepted-but-invalid CloudEvents.
                Arguments.of(binary("/", GCS, GCS_DATA, "ce-specversion", null), 400, "ce-specversion"),
                Arguments.of(binary("/", GCS, GCS_DATA, "ce-source", null), 400, "ce-source"),
                Arguments.of(binary("/", GCS, GCS_DATA, "ce-specversion", "9.9"), 400, "ce-specversion"),
                // The like.
                Arguments.of(binary("/", GCS, GCS_DATA, "ce-type", null), 400, "ce-type"),
                Arguments.of(binary("/", GCS, GCS_DATA, "ce-id", ""), 400, "ce-id"),
                Arguments.of(binary("/", GCS, GCS_DATA, "ce-source", " "), 400, "ce-source"),
                Arguments.of(binary("/", GCS, "   "), 400, "data"),
                Arguments.of(binary("/", GCS, "{\"bucket\":"), 400, "body"),
                Arguments.of(binary("/", "no.such.type", GCS_DATA), 404, "path"),
                Arguments.of(new Call(Method.POST, "/", "text/plain", Map.of("ce-id", "1", "ce-specversion", "1.0",
                        "ce-source", "test", "ce-type", GCS), GCS_DATA), 415, "Content-Type"),
                Arguments.of(structured("/", ""), 400, "body"),
                Arguments.of(structured("/", "{\"id\":"), 400, "body"),
                Arguments.of(structured("/", "\"just a string\""), 400, "body"),
                Arguments.of(structured("/", envelope("", GCS_DATA).replace("\"1.0\"", "\"9.9\"")), 400, "specversion"),
                Arguments.of(structured("/", envelope("", GCS_DATA).replace("\"1.0\"", "1.0")), 400, "specversion"),
                Arguments.of(structured("/", envelope("id", GCS_DATA)), 400, "id"),
                Arguments.of(structured("/", envelope("source", GCS_DATA)), 400, "source"),
                Arguments.of(structured("/", envelope("", GCS_DATA).replace("\"" + GCS + "\"", "42")), 400, "type"),
                Arguments.of(structured("/", envelope("", GCS_DATA).replace("\"application/json\"", "\"text/plain\"")),
                        415, "datacontenttype"),
                Arguments.of(structured("/", envelope("", "null")), 400, "data"),
                Arguments.of(structured("/", envelope("", "[1,2]")), 400, "data"),
                Arguments.of(structured("/", envelope("", "\"incoming/a.txt\"")), 400, "data"),
                Arguments.of(structured("/complete-upload", envelope("", s3Data("incoming/%zz.txt")).replace(GCS, S3)),
                        400, "Records[0].s3.object.key"),
                Arguments.of(post("/complete-upload", s3Data("incoming/%00.txt")), 403, "key"),
                Arguments.of(post("/complete-upload", s3Data("incoming/%2e%2e/secrets.txt")), 403, "key"),
                Arguments.of(post("/complete-upload", s3Data("incoming/" + "a".repeat(1100))), 400,
                        "Records[0].s3.object.key"),
                Arguments.of(post("/complete-upload", "{\"Records\":[]}"), 400, "Records"),
                Arguments.of(post("/complete-upload", "\"incoming/a.txt\""), 400, "data"),
                Arguments.of(post("/complete-upload", ""), 400, "bucket"),
                Arguments.of(post("/infill", ""), 400, "note"),
                Arguments.of(post("/generate", "{} {}"), 400, "body"),
                Arguments.of(post("/generate", deep), 400, "body"),
                Arguments.of(post("/generate", "{\"steps\":1e999999}"), 400, "steps"),
                Arguments.of(post("/ethics-report", "{\"note\":\"\\ud800\"}"), 200, null),
                Arguments.of(new Call(Method.POST, "/generate", "text/plain", Map.of(), "{}"), 415, "Content-Type"),
                Arguments.of(new Call(Method.POST, "/generate", null, Map.of(), "{}"), 415, "Content-Type"),
                Arguments.of(new Call(Method.POST, "/generate", "application/cloudevents-batch+json", Map.of(), "[]"),
                        415, "Content-Type"),
                Arguments.of(new Call(Method.GET, "/generate?steps=3", null, Map.of(), null), 405, "method"),
                Arguments.of(new Call(Method.GET, "/", null, Map.of(), null), 405, "method"),
                Arguments.of(new Call(Method.PUT, "/infill", "application/json", Map.of(), "{}"), 405, "method"),
                Arguments.of(new Call(Method.DELETE, "/complete-upload", null, Map.of(), null), 405, "method"),
                Arguments.of(post("/no-such-function", "{}"), 404, "path"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("hostile")
    void hostileRequestIsAClientFaultWithTheErrorShape(Call call, int status, String field) {
        Response r = call.send();
        assertEquals(status, r.statusCode(), r.asString());
        if (status >= 400) {
            Map<String, Object> body = r.jsonPath().getMap("");
            assertTrue(ERROR_FIELDS.containsAll(body.keySet()), "error shape: " + body.keySet());
            assertEquals(field, body.get("field"), r.asString());
            assertTrue(body.get("error") instanceof String && body.get("message") instanceof String, r.asString());
        }
    }

    @Order(2)
    @Test
    void aCloudEventIsCheckedAsTheRequestOfTheFunctionItsTypeNames() {
        // Funqy routes an event by its type, whatever the path: generate's limits apply, not ethics-report's
        Response r = binary("/ethics-report", "generate", "{\"temperature\":50}").send();
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("temperature", r.jsonPath().getString("field"), r.asString());
        assertEquals("finite, > 0 and <= 10.0", r.jsonPath().getString("limit"), r.asString());
    }

    @Order(2)
    @Test
    void anEmptyBodyToGenerateIsAnEmptyObject() {
        given().contentType("application/json").body("")
                .when().post("/generate")
                .then().statusCode(200).body("notes", hasSize(1)).body("model.id", equalTo("diffusion-tiny"));
        given().contentType("application/json")
                .when().post("/ethics-report")
                .then().statusCode(200).body("assessment", notNullValue());
    }

    @Order(Integer.MAX_VALUE)
    @Test
    void theServiceIsLiveReadyAndServingAfterwards() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().contentType("application/json").body("{\"steps\":8,\"seed\":3}")
                .when().post("/generate")
                .then().statusCode(200).body("notes", hasSize(1));
        given().contentType("application/json").body("{\"note\":\"HPI: cough and fever\",\"steps\":8}")
                .when().post("/infill")
                .then().statusCode(200).body("sections.HPI", equalTo("cough and fever"));
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
