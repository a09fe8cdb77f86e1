package ai.medscribe.draft;

import ai.medscribe.model.DraftGraph;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelGraph;
import ai.medscribe.model.ModelKind;
import ai.medscribe.model.Parameters;
import ai.medscribe.eval.LatencyStats;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a diffusion pass costs as the canvas grows: for canvases of 128, 256 and 512 positions of the
 * small drafting model's width (freshly initialised weights: the cost does not depend on their
 * values), the time of one pass over the whole canvas at batch 1, and of one pass over a note region
 * of {@code note} positions that reads the transcript's cached keys and values (what a drafting
 * pass costs), plus the one-off transcript pass.
 */
public final class PassCost {

    /** One canvas length's figures, milliseconds at the median over the timed passes. */
    public record Row(int canvas, int transcript, int note, double fullPassMs, double transcriptPassMs, double notePassMs) {
    }

    private PassCost() {
    }

    public static List<Row> measure(int vocabSize, int[] canvases, int note, int passes) {
        List<Row> rows = new ArrayList<>();
        for (int canvas : canvases) {
            ModelConfig small = ModelConfig.draftPreset("small", ModelKind.DIFFUSION, vocabSize);
            int transcript = canvas - 1 - note;
            ModelConfig config = new ModelConfig(ModelKind.DIFFUSION, "pass-cost", vocabSize, canvas, small.dModel(),
                    small.heads(), small.layers(), small.ffn(), 0f, 1, 1, false, transcript);
            rows.add(measure(config, note, passes));
        }
        return rows;
    }

    static Row measure(ModelConfig config, int note, int passes) {
        Random random = new Random(1);
        int transcript = config.sourceLength();
        int[][] canvas = new int[1][config.maxLength()];
        for (int j = 0; j < canvas[0].length; j++) {
            canvas[0][j] = 3 + random.nextInt(config.vocabSize() - 3);
        }
        int[][] source = {java.util.Arrays.copyOf(canvas[0], transcript)};
        int[][] noteIds = {java.util.Arrays.copyOfRange(canvas[0], transcript, config.maxLength())};
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            ModelGraph full = ModelGraph.build(tf, config, 1L, null);
            Parameters params = full.parameters();
            var sourcePass = DraftGraph.source(tf, params, config);
            var cache = DraftGraph.sourceCache(tf, config, sourcePass.source());
            var notePass = DraftGraph.note(tf, params, config, cache);
            session.initialize();
            try (TInt32 tokens = TInt32.tensorOf(StdArrays.ndCopyOf(canvas));
                 TFloat32 t = TFloat32.vectorOf(0.5f);
                 TInt32 src = TInt32.tensorOf(StdArrays.ndCopyOf(source));
                 TInt32 noteIn = TInt32.tensorOf(StdArrays.ndCopyOf(noteIds))) {
                double fullMs = time(passes, () -> {
                    try (Result r = session.runner().feed(full.tokens(), tokens).feed(full.t(), t).fetch(full.logits()).run()) {
                        r.get(0);
                    }
                });
                TFloat32 keys;
                TFloat32 values;
                try (Result r = session.runner().feed(sourcePass.source(), src).fetch(sourcePass.keys())
                        .fetch(sourcePass.values()).run()) {
                    keys = (TFloat32) r.get(0);
                    values = (TFloat32) r.get(1);
                    keys = copy(keys);
                    values = copy(values);
                }
                try (TFloat32 k = keys; TFloat32 v = values) {
                    double sourceMs = time(passes, () -> {
                        try (Result r = session.runner().feed(sourcePass.source(), src).fetch(sourcePass.keys())
                                .fetch(sourcePass.values()).run()) {
                            r.get(0);
                        }
                    });
                    double noteMs = time(passes, () -> {
                        try (Result r = session.runner().feed(notePass.note(), noteIn).feed(notePass.t(), t)
                                .feed(cache.source(), src).feed(cache.keys(), k).feed(cache.values(), v)
                                .fetch(notePass.logits()).run()) {
                            r.get(0);
                        }
                    });
                    return new Row(config.maxLength(), transcript, note + 1, fullMs, sourceMs, noteMs);
                }
            }
        }
    }

    private static TFloat32 copy(TFloat32 tensor) {
        return TFloat32.tensorOf(tensor.shape(), tensor::copyTo);
    }

    private static double time(int passes, Runnable pass) {
        for (int i = 0; i < 3; i++) {
            pass.run();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < passes; i++) {
            long start = System.nanoTime();
            pass.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return LatencyStats.of(millis).p50Ms();
    }
}
