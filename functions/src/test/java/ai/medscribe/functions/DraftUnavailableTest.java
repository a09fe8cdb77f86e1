package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import ai.medscribe.functions.bundles.DraftingBundles;
import ai.medscribe.model.ModelKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Without drafting bundles (the test profile's medscribe.drafting.dir is empty): draft answers 503
 * naming the missing bundle, readiness stays UP and names it, and generate and infill keep serving.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class DraftUnavailableTest {

    @Inject
    BundleRegistry registry;
    @Inject
    DraftingBundles drafting;

    @Test
    void draftIs503NamingTheMissingBundleWhileTheRestServes() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
        DraftingBundles.Status s = drafting.await(Duration.ofMinutes(1));
        assertEquals(DraftingBundles.State.LOADED, s.state());
        assertEquals(2, s.missing().size());
        given().contentType("application/json").body("{\"transcript\":\"Doctor: Hi.\\nPatient: Hello.\"}")
                .when().post("/draft").then().statusCode(503).body("error", equalTo("model unavailable"))
                .body("field", equalTo("model"))
                .body("message", allOf(containsString("diffusion"), containsString("no drafting bundle"),
                        containsString("medscribe.drafting.dir")));
        given().contentType("application/json").body("{\"transcript\":\"Doctor: Hi.\",\"model\":\"autoregressive\"}")
                .when().post("/draft").then().statusCode(503).body("message", containsString("autoregressive"));
        // a bad request is still a 400, checked before the model is needed
        given().contentType("application/json").body("{\"transcript\":\"\"}").when().post("/draft").then()
                .statusCode(400).body("field", equalTo("transcript"));
        given().contentType("application/json").body("{\"steps\":4,\"seed\":3}").when().post("/generate").then()
                .statusCode(200).body("notes", hasSize(1));
        given().contentType("application/json").body("{\"note\":\"HPI: cough\\nPLAN:\",\"steps\":4}").when()
                .post("/infill").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'drafting-bundles' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'drafting-bundles' }.data." + ModelKind.DIFFUSION.id(),
                        containsString("unavailable: no drafting bundle"));
    }
}
