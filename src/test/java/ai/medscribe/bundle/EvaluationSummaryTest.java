package ai.medscribe.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EvaluationSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shippedEvaluationsReadAndWriteTheirHeadlineUnchanged() throws Exception {
        for (String model : new String[] {"diffusion", "autoregressive"}) {
            Path dir = ShippedBundlesTest.MODELS.resolve(model);
            JsonNode file = JSON.readTree(dir.resolve(EvaluationSummary.FILE_NAME).toFile());
            EvaluationSummary summary = EvaluationSummary.read(dir);
            assertNotNull(summary.structureRate(), model);
            ObjectNode written = JSON.valueToTree(summary);
            for (Iterator<String> keys = written.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                // an older file may lack a later headline key; the summary then holds null
                assertEquals(file.has(key) ? file.get(key) : JSON.nullNode(), written.get(key), model + " " + key);
            }
            if (model.equals("diffusion")) {
                List<String> order = new ArrayList<>();
                written.fieldNames().forEachRemaining(order::add);
                List<String> fileOrder = new ArrayList<>();
                file.fieldNames().forEachRemaining(fileOrder::add);
                assertEquals(fileOrder.subList(0, order.size()), order, "the headline keys come first, in the file's order");
            }
        }
    }

    @Test
    void figuresThatAreNotNumbersReadAsUnmeasuredAndUnknownKeysAreIgnored() throws Exception {
        EvaluationSummary s = EvaluationSummary.of(JSON.readTree(
                "{\"structure_rate\":\"high\",\"phrase_validity\":0.5,\"steps\":[1],\"extra\":{\"a\":1}}"));
        assertNull(s.figure(EvaluationSummary.STRUCTURE_RATE));
        assertEquals(0.5, s.figure(EvaluationSummary.PHRASE_VALIDITY));
        assertNull(s.steps());
        assertNull(EvaluationSummary.of(JSON.readTree("[1, 2]")));
    }
}
