package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A bundle whose weights changed after export: readiness DOWN saying so, model calls 503, the rest serves. */
@QuarkusTest
@WithTestResource(CorruptBundleResource.class)
class CorruptBundleTest {

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void loadFinished() throws InterruptedException {
        assertEquals(BundleRegistry.State.FAILED, registry.await(Duration.ofMinutes(2)).state());
    }

    @Test
    void readinessIsDownWithWhatIsWrong() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'model-bundles' }.data.state", equalTo("FAILED"))
                .body("checks.find { it.name == 'model-bundles' }.data.reason", containsString("diffusion bundle corrupt"))
                .body("checks.find { it.name == 'model-bundles' }.data.reason", containsString(CorruptBundleResource.CORRUPT_FILE))
                .body("checks.find { it.name == 'model-bundles' }.data.reason", containsString("SHA-256 mismatch"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void modelCallsAreUnavailableNotBadAndValidationStillApplies() {
        given().contentType("application/json").body("{\"steps\":10,\"seed\":1}")
                .when().post("/generate")
                .then().statusCode(503).body("field", equalTo("model"))
                .body("message", containsString("SHA-256 mismatch"));
        given().contentType("application/json").body("{\"note\":\"HPI: cough\"}")
                .when().post("/infill")
                .then().statusCode(503).body("field", equalTo("model"));
        given().contentType("application/json").body("{\"steps\":0}")
                .when().post("/generate")
                .then().statusCode(400).body("field", equalTo("steps"));
        given().contentType("application/json").body("{}")
                .when().post("/ethics-report")
                .then().statusCode(200).body("assessment.justification", containsString("no model bundle is loaded"));
    }
}
