import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.sample.GeneratedNote;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;
import ai.medscribe.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a diffusion note's time goes: notes written with the default sampler (scaffold), then the
 * same model passes replayed alone on the canvases those notes went through (each step's input,
 * cut as the sampler cuts it), so model time and the rest (constraints, commits, copies across
 * JNI) show apart, per step. Also one pass over the whole canvas, all masked, and the bare logits
 * pass. Run after `mvn package`:
 * java -cp "training-job/target/quarkus-app/lib/main/*:training-job/target/quarkus-app/lib/boot/*" bench/PassCost.java models/diffusion [notes]
 */
public class PassCost {
    public static void main(String[] a) throws Exception {
        int notes = a.length > 1 ? Integer.parseInt(a[1]) : 100;
        try (ModelBundle b = ModelBundle.load(Path.of(a[0]))) {
            int length = b.maxLength();
            NoteGenerator g = new NoteGenerator(b);
            SamplerOptions o = SamplerOptions.defaults();
            for (int i = 0; i < 10; i++) g.generate(1, length, NoteGenerator.Mode.SCAFFOLD, o.withSeed(i));
            long t0 = System.nanoTime();
            for (int i = 0; i < notes; i++) g.generate(1, length, NoteGenerator.Mode.SCAFFOLD, o.withSeed(100 + i));
            double note = (System.nanoTime() - t0) / 1e6 / notes;

            // the inputs of every pass those notes made: each traced canvas that still held masks
            List<int[]> inputs = new ArrayList<>();
            int canvasSum = 0;
            for (int i = 0; i < notes; i++) {
                GeneratedNote n = g.generate(1, length, NoteGenerator.Mode.SCAFFOLD, o.withSeed(100 + i).withTrace(true)).get(0);
                int used = 1;
                for (int p = 0; p < length; p++) {
                    used = n.trace().get(0)[p] != Tokenizer.PAD_ID ? p + 1 : used;
                }
                int cut = Math.min(length, (used + 15) / 16 * 16);
                for (int[] canvas : n.trace()) {
                    if (Arrays.stream(canvas).anyMatch(id -> id == Tokenizer.MASK_ID)) {
                        inputs.add(Arrays.copyOf(canvas, cut));
                        canvasSum += cut;
                    }
                }
            }
            float[][] half = new float[1][length];
            Arrays.fill(half[0], 0.5f);
            long t1 = System.nanoTime();
            for (int[] input : inputs) {
                float ratio = Arrays.stream(input).filter(id -> id == Tokenizer.MASK_ID).count() / (float) length;
                b.denoiseStep(new int[][] {input}, new float[] {ratio}, o.temperature(), new float[][] {Arrays.copyOf(half[0], input.length)},
                        new int[1][input.length]);
            }
            double model = (System.nanoTime() - t1) / 1e6 / notes;
            double passes = inputs.size() / (double) notes;

            int[][] masked = new int[1][length];
            Arrays.fill(masked[0], Tokenizer.MASK_ID);
            int[][] forbid = new int[1][length];
            long t2 = System.nanoTime();
            for (int i = 0; i < 200; i++) b.denoiseStep(masked, new float[] {1f}, 0.8f, half, forbid);
            double whole = (System.nanoTime() - t2) / 1e6 / 200;
            long t3 = System.nanoTime();
            for (int i = 0; i < 200; i++) b.logits(masked, new float[] {1f});
            double logits = (System.nanoTime() - t3) / 1e6 / 200;

            System.out.printf("%d notes: %.1f ms a note, %.1f passes, mean canvas %.0f of %d positions%n", notes, note,
                    passes, canvasSum / (double) inputs.size(), length);
            System.out.printf("per step: %.2f ms, of which model pass %.2f ms and the rest %.2f ms (%.0f%%)%n",
                    note / passes, model / passes, (note - model) / passes, 100 * (note - model) / note);
            System.out.printf("one denoise_step over the whole canvas, all masked: %.2f ms; logits pass (to the host): %.2f ms%n",
                    whole, logits);
        }
    }
}
