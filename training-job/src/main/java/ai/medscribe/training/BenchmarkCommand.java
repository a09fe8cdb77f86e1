package ai.medscribe.training;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.corpus.CorpusProvenance;
import ai.medscribe.eval.ServingBenchmark;
import ai.medscribe.model.ModelKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code benchmark}: diffusion (default sampler, and without its confidence threshold) against the AR baseline (cached
 * and uncached) in one run: passes, latency at batch 1, notes per second in batches and under
 * concurrent clients, and quality; the measuring is {@link ServingBenchmark}'s.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Compares, in one run on the same test notes (scaffold layout, fixed seeds), diffusion at its "
                + "default sampler (at most 20 steps, confidence threshold 0.75) and without the threshold with the autoregressive baseline key/value-cached and uncached: "
                + "model passes per note, latency p50/p99 one note at a time, notes per second in batches and under "
                + "concurrent clients, and phrase validity, repeats, coherent PLAN and structure of the one-at-a-time notes.")
public class BenchmarkCommand implements Callable<Integer> {

    /** Upper limit of --batch and --concurrency. */
    static final int MAX_PARALLEL = 256;

    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, description = "directory holding diffusion/ and autoregressive/")
    Path models;

    @Option(names = "--corpus", defaultValue = "work/data",
            description = "directory with test.jsonl, the notes the quality figures are scored against (default: ${DEFAULT-VALUE})")
    Path corpus;

    @Mixin
    SamplesOption samples;

    @Option(names = "--batch", defaultValue = "16", description = "notes per sampler call in the batched measurement, "
            + "1.." + MAX_PARALLEL + " (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--concurrency", defaultValue = "16", description = "clients each asking for one note at a time, "
            + "1.." + MAX_PARALLEL + " (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--out", description = "also write the figures to this JSON file")
    Path out;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        if (samples.value() < 1) {
            throw new ParameterException(spec.commandLine(), "--samples must be >= 1, was " + samples.value());
        }
        if (batch < 1 || batch > MAX_PARALLEL) {
            throw new ParameterException(spec.commandLine(), "--batch must be in 1.." + MAX_PARALLEL + ", was " + batch);
        }
        if (concurrency < 1 || concurrency > MAX_PARALLEL) {
            throw new ParameterException(spec.commandLine(),
                    "--concurrency must be in 1.." + MAX_PARALLEL + ", was " + concurrency);
        }
        Path testFile = corpus.resolve(CorpusFiles.TEST);
        if (!Files.isRegularFile(testFile)) {
            throw new ParameterException(spec.commandLine(), "corpus " + corpus + " has no " + CorpusFiles.TEST);
        }
        for (String model : new String[] {"diffusion", "autoregressive"}) {
            if (!Files.isDirectory(models.resolve(model))) {
                throw new ParameterException(spec.commandLine(), "--models " + models + " has no " + model + "/ bundle");
            }
        }
        try {
            List<String> test = CorpusFiles.readJsonl(testFile).stream().map(ClinicalNote::text).toList();
            var settings = new ServingBenchmark.Settings(samples.value(), batch, concurrency, seed.value(),
                    CorpusProvenance.read(corpus).styleOrDefault());
            try (ModelBundle diffusion = ModelBundle.load(models.resolve("diffusion"));
                 ModelBundle autoregressive = ModelBundle.load(models.resolve("autoregressive"))) {
                requireKind(diffusion, ModelKind.DIFFUSION);
                requireKind(autoregressive, ModelKind.AUTOREGRESSIVE);
                System.out.printf(Locale.ROOT, "benchmark: %d notes a row one at a time, %d call(s) of %d notes, "
                                + "%d notes under %d clients (scaffold layout, seed %d)%n", settings.samples(),
                        settings.batchCalls(), batch, settings.concurrentNotes(), concurrency, seed.value());
                ServingBenchmark.Report report;
                try (EvaluateCommand.Bar bar = new EvaluateCommand.Bar()) {
                    report = ServingBenchmark.run(diffusion, autoregressive, test, settings, bar);
                }
                print(report);
                if (out != null) {
                    Path parent = out.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValue(out.toFile(), ServingBenchmark.document(report));
                    System.out.println("figures written to " + out.toAbsolutePath());
                }
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("benchmark: " + e.getMessage());
            return 1;
        }
    }

    private void requireKind(ModelBundle bundle, ModelKind kind) {
        if (bundle.kind() != kind) {
            throw new ParameterException(spec.commandLine(), "--models: " + bundle.directory() + " holds a "
                    + bundle.kind().id() + " model, not a " + kind.id() + " one");
        }
    }

    static void print(ServingBenchmark.Report r) {
        ServingBenchmark.Settings s = r.settings();
        System.out.println("hardware: " + r.hardware());
        System.out.println("models: " + r.diffusionModel() + ", " + r.autoregressiveModel());
        System.out.println();
        String batched = "b" + s.batch() + " n/s";
        String clients = "c" + s.concurrency() + " n/s";
        String clientsP99 = "c" + s.concurrency() + " p99";
        System.out.printf(Locale.ROOT, "%-24s %7s %9s %9s %10s %10s %10s %9s %8s %9s %9s%n", "sampler", "passes",
                "p50 ms", "p99 ms", batched, clients, clientsP99, "validity", "repeats", "coherent", "structure");
        for (ServingBenchmark.Row row : r.rows()) {
            var one = row.single();
            System.out.printf(Locale.ROOT, "%-24s %7.1f %9.1f %9.1f %10.2f %10.2f %10.1f %9.3f %8.3f %9.3f %9.3f%n",
                    row.name(), one.meanPasses(), one.latencyP50Ms(), one.latencyP99Ms(),
                    row.batched().notesPerSecond(), row.concurrent().notesPerSecond(), row.concurrent().latencyP99Ms(),
                    one.phraseValidity(), one.repetitionRate(), one.quality().planCoherence(), one.structureRate());
        }
        System.out.println("(passes, p50/p99 and quality: one note at a time; " + batched + ": notes per second in calls of "
                + s.batch() + " notes; " + clients + ", " + clientsP99 + ": notes per second and p99 ms under "
                + s.concurrency() + " clients asking for one note each)");
        System.out.println();
        System.out.println("cached AR p50 / diffusion default p50: " + ratio(r.cachedOverDiffusionP50()));
        System.out.println("uncached AR p50 / diffusion default p50: " + ratio(r.uncachedOverDiffusionP50()));
        System.out.println("diffusion default " + batched + " / cached AR " + batched + ": "
                + ratio(r.diffusionOverCachedBatched()));
        System.out.printf(Locale.ROOT, "benchmark took %.0f s%n", r.seconds());
    }

    private static String ratio(Double value) {
        return value == null ? "n/a (the AR bundle has no key/value-cached step)"
                : String.format(Locale.ROOT, "%.2fx", value);
    }
}
