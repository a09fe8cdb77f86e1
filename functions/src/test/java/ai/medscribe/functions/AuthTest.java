package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.medscribe.store.LocalObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Authentication on: every function, the CloudEvent root and /q/metrics answer 401 (JSON, with
 * {@code WWW-Authenticate: Bearer}) without a token or with one that was signed by another key, names
 * another issuer, or has expired, and serve a valid token; health stays open. The upload trigger is
 * limited to the Broker's subject here, as medscribe.auth.trigger-subjects allows.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
@TestProfile(AuthTest.AuthOn.class)
class AuthTest {

    static final String ISSUER = "https://medscribe.test/issuer";
    static final String BROKER = "system:serviceaccount:medscribe:broker";
    static final String AUDIENCE = "medscribe-functions";
    private static final String KEY = "auth/test-private-key.pem";
    private static final String OTHER_KEY = "auth/other-private-key.pem";
    private static final String MARKER = "ZEBRA-MRN-4471";
    private static final Set<String> ERROR_FIELDS = Set.of("error", "field", "limit", "message");

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medscribe.auth.enabled", "true", "medscribe.auth.trigger-subjects", BROKER + ",other-broker",
                    "mp.jwt.verify.audiences", AUDIENCE);
        }
    }

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    static String token(String subject) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).expiresIn(300).sign(KEY);
    }

    /** A request each path serves with status 200 once the caller is let in (the trigger's needs an upload). */
    private static Response call(String path, RequestSpecification spec) {
        return switch (path) {
            case "/generate" -> spec.contentType("application/json").body("{\"steps\":2,\"seed\":1}")
                    .post(path);
            case "/infill" -> spec.contentType("application/json")
                    .body(Map.of("sections", Map.of("HPI", "cough " + MARKER), "generate", List.of("PLAN"), "steps", 2))
                    .post(path);
            case "/generate/stream" -> spec.contentType("application/json").body("{\"steps\":2,\"seed\":1}")
                    .post(path);
            case "/infill/stream" -> spec.contentType("application/json")
                    .body(Map.of("sections", Map.of("HPI", "cough " + MARKER), "generate", List.of("PLAN"), "steps", 2))
                    .post(path);
            case "/benchmark" -> spec.contentType("application/json")
                    .body(Map.of("stepCounts", List.of(2), "samples", 1, "includeAutoregressive", false)).post(path);
            case "/ethics-report" -> spec.contentType("application/json").body(Map.of("note", "HPI: " + MARKER)).post(path);
            case "/draft" -> spec.contentType("application/json")
                    .body(Map.of("transcript", "Doctor: Hi.\nPatient: " + MARKER)).post(path);
            case "/complete-upload" -> spec.contentType("application/json")
                    .body("{\"bucket\":\"notes\",\"name\":\"" + upload("incoming/auth-plain.txt") + "\"}").post(path);
            case "/" -> spec.contentType("application/json").header("ce-id", "auth-1").header("ce-specversion", "1.0")
                    .header("ce-source", "//storage.googleapis.com").header("ce-type", "google.cloud.storage.object.v1.finalized")
                    .body("{\"bucket\":\"notes\",\"name\":\"" + upload("incoming/auth-event.txt") + "\"}").post(path);
            case "/q/metrics" -> spec.get(path);
            default -> throw new IllegalArgumentException(path);
        };
    }

    private static String upload(String key) {
        new LocalObjectStore(Path.of("target/test-store")).put("notes", key,
                "HPI: cough for 3 days. ROS: no fever.".getBytes(StandardCharsets.UTF_8), "text/plain");
        return key;
    }

    private static void assertRefused(Response answer, String path, int status) {
        assertEquals(status, answer.statusCode(), path + ": " + answer.asString());
        assertTrue(answer.contentType().startsWith("application/json"), path + ": " + answer.contentType());
        assertTrue(ERROR_FIELDS.containsAll(answer.jsonPath().getMap("").keySet()), path + ": " + answer.asString());
        assertFalse(answer.asString().contains(MARKER), path + ": the answer echoes the request");
        assertFalse(answer.asString().contains("Exception") || answer.asString().contains("\tat "), path + ": a stack trace");
        if (status == 401) {
            assertEquals("unauthorized", answer.jsonPath().getString("error"), path);
            assertTrue(answer.header("WWW-Authenticate").startsWith("Bearer"), path);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/infill", "/benchmark", "/ethics-report", "/complete-upload", "/", "/q/metrics",
        "/generate/stream", "/infill/stream", "/draft"})
    void withoutATokenEveryFunctionAndMetricsAnswer401(String path) {
        Response answer = call(path, given());
        assertRefused(answer, path, 401);
        assertEquals("Bearer", answer.header("WWW-Authenticate"));
        assertTrue(answer.jsonPath().getString("message").contains("needs a bearer token"), answer.asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/infill", "/benchmark", "/ethics-report", "/complete-upload", "/", "/q/metrics"})
    void aTokenSignedByAnotherKeyIs401(String path) {
        String forged = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(BROKER).upn(BROKER).expiresIn(300)
                .sign(OTHER_KEY);
        Response answer = call(path, given().auth().oauth2(forged));
        assertRefused(answer, path, 401);
        assertEquals("Bearer error=\"invalid_token\"", answer.header("WWW-Authenticate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/complete-upload", "/q/metrics"})
    void aTokenOfAnotherIssuerIs401(String path) {
        String foreign = Jwt.issuer("https://elsewhere.example/issuer").audience(AUDIENCE).subject(BROKER).upn(BROKER).expiresIn(300).sign(KEY);
        assertRefused(call(path, given().auth().oauth2(foreign)), path, 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/ethics-report", "/", "/q/metrics"})
    void anExpiredTokenIs401(String path) {
        Instant now = Instant.now();
        String expired = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(BROKER).upn(BROKER).issuedAt(now.minusSeconds(3600))
                .expiresAt(now.minusSeconds(600)).sign(KEY);
        assertRefused(call(path, given().auth().oauth2(expired)), path, 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/benchmark", "/", "/q/metrics"})
    void aTokenForAnotherAudienceOrNoneIs401(String path) {
        String elsewhere = Jwt.issuer(ISSUER).audience("another-service").subject(BROKER).upn(BROKER).expiresIn(300).sign(KEY);
        assertRefused(call(path, given().auth().oauth2(elsewhere)), path, 401);
        String none = Jwt.issuer(ISSUER).subject(BROKER).upn(BROKER).expiresIn(300).sign(KEY);
        assertRefused(call(path, given().auth().oauth2(none)), path, 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/infill", "/q/metrics"})
    void somethingThatIsNotAJwtIs401(String path) {
        assertRefused(call(path, given().header("Authorization", "Bearer " + MARKER)), path, 401);
        assertRefused(call(path, given().header("Authorization", "Basic " + MARKER)), path, 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/infill", "/benchmark", "/ethics-report", "/complete-upload", "/", "/q/metrics"})
    void aValidTokenIsServed(String path) {
        Response answer = call(path, given().auth().oauth2(token(BROKER)));
        assertEquals(200, answer.statusCode(), path + ": " + answer.asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/complete-upload", "/"})
    void onlyTheConfiguredSubjectsMayCallTheTrigger(String path) {
        assertRefused(call(path, given().auth().oauth2(token("clinician"))), path, 403);
        assertEquals(200, call(path, given().auth().oauth2(token("other-broker"))).statusCode(), path);
    }

    @Test
    void otherSubjectsStillCallTheOtherFunctions() {
        assertEquals(200, call("/ethics-report", given().auth().oauth2(token("clinician"))).statusCode());
    }

    @Test
    void healthStaysOpenWithoutAToken() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health").then().statusCode(200);
        given().auth().oauth2(token("clinician")).when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theApiDescriptionIsOpenAndTheFunctionsItDescribesAreNot() {
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().contentType("application/json").body("{\"format\":\"fhir\"}").when().post("/generate")
                .then().statusCode(401);
    }

    /** The playground loads without a token (static files, no data); the streams it calls need one. */
    @Test
    void thePlaygroundPageIsOpenAndTheStreamsItCallsAreNot() {
        for (String file : List.of("/playground/", "/playground/playground.js", "/playground/playground.css")) {
            given().when().get(file).then().statusCode(200);
        }
        given().contentType("application/json").body("{\"steps\":2}").when().post("/generate/stream")
                .then().statusCode(401);
        given().contentType("application/json").auth().oauth2(token("dev")).body("{\"steps\":2}").when()
                .post("/generate/stream").then().statusCode(200);
    }

    /** The token medscribe.sh mints (dev-token/DevToken.java, JDK only) is one these functions accept. */
    @Test
    void theDevTokenProgramMintsAnAcceptedToken() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("medscribe-dev-token");
        try (var key = AuthTest.class.getClassLoader().getResourceAsStream(KEY)) {
            Files.copy(key, dir.resolve("private-key.pem"));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process mint = new ProcessBuilder(java.toString(), Path.of("dev-token/DevToken.java").toAbsolutePath().toString(),
                dir.toString(), ISSUER, "dev", "5", AUDIENCE).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(mint.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, mint.exitValue());
        assertEquals(3, token.split("\\.").length, token);
        assertEquals(200, call("/ethics-report", given().auth().oauth2(token)).statusCode());
        assertRefused(call("/complete-upload", given().auth().oauth2(token)), "/complete-upload", 403);
    }
}
