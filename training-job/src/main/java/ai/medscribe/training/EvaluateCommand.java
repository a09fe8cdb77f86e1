package ai.medscribe.training;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.corpus.CorpusProvenance;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.eval.Evaluation;
import ai.medscribe.eval.InferenceBenchmark;
import ai.medscribe.eval.NoteQuality;
import me.tongfei.progressbar.ProgressBar;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code evaluate}: diffusion vs autoregressive on the test split; writes evaluation.json and charts. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates the diffusion and autoregressive bundles on the test split: quality, latency, "
                + "step sweep and PLAN infilling; writes evaluation.json and charts into each bundle.")
public class EvaluateCommand implements Callable<Integer> {

    /** A diffusion bundle trained the case study's way (padding never masked), compared when present. */
    static final String CASE_STUDY_BUNDLE = "diffusion-case-study";
    /** The step counts of the sweep unless --steps names others. */
    static final String DEFAULT_STEPS = "1,3,5,10,15,20,25";

    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, description = "directory holding diffusion/ and (optional) autoregressive/")
    Path models;

    @Option(names = "--corpus", defaultValue = "work/data", description = "directory with test.jsonl (default: ${DEFAULT-VALUE})")
    Path corpus;

    @Option(names = "--out", description = "where the report and charts go (default: MODELS/evaluation)")
    Path out;

    @Mixin
    SamplesOption samples;

    @Option(names = "--infill-samples", defaultValue = "100", description = "test notes whose PLAN is rewritten (default: ${DEFAULT-VALUE})")
    int infillSamples;

    @Option(names = "--steps", split = ",", defaultValue = DEFAULT_STEPS, description = "step counts of the sweep (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        return evaluate(spec, models, corpus, out, samples.value(), infillSamples, steps, seed.value());
    }

    /**
     * Evaluates the bundles in {@code models} on the corpus's test split, writes the report to {@code out}
     * (null: MODELS/evaluation) and into the bundles, and prints the tables; 1 when a file cannot be read
     * or written, a {@link ParameterException} of {@code spec}'s command (exit 2) for bad arguments.
     */
    static int evaluate(CommandSpec spec, Path models, Path corpus, Path out, int samples, int infillSamples,
                        List<Integer> steps, long seed) {
        if (samples < 1 || infillSamples < 0 || steps.stream().anyMatch(s -> s < 1)) {
            throw new ParameterException(spec.commandLine(), "--samples must be >= 1, --infill-samples >= 0, --steps >= 1");
        }
        Path testFile = corpus.resolve(CorpusFiles.TEST);
        if (!Files.isRegularFile(testFile)) {
            throw new ParameterException(spec.commandLine(), "corpus " + corpus + " has no " + CorpusFiles.TEST);
        }
        if (!Files.isDirectory(models.resolve("diffusion"))) {
            throw new ParameterException(spec.commandLine(), "--models " + models + " has no diffusion/ bundle");
        }
        Path report = out != null ? out : models.resolve("evaluation");
        try {
            List<String> test = CorpusFiles.readJsonl(testFile).stream().map(ClinicalNote::text).toList();
            SyntheticCorpus.Style style = CorpusProvenance.read(corpus).styleOrDefault();
            try (ModelBundle diffusion = ModelBundle.load(models.resolve("diffusion"));
                 ModelBundle autoregressive = optional(models.resolve("autoregressive"));
                 ModelBundle caseStudy = optional(models.resolve(CASE_STUDY_BUNDLE))) {
                long start = System.nanoTime();
                List<ModelBundle> others = new ArrayList<>();
                if (caseStudy != null) {
                    others.add(caseStudy);
                }
                var settings = new Evaluation.Settings(samples, infillSamples, steps, seed, style);
                Evaluation.Report result;
                try (Bar bar = new Bar()) {
                    result = Evaluation.run(diffusion, autoregressive, others, test, settings, System.out, bar);
                }
                Evaluation.write(result, diffusion, autoregressive, report);
                print(result);
                System.out.printf(Locale.ROOT, "evaluation written to %s and into the bundles (%.0f s)%n",
                        report.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("evaluate: " + e.getMessage());
            return 1;
        }
    }

    /** A progress bar per row of the evaluation (its notes written out of its samples), as training shows epochs. */
    static final class Bar implements InferenceBenchmark.Progress, AutoCloseable {
        private ProgressBar bar;

        @Override
        public void rowStarted(String row, int notes) {
            close();
            bar = TrainCommand.Bar.open(row, notes);
        }

        @Override
        public void notesWritten(int count) {
            bar.stepBy(count);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    private static ModelBundle optional(Path dir) throws IOException {
        return Files.isDirectory(dir) ? ModelBundle.load(dir) : null;
    }

    static void print(Evaluation.Report r) {
        System.out.println("hardware: " + r.hardware());
        System.out.println();
        System.out.println("Quality and latency (one note at a time, same run):");
        header();
        r.quality().forEach(EvaluateCommand::line);
        r.comparisons().forEach(EvaluateCommand::line);
        NoteQuality ref = r.reference();
        System.out.printf(Locale.ROOT, "%-26s %-22s %5s %7s %9s %9s %9s %8s %7.3f %9.3f %8.3f %8.3f %8.3f%n",
                "test notes (reference)", "written by the corpus", "", "", "", "", "", "", ref.rougeL(),
                ref.structureRate(), ref.phraseValidity(), ref.repetitionRate(), ref.planCoherence());
        if (r.speedup() != null) {
            System.out.printf(Locale.ROOT, "speedup of the %d-step %s diffusion note over the AR baseline (p50): %.1fx%n",
                    r.quality().get(0).steps(), r.defaultVariant(), r.speedup());
        }
        if (r.speedupVsCached() != null) {
            System.out.printf(Locale.ROOT, "speedup of the %d-step %s diffusion note over the key/value-cached AR (p50): %.2fx%n",
                    r.quality().get(0).steps(), r.defaultVariant(), r.speedupVsCached());
        }
        System.out.println();
        System.out.println("Step sweep:");
        header();
        r.sweep().forEach(EvaluateCommand::line);
        System.out.println();
        System.out.println("PLAN infilling from the other four sections:");
        System.out.printf("%-26s %6s %10s %10s %10s%n", "model", "notes", "coherent", "validity", "tokens");
        for (Evaluation.InfillQuality q : r.infill()) {
            System.out.printf(Locale.ROOT, "%-26s %6d %10.3f %10.3f %10.1f%n", q.model(), q.notes(), q.planCoherence(),
                    q.planValidity(), q.meanPlanTokens());
        }
    }

    private static void header() {
        System.out.printf("%-26s %-22s %5s %7s %9s %9s %9s %8s %7s %9s %8s %8s %8s%n", "model", "variant", "steps",
                "passes", "mean ms", "p50 ms", "p99 ms", "tok/s", "rougeL", "structure", "validity", "repeats", "coherent");
    }

    private static void line(InferenceBenchmark.Row r) {
        System.out.printf(Locale.ROOT, "%-26s %-22s %5d %7.1f %9.1f %9.1f %9.1f %8.0f %7.3f %9.3f %8.3f %8.3f %8.3f%n",
                r.model(), r.mode(), r.steps(), r.meanPasses(), r.latencyMeanMs(), r.latencyP50Ms(), r.latencyP99Ms(),
                r.tokensPerSecond(), r.rougeL(), r.structureRate(), r.phraseValidity(), r.repetitionRate(),
                r.quality().planCoherence());
    }
}
