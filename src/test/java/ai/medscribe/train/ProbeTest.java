package ai.medscribe.train;

import ai.medscribe.model.*;
import org.junit.jupiter.api.Test;
import org.tensorflow.*;
import org.tensorflow.ndarray.*;
import org.tensorflow.types.*;

class ProbeTest {
    @Test
    void step() {
        ModelConfig c = ModelConfig.preset("tiny", ModelKind.DIFFUSION, 50);
        try (Graph g = new Graph()) {
            TrainingGraph.build(g, c, 1);
            try (Session s = new Session(g)) {
                s.initialize();
                int[][] tok = new int[4][c.maxLength()];
                float[][] w = new float[4][c.maxLength()];
                for (float[] r : w) java.util.Arrays.fill(r, 0.01f);
                for (int i = 0; i < 5; i++)
                try (TInt32 tt = TInt32.tensorOf(StdArrays.ndCopyOf(tok)); TFloat32 t = TFloat32.vectorOf(0.5f, 0.5f, 0.5f, 0.5f);
                     TFloat32 ww = TFloat32.tensorOf(StdArrays.ndCopyOf(w)); TFloat32 lr = TFloat32.scalarOf(1e-3f);
                     Result r = s.runner().feed("tokens", tt).feed("t", t).feed("targets", tt).feed("weights", ww)
                             .feed("lr", lr).feed("lr_adam", lr).fetch("loss").fetch("grad_norm").addTarget("train_step").run()) {
                    System.out.println("loss " + ((TFloat32) r.get(0)).getFloat() + " norm " + ((TFloat32) r.get(1)).getFloat());
                }
            }
        }
    }
}
