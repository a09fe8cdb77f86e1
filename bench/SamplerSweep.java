import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.eval.InferenceBenchmark;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One diffusion sampler lever at a time around the default (20 steps, scaffold), on the test split's
 * first notes, same seeds for every row: the quick way to see whether a default still suits a
 * newly trained bundle before a full `evaluate`. Prints one line a row. Run after `mvn package`:
 * java -cp "training-job/target/quarkus-app/lib/main/*:training-job/target/quarkus-app/lib/boot/*" \
 *      bench/SamplerSweep.java models/diffusion work/data [notes]
 */
public class SamplerSweep {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SamplerSweep BUNDLE_DIR CORPUS_DIR [NOTES]");
            System.exit(2);
        }
        int notes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> references = CorpusFiles.readJsonl(Path.of(args[1]).resolve(CorpusFiles.TEST)).stream()
                .map(ClinicalNote::text).toList();
        SamplerOptions base = SamplerOptions.defaults().withSeed(42);
        List<InferenceBenchmark.Variant> variants = new ArrayList<>();
        variants.add(variant("default", base));
        for (float t : new float[] {0.6f, 0.7f, 0.9f, 1.0f}) {
            variants.add(variant("temperature " + t, base.withTemperature(t)));
        }
        for (float r : new float[] {0f, 0.2f, 0.4f, 0.5f}) {
            variants.add(variant("remask below " + r, base.withRemaskBelow(r)));
        }
        for (float th : new float[] {0.8f, 0.9f, 0.95f}) {
            variants.add(variant("threshold " + th, base.withThreshold(th)));
        }
        variants.add(variant("threshold 0.9, temperature 0.7", base.withThreshold(0.9f).withTemperature(0.7f)));
        try (ModelBundle bundle = ModelBundle.load(Path.of(args[0]))) {
            InferenceBenchmark.Result result = InferenceBenchmark.run(bundle, null, references,
                    List.of(SamplerOptions.DEFAULT_STEPS), notes, variants, SyntheticCorpus.Style.COHERENT);
            System.out.printf("%-34s %6s %7s %9s %8s %8s %9s%n", "variant (20 steps, scaffold)", "notes", "passes",
                    "validity", "repeats", "coherent", "p50 ms");
            for (InferenceBenchmark.Row row : result.sweep()) {
                System.out.printf("%-34s %6d %7.1f %9.3f %8.2f %8.2f %9.1f%n", row.mode(), row.samples(),
                        row.meanPasses(), row.phraseValidity(), row.repetitionRate(), row.quality().planCoherence(),
                        row.latencyP50Ms());
            }
        }
    }

    private static InferenceBenchmark.Variant variant(String name, SamplerOptions options) {
        return new InferenceBenchmark.Variant(name, NoteGenerator.Mode.SCAFFOLD, options, List.of(SamplerOptions.DEFAULT_STEPS));
    }
}
