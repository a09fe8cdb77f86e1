package ai.medscribe.bundle;

import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionThreadsTest {

    @Test
    void thePropertyComesBeforeTheEnvironmentAndUnsetIsTensorFlowsDefault() {
        assertEquals(0, SessionThreads.configured(k -> null, k -> null));
        assertEquals(2, SessionThreads.configured(k -> null, Map.of(SessionThreads.ENV, "2")::get));
        assertEquals(1, SessionThreads.configured(Map.of(SessionThreads.PROPERTY, " 1 ")::get,
                Map.of(SessionThreads.ENV, "2")::get));
        assertEquals(1, SessionThreads.config(1).getIntraOpParallelismThreads());
    }

    @Test
    void aBadSettingIsRefusedByName() {
        for (String bad : new String[] {"-1", "two", "1.5", "5000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionThreads.configured(k -> null, Map.of(SessionThreads.ENV, bad)::get));
            assertTrue(e.getMessage().startsWith(SessionThreads.ENV) && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void oneThreadGivesTheSameLogitsAndABadValueRefusesTheLoad() throws IOException {
        Path diffusion = ShippedBundlesTest.MODELS.resolve("diffusion");
        int[][] tokens = new int[1][64];
        Arrays.fill(tokens[0], Tokenizer.MASK_ID);
        float[][][] reference;
        try (ModelBundle bundle = ModelBundle.load(diffusion)) {
            reference = bundle.logits(tokens, new float[] {0.5f});
        }
        try {
            System.setProperty(SessionThreads.PROPERTY, "1");
            try (ModelBundle bundle = ModelBundle.load(diffusion)) {
                float[][][] single = bundle.logits(tokens, new float[] {0.5f});
                for (int p = 0; p < tokens[0].length; p++) {
                    for (int v = 0; v < single[0][p].length; v++) {
                        assertEquals(reference[0][p][v], single[0][p][v], 1e-4f, "position " + p);
                    }
                }
            }
            System.setProperty(SessionThreads.PROPERTY, "many");
            IOException e = assertThrows(IOException.class, () -> ModelBundle.load(diffusion));
            assertTrue(e.getMessage().contains(SessionThreads.PROPERTY), e.getMessage());
        } finally {
            System.clearProperty(SessionThreads.PROPERTY);
        }
    }
}
