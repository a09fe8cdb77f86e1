import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.sample.NoteSampler;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Notes per second at batch 1 and batch 16, and the p50 latency of one note, for each bundle named
 * (diffusion: the default 20-step scaffold sampler; AR: its default, key/value-cached sampler), in
 * one run so the ratios compare on a noisy machine. Batches are sampled as one call of the
 * sampler (one model pass a step for all 16 notes), as the functions' batcher does. Run after
 * `mvn package`:
 * java -cp "training-job/target/quarkus-app/lib/main/*:training-job/target/quarkus-app/lib/boot/*" \
 *      bench/BatchThroughput.java models/diffusion models/autoregressive
 */
public class BatchThroughput {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: BatchThroughput BUNDLE_DIR...");
            System.exit(2);
        }
        int rounds = Integer.getInteger("rounds", 5);
        for (String dir : args) {
            try (ModelBundle bundle = ModelBundle.load(Path.of(dir))) {
                NoteSampler sampler = NoteSampler.of(bundle);
                SamplerOptions options = SamplerOptions.defaults();
                NoteGenerator.Mode mode = NoteGenerator.Mode.SCAFFOLD;
                for (int i = 0; i < 3; i++) {
                    sampler.generate(1, sampler.maxLength(), mode, options.withSeed(i));
                    sampler.generate(16, sampler.maxLength(), mode, options.withSeed(i));
                }
                List<Double> single = new ArrayList<>();
                for (int i = 0; i < 16 * rounds; i++) {
                    long t = System.nanoTime();
                    sampler.generate(1, sampler.maxLength(), mode, options.withSeed(100 + i));
                    single.add((System.nanoTime() - t) / 1e6);
                }
                List<Double> batch = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    long t = System.nanoTime();
                    sampler.generate(16, sampler.maxLength(), mode, options.withSeed(1000 + i));
                    batch.add((System.nanoTime() - t) / 1e6);
                }
                Collections.sort(single);
                Collections.sort(batch);
                double p50 = single.get(single.size() / 2);
                double perNote = single.stream().mapToDouble(Double::doubleValue).sum() / single.size();
                double batchMs = batch.get(batch.size() / 2);
                System.out.printf("%-28s %-14s params %,10d  batch 1: p50 %7.1f ms, %6.1f notes/s  batch 16: %7.1f ms a batch, %6.1f notes/s (%.1fx)%n",
                        bundle.metadata().modelType().id() + "-" + bundle.metadata().preset(), dir, bundle.metadata().parameterCount(),
                        p50, 1000 / perNote, batchMs, 16000 / batchMs, (16000 / batchMs) / (1000 / perNote));
            }
        }
    }
}
