package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.medscribe.model.ModelKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class HealthAndEthicsTest {

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    @Test
    void readinessIsUpOnceTheBundlesAreLoadedAndNamesThem() {
        String sha = registry.bundle(ModelKind.DIFFUSION).orElseThrow().sha256();
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                // by name: drafting-bundles is a readiness check too, and checks come in no set order
                .body("checks.find { it.name == 'model-bundles' }.data.state", equalTo("READY"))
                .body("checks.find { it.name == 'model-bundles' }.data.diffusion", equalTo("sha256 " + sha + ", max length 128"))
                .body("checks.find { it.name == 'model-bundles' }.data.autoregressive", containsString("max length 128"));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void ethicsReportCitesTheLoadedBundlesAndListsPhiSpansByTypeAndOffset() {
        String note = "HPI: Mrs. Garcia, MRN 88812345, seen 02/03/2024, phone 555-201-3344. PLAN: rest.";
        given().contentType("application/json").body(java.util.Map.of("note", note))
                .when().post("/ethics-report")
                .then().statusCode(200)
                .body("models", equalTo(java.util.List.of("diffusion", "autoregressive")))
                .body("phiSpans", hasSize(4))
                .body("phiSpans[0].type", equalTo("NAME"))
                .body("phiSpans[0].start", equalTo(note.indexOf("Garcia")))
                .body("phiSpans[0].end", equalTo(note.indexOf("Garcia") + "Garcia".length()))
                .body("phiSpans.type", hasItem("MRN"))
                .body("phiSpans.type", hasItem("DATE"))
                .body("phiSpans.type", hasItem("PHONE"))
                .body("assessment.biasRisks.size()", equalTo(3))
                .body("assessment.privacyConcerns[0].safeguard", containsString("never note text"))
                .body("assessment.findings.model", hasItems("diffusion", "autoregressive"))
                // The tiny test bundles have no evaluation.json: unmeasured error rates are at least medium risk.
                .body("assessment.overallRiskLevel", equalTo("medium"))
                .body("assessment.justification", containsString("evaluation.json"));
    }

    @Test
    void requestsAreCountedPerFunctionAndModelInPrometheus() {
        given().contentType("application/json").body("{}").when().post("/ethics-report").then().statusCode(200);
        given().contentType("application/json").body("{\"steps\":4}").when().post("/generate").then().statusCode(200);
        given().contentType("application/json").body("{\"steps\":0}").when().post("/generate").then().statusCode(400);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("medscribe_function_requests_seconds_count{function=\"ethics-report\""))
                .body(containsString("medscribe_function_requests_seconds_count{function=\"generate\",model=\"diffusion\",outcome=\"ok\"}"))
                .body(containsString("medscribe_function_steps_count{function=\"generate\",model=\"diffusion\"}"))
                .body(containsString("medscribe_function_errors_total{function=\"generate\",status=\"400\"}"));
    }
}
