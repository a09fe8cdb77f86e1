package ai.medscribe.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthAndEthicsTest {

    @Test
    void readinessIsDownWithTheReasonWhenNoBundleIsThere() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.state", equalTo("FAILED"))
                .body("checks[0].data.reason", containsString("diffusion bundle missing"));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void ethicsReportListsPhiSpansByTypeAndOffset() {
        String note = "HPI: Mrs. Garcia, MRN 88812345, seen 02/03/2024, phone 555-201-3344. PLAN: rest.";
        given().contentType("application/json").body(java.util.Map.of("note", note))
                .when().post("/ethics-report")
                .then().statusCode(200)
                .body("phiSpans", hasSize(4))
                .body("phiSpans[0].type", equalTo("NAME"))
                .body("phiSpans[0].start", equalTo(note.indexOf("Garcia")))
                .body("phiSpans[0].end", equalTo(note.indexOf("Garcia") + "Garcia".length()))
                .body("phiSpans.type", hasItem("MRN"))
                .body("phiSpans.type", hasItem("DATE"))
                .body("phiSpans.type", hasItem("PHONE"))
                .body("assessment.biasRisks.size()", equalTo(3))
                .body("assessment.privacyConcerns[0].safeguard", containsString("never note text"))
                .body("assessment.overallRiskLevel", equalTo("medium"))
                .body("assessment.justification", containsString("no model bundle is loaded"));
    }

    @Test
    void requestsAreCountedPerFunctionInPrometheus() {
        given().contentType("application/json").body("{}").when().post("/ethics-report").then().statusCode(200);
        given().contentType("application/json").body("{\"steps\":0}").when().post("/generate").then().statusCode(400);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("medscribe_function_requests_seconds_count{function=\"ethics-report\""))
                .body(containsString("medscribe_function_errors_total{function=\"generate\",status=\"400\"}"));
    }
}
