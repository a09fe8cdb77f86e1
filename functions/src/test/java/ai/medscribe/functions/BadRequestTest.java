package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every bad request is answered 4xx naming the field; the service keeps serving afterwards: good
 * generate and infill requests on the tiny model (max length 128) still succeed.
 */
@QuarkusTest
@WithTestResource(TinyBundlesResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadRequestTest {

    @Inject
    BundleRegistry registry;

    @BeforeEach
    void bundlesLoaded() throws InterruptedException {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
    }

    static Stream<Arguments> badRequests() {
        String big = "x".repeat(8001);
        return Stream.of(
                Arguments.of("generate", "{\"steps\":0}", "steps"),
                Arguments.of("generate", "{\"steps\":129}", "steps"),
                Arguments.of("generate", "{\"steps\":\"ten\"}", "steps"),
                Arguments.of("generate", "{\"steps\":2.5}", "steps"),
                Arguments.of("generate", "{\"maxLength\":16,\"steps\":17}", "steps"),
                Arguments.of("generate", "{\"temperature\":0}", "temperature"),
                Arguments.of("generate", "{\"temperature\":-1}", "temperature"),
                Arguments.of("generate", "{\"temperature\":\"NaN\"}", "temperature"),
                Arguments.of("generate", "{\"temperature\":1e400}", "temperature"),
                Arguments.of("generate", "{\"maxLength\":0}", "maxLength"),
                Arguments.of("generate", "{\"maxLength\":129}", "maxLength"),
                Arguments.of("generate", "{\"maxLength\":8}", "maxLength"),
                Arguments.of("generate", "{\"maxLength\":8,\"mode\":\"placed\"}", "maxLength"),
                Arguments.of("generate", "{\"mode\":\"freestyle\"}", "mode"),
                Arguments.of("generate", "{\"remask\":\"no\"}", "remask"),
                Arguments.of("generate", "{\"blockLength\":-1}", "blockLength"),
                Arguments.of("generate", "{\"model\":\"autoregressive\",\"trace\":true}", "trace"),
                Arguments.of("generate", "{\"count\":0}", "count"),
                Arguments.of("generate", "{\"count\":17}", "count"),
                Arguments.of("generate", "{\"seed\":\"abc\"}", "seed"),
                Arguments.of("generate", "{\"seed\":1.5}", "seed"),
                Arguments.of("generate", "{\"strategy\":\"greedy\"}", "strategy"),
                Arguments.of("generate", "{\"model\":\"gpt\"}", "model"),
                Arguments.of("generate", "{\"trace\":\"yes\"}", "trace"),
                Arguments.of("generate", "{\"temprature\":1.0}", "temprature"),
                Arguments.of("generate", "[1,2]", "body"),
                Arguments.of("generate", "{\"steps\":", "body"),
                Arguments.of("infill", "{\"sections\":{\"HPI\":\"cough\"},\"generate\":[\"DIAGNOSIS\"]}", "generate[0]"),
                Arguments.of("infill", "{\"sections\":{\"SOCIAL\":\"smoker\"}}", "sections.SOCIAL"),
                Arguments.of("infill", "{\"sections\":{\"HPI\":5}}", "sections.HPI"),
                Arguments.of("infill", "{\"note\":\"" + big + "\"}", "note"),
                Arguments.of("infill", "{}", "note"),
                Arguments.of("infill", "{\"note\":\"HPI: x\",\"sections\":{}}", "note"),
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"lengths\":{\"PLAN\":500}}", "lengths.PLAN"),
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"generate\":[\"PLAN\"],\"lengths\":{\"HPI\":5}}",
                        "lengths.HPI"),
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"generate\":\"PLAN\"}", "generate"),
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"strategy\":\"greedy\"}", "strategy"),
                // ROS and EXAM are not written by default: a length for them names the section
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"lengths\":{\"ROS\":80,\"EXAM\":60}}", "lengths.ROS"),
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"observations\":\"generate\","
                        + "\"lengths\":{\"ROS\":80,\"EXAM\":60}}", "lengths"),
                Arguments.of("infill", "{\"note\":\"HPI: cough\",\"observations\":\"always\"}", "observations"),
                Arguments.of("infill", "{\"sections\":{\"HPI\":\"" + "patient reports chest pain for two days ".repeat(25)
                        + "\"},\"generate\":[\"PLAN\"]}", "sections.HPI"),
                Arguments.of("infill", "{\"note\":\"HPI: cough ROS: none EXAM: clear ASSESSMENT: viral PLAN: rest\"}",
                        "generate"),
                Arguments.of("benchmark", "{\"stepCounts\":[5,0]}", "stepCounts[1]"),
                Arguments.of("benchmark", "{\"stepCounts\":[]}", "stepCounts"),
                Arguments.of("benchmark", "{\"samples\":1000}", "samples"),
                Arguments.of("benchmark", "{\"includeAutoregressive\":1}", "includeAutoregressive"),
                Arguments.of("benchmark", "{\"stepCounts\":[64,64,64],\"samples\":60}", "samples"),
                Arguments.of("ethics-report", "{\"note\":42}", "note"),
                Arguments.of("complete-upload", "{\"name\":\"incoming/a.txt\"}", "bucket"),
                Arguments.of("complete-upload", "{\"bucket\":\"notes\"}", "name"),
                Arguments.of("complete-upload", "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"notes\"}}}]}",
                        "Records[0].s3.object.key"),
                Arguments.of("complete-upload", "{\"bucket\":\"notes\",\"name\":\"incoming/../secrets.txt\"}", "key"),
                Arguments.of("complete-upload", "{\"bucket\":\"notes\",\"name\":\"completed/a.json\"}", "key"),
                Arguments.of("complete-upload", "{\"bucket\":\"other\",\"name\":\"incoming/a.txt\"}", "bucket"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} {1} -> 4xx naming {2}")
    @MethodSource("badRequests")
    void badRequestIsAnswered4xxNamingTheField(String function, String body, String field) {
        given().contentType("application/json").body(body)
                .when().post("/" + function)
                .then().statusCode(greaterThanOrEqualTo(400)).statusCode(lessThan(500))
                .body("field", equalTo(field))
                .body("message", notNullValue());
    }

    @Test
    void binaryCloudEventWithoutKeyIsRefusedNamingTheField() {
        given().contentType("application/json")
                .header("ce-id", "1").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "google.cloud.storage.object.v1.finalized")
                .body("{\"bucket\":\"notes\"}")
                .when().post("/")
                .then().statusCode(400).body("field", equalTo("name"));
    }

    @Test
    void structuredCloudEventWithoutDataIsRefused() {
        given().contentType("application/cloudevents+json")
                .body("{\"id\":\"1\",\"specversion\":\"1.0\",\"source\":\"s3\",\"type\":\"com.amazonaws.s3.ObjectCreated\","
                        + "\"datacontenttype\":\"application/json\"}")
                .when().post("/")
                .then().statusCode(400).body("field", equalTo("data"));
    }

    @Test
    void limitIsStatedInTheAnswer() {
        given().contentType("application/json").body("{\"steps\":500}")
                .when().post("/generate")
                .then().statusCode(400).body("limit", equalTo("1..128"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void goodRequestsAfterTheBadOnesStillSucceed() {
        given().contentType("application/json").body("{\"steps\":8,\"seed\":1}")
                .when().post("/generate")
                .then().statusCode(200).body("notes", hasSize(1)).body("model.id", equalTo("diffusion-tiny"));
        given().contentType("application/json").body("{\"note\":\"HPI: patient presents with cough and fever\",\"steps\":8}")
                .when().post("/infill")
                .then().statusCode(200).body("sections.HPI", equalTo("patient presents with cough and fever"));
        given().contentType("application/json").body("{}")
                .when().post("/ethics-report")
                .then().statusCode(200).body("assessment.overallRiskLevel", equalTo("medium"));
    }
}
