package ai.medscribe.train;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelGraph;
import ai.medscribe.model.ModelKind;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingGraphTest {

    /**
     * One AdamW step whose Adam rate is 0 moves every variable by its weight decay alone: matrices
     * shrink by lr * wd, biases and LayerNorm vectors stay exactly as they were.
     */
    @Test
    void weightDecayShrinksMatricesOnly() {
        ModelConfig config = ModelConfig.preset("tiny", ModelKind.AUTOREGRESSIVE, 64);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            var parameters = TrainingGraph.build(graph, config, 3L, 0.99).model().parameters();
            session.initialize();
            Map<String, float[]> before = read(session, parameters.names());
            int length = config.maxLength();
            try (TInt32 tokens = TInt32.tensorOf(StdArrays.ndCopyOf(new int[2][length]));
                 TInt32 targets = TInt32.tensorOf(StdArrays.ndCopyOf(new int[2][length]));
                 TFloat32 weights = TFloat32.tensorOf(StdArrays.ndCopyOf(new float[2][length]));
                 TFloat32 lr = TFloat32.scalarOf(1f);
                 TFloat32 lrAdam = TFloat32.scalarOf(0f)) {
                session.runner().feed(ModelGraph.TOKENS, tokens).feed(TrainingGraph.TARGETS, targets)
                        .feed(TrainingGraph.WEIGHTS, weights).feed(TrainingGraph.LEARNING_RATE, lr)
                        .feed(TrainingGraph.ADAM_RATE, lrAdam).addTarget(TrainingGraph.TRAIN_STEP).run();
            }
            Map<String, float[]> after = read(session, parameters.names());
            int matrices = 0;
            int vectors = 0;
            for (int i = 0; i < parameters.names().size(); i++) {
                String name = parameters.names().get(i);
                boolean matrix = parameters.variables().get(i).shape().numDimensions() >= 2;
                assertEquals(matrix, TrainingGraph.decays(parameters.variables().get(i)), name);
                float factor = matrix ? 1 - TrainingGraph.WEIGHT_DECAY : 1f;
                float[] was = before.get(name);
                float[] now = after.get(name);
                for (int j = 0; j < was.length; j++) {
                    assertEquals(was[j] * factor, now[j], 1e-6f, name + "[" + j + "]");
                }
                if (matrix) {
                    matrices++;
                } else {
                    vectors++;
                }
            }
            assertTrue(matrices > 0 && vectors > 0, matrices + " matrices, " + vectors + " vectors");
        }
    }

    private static Map<String, float[]> read(Session session, List<String> names) {
        Map<String, float[]> values = new HashMap<>();
        for (String name : names) {
            try (Result result = session.runner().fetch(name).run()) {
                TFloat32 tensor = (TFloat32) result.get(0);
                float[] flat = new float[(int) tensor.shape().size()];
                tensor.copyTo(DataBuffers.of(flat, false, false));
                values.put(name, flat);
            }
        }
        return values;
    }
}
