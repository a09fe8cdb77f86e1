import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Per-step cost of the diffusion sampler: one denoise_step pass, one bare logits pass and a 20-step
 * note (default sampler), so the time outside the model pass shows. Run after `mvn package`:
 * java -cp "training-job/target/quarkus-app/lib/main/*:training-job/target/quarkus-app/lib/boot/*" bench/PassCost.java models/diffusion
 */
public class PassCost {
    public static void main(String[] a) throws Exception {
        try (ModelBundle b = ModelBundle.load(Path.of(a[0]))) {
            int L = b.maxLength();
            int[][] tokens = new int[1][L];
            Arrays.fill(tokens[0], 1);
            int[][] forbid = new int[1][L];
            for (int i = 0; i < 30; i++) b.denoiseStep(tokens, new float[] {1f}, 0.8f, i, forbid);
            int n = 300;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) b.denoiseStep(tokens, new float[] {1f}, 0.8f, i, forbid);
            double pass = (System.nanoTime() - t0) / 1e6 / n;
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) b.logits(tokens, new float[] {1f});
            double logits = (System.nanoTime() - t1) / 1e6 / n;
            NoteGenerator g = new NoteGenerator(b);
            SamplerOptions o = SamplerOptions.defaults();
            for (int i = 0; i < 10; i++) g.generate(1, g.maxLength(), NoteGenerator.Mode.SCAFFOLD, o.withSeed(i));
            int notes = 100;
            long t2 = System.nanoTime();
            for (int i = 0; i < notes; i++) g.generate(1, g.maxLength(), NoteGenerator.Mode.SCAFFOLD, o.withSeed(100 + i));
            double note = (System.nanoTime() - t2) / 1e6 / notes;
            System.out.printf("denoise_step pass (1 x %d): %.2f ms; logits pass: %.2f ms; 20-step note: %.1f ms = %.2f ms a step, of which %.2f ms outside the model pass (%.0f%%)%n",
                    L, pass, logits, note, note / 20, note / 20 - pass, 100 * (note / 20 - pass) / (note / 20));
        }
    }
}
