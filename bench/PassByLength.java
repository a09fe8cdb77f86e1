import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.text.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What one diffusion pass costs by canvas length (every position masked, one note), then one pass of
 * 16 notes over 112 positions: how a pass scales with the positions it computes, and how much of it
 * is a fixed cost. Set MEDSCRIBE_TF_INTRA_OP_THREADS (or -Dmedscribe.tf.intra-op-threads) to compare
 * TensorFlow's thread settings. Run after `mvn package`:
 * java -cp "training-job/target/quarkus-app/lib/main/*:training-job/target/quarkus-app/lib/boot/*" \
 *      bench/PassByLength.java models/diffusion
 */
public class PassByLength {
    public static void main(String[] a) throws Exception {
        try (ModelBundle b = ModelBundle.load(Path.of(a[0]))) {
            for (int round = 0; round < 2; round++) {
                for (int len = 16; len <= 128; len += 16) {
                    int[][] tokens = new int[1][len];
                    Arrays.fill(tokens[0], Tokenizer.MASK_ID);
                    float[][] u = new float[1][len];
                    Arrays.fill(u[0], 0.5f);
                    int[][] forbid = new int[1][len];
                    for (int i = 0; i < 30; i++) b.denoiseStep(tokens, new float[] {len / 128f}, 0.7f, u, forbid);
                    long t = System.nanoTime();
                    int n = 200;
                    for (int i = 0; i < n; i++) b.denoiseStep(tokens, new float[] {len / 128f}, 0.7f, u, forbid);
                    if (round == 1) System.out.printf("canvas %3d: %.2f ms a pass%n", len, (System.nanoTime() - t) / 1e6 / n);
                }
            }
            int len = 112, rows = 16;
            int[][] tokens = new int[rows][len];
            float[][] u = new float[rows][len];
            for (int r = 0; r < rows; r++) { Arrays.fill(tokens[r], Tokenizer.MASK_ID); Arrays.fill(u[r], 0.5f); }
            float[] t = new float[rows];
            Arrays.fill(t, 0.875f);
            for (int i = 0; i < 10; i++) b.denoiseStep(tokens, t, 0.7f, u, new int[rows][len]);
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) b.denoiseStep(tokens, t, 0.7f, u, new int[rows][len]);
            System.out.printf("batch %d x canvas %d: %.2f ms a pass%n", rows, len, (System.nanoTime() - t0) / 1e6 / 50);
        }
    }
}
