package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** medscribe.require-gpu off (the default): no GPU check in readiness, which is UP on a CPU. */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
class GpuNotRequiredTest {

    @Inject
    BundleRegistry registry;

    @Test
    void readinessIsTheBundlesAloneWithoutTheSetting() throws InterruptedException {
        org.junit.jupiter.api.Assertions.assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("model-bundles"))
                .body("checks.name", not(hasItem("gpu")));
    }
}
