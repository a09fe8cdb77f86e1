package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * medscribe.require-gpu on a machine whose TensorFlow has no GPU (this one: the CPU natives): the
 * bundles load, yet readiness stays DOWN naming the reason; liveness stays UP.
 */
@QuarkusTest
@TestProfile(GpuReadinessTest.RequireGpu.class)
@WithTestResource(TinyBundlesResource.class)
class GpuReadinessTest {

    public static class RequireGpu implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medscribe.require-gpu", "true");
        }
    }

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    @Test
    void readinessIsDownWithTheReasonWhileTensorFlowHasNoGpu() throws InterruptedException {
        JsonPath ready = readinessOnceTensorFlowAnswered();
        assertEquals("DOWN", ready.getString("status"));
        assertEquals("UP", ready.getString("checks.find { it.name == 'model-bundles' }.status"));
        assertEquals("DOWN", ready.getString("checks.find { it.name == 'gpu' }.status"));
        String reason = ready.getString("checks.find { it.name == 'gpu' }.data.reason");
        org.hamcrest.MatcherAssert.assertThat(reason, containsString("no GPU visible to TensorFlow"));
        org.hamcrest.MatcherAssert.assertThat(reason, containsString("/device:GPU:0"));
        given().when().get("/q/health/ready").then().statusCode(503);
    }

    @Test
    void livenessStaysUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** TensorFlow is asked once, at start, off the start-up thread: wait for its answer. */
    private static JsonPath readinessOnceTensorFlowAnswered() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            JsonPath ready = given().when().get("/q/health/ready").then().extract().jsonPath();
            String reason = ready.getString("checks.find { it.name == 'gpu' }.data.reason");
            if (reason != null && !reason.startsWith("asking") || System.nanoTime() > deadline) {
                return ready;
            }
            Thread.sleep(100);
        }
    }
}
