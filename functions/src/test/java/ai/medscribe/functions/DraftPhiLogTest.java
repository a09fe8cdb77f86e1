package ai.medscribe.functions;

import ai.medscribe.functions.bundles.BundleRegistry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import ai.medscribe.functions.bundles.DraftingBundles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * PhiLogTest for draft: a marked transcript (and marked field names and section names) through
 * draft, answered and refused, in both formats and both models, with the service's and Funqy's
 * categories at DEBUG: no log record holds the marker or the drafted text, none carries a stack
 * trace; the draft is logged with its sizes.
 */
@QuarkusTest
@WithTestResource(TinyDraftBundlesResource.class)
@TestProfile(PhiLogTest.Verbose.class)
class DraftPhiLogTest {

    private static final String MARK = "Phimark" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Inject
    BundleRegistry registry;
    @Inject
    DraftingBundles drafting;

    private static Response post(String body) {
        return given().contentType("application/json").body(body).when().post("/draft");
    }

    private static void expect(int status, Response r) {
        assertEquals(status, r.statusCode(), r.asString());
    }

    @Test
    void markedTranscriptsNeverReachTheLog() throws Exception {
        assertEquals(BundleRegistry.State.READY, registry.await(Duration.ofMinutes(2)).state());
        assertEquals(Map.of(), drafting.await(Duration.ofMinutes(2)).missing());
        PhiLogTest.Capture capture = new PhiLogTest.Capture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        List<String> drafted;
        try {
            String transcript = "Doctor: " + MARK + " Jane Roe, what brings you here?\\nPatient: I have had knee pain.";
            Response ok = post("{\"transcript\":\"" + transcript + "\",\"sections\":[\"HPI\",\"PLAN\"],\"steps\":4}");
            expect(200, ok);
            drafted = ok.jsonPath().getList("sections.text");
            expect(200, post("{\"transcript\":\"" + transcript + "\",\"model\":\"autoregressive\"}"));
            expect(200, post("{\"transcript\":\"" + transcript + "\",\"format\":\"fhir\"}"));
            // a whole encounter over the region (drafted from chosen turns), and one turn over it (refused)
            expect(200, post("{\"transcript\":\"" + (transcript + "\\n").repeat(20) + "\",\"steps\":4}"));
            expect(413, post("{\"transcript\":\"Patient: " + (MARK + " Jane Roe has knee pain. ").repeat(20) + "\"}"));
            expect(413, post("{\"transcript\":\"" + MARK.repeat(2100) + "\"}"));
            expect(400, post("{\"transcript\":\"" + transcript + "\",\"sections\":[\"" + MARK + "\"]}"));
            expect(400, post("{\"transcript\":\"" + transcript + "\",\"" + MARK + "\":1}"));
            expect(400, post("{\"transcript\":\"" + transcript + "\",\"model\":\"" + MARK + "\"}"));
            expect(400, post("{\"transcript\":{\"" + MARK + "\":1}}"));
            expect(400, post("{\"transcript\": " + MARK + "}"));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        List<String> lines = capture.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("draft: model diffusion, transcript")),
                "the draft is logged by its sizes: " + lines);
        String mark = MARK.toLowerCase(Locale.ROOT);
        assertEquals(List.of(), lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(mark)).toList());
        assertEquals(List.of(), lines.stream().filter(l -> l.contains("Jane") || l.contains("knee pain")).toList());
        for (String text : drafted) {
            if (text.strip().length() > 12) {
                assertEquals(List.of(), lines.stream().filter(l -> l.contains(text.strip())).toList(), "drafted text logged");
            }
        }
        assertEquals(List.of(), capture.withThrowable, "log records with a stack trace");
    }
}
