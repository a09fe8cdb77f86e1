package ai.medscribe.eval;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.sample.AutoregressiveSampler;
import ai.medscribe.sample.GeneratedNote;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.NoteSampler;
import ai.medscribe.sample.SamplerOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The step sweep (the case study's {@code benchmark_inference}): for each sampler variant and
 * step count, write notes one at a time (batch 1, after a warm-up) and record latency, throughput
 * and quality; the autoregressive baseline is measured in the same run, so the speedup compares
 * figures taken under the same load: uncached (a full pass over the canvas per token, the case
 * study's baseline) and, when the bundle has it, key/value-cached (one position per pass, what a
 * real AR decoder does). Both write the same notes for the same seeds; only the latency differs.
 */
public final class InferenceBenchmark {

    /**
     * A named way of sampling: the layout mode and the sampler options; {@code stepCounts} are the
     * step counts it is measured at (null: the run's sweep).
     */
    public record Variant(String name, NoteGenerator.Mode mode, SamplerOptions options, List<Integer> stepCounts) {

        public Variant(String name, NoteGenerator.Mode mode, SamplerOptions options) {
            this(name, mode, options, null);
        }
    }

    /**
     * One row of the sweep: {@code mode} is the variant's name ("autoregressive" for the baseline);
     * {@code steps} the most passes allowed, {@code meanPasses} the model passes a note really took
     * (fewer with a confidence threshold; one per token for the baseline).
     */
    public record Row(String model, String mode, int steps, int samples, double latencyMeanMs, double latencyP50Ms,
                      double latencyP99Ms, double tokensPerSecond, double rougeL, double structureRate,
                      double phraseValidity, double repetitionRate, NoteQuality quality, List<Double> latenciesMs,
                      double meanPasses) {
    }

    /**
     * @param autoregressive       the uncached baseline (mode "autoregressive"); null without a baseline
     * @param autoregressiveCached the key/value-cached baseline (mode "autoregressive-cached"); null
     *                             without a baseline or when its bundle predates the cached step
     * @param speedup              the uncached baseline's median latency over the default diffusion
     *                             variant's at 20 steps (or the nearest step count measured)
     * @param speedupVsCached      the same against the cached baseline
     */
    public record Result(List<Row> sweep, Row autoregressive, Row autoregressiveCached, Double speedup,
                         Double speedupVsCached, String hardware) {
    }

    /**
     * Told as rows are measured, for a progress display: a row starts with the notes it will write,
     * then notes are written (one at a time here; a batch at a time in PLAN infilling).
     */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override
            public void rowStarted(String row, int notes) {
            }

            @Override
            public void notesWritten(int count) {
            }
        };

        void rowStarted(String row, int notes);

        void notesWritten(int count);
    }

    public static final String AUTOREGRESSIVE = "autoregressive";
    public static final String AUTOREGRESSIVE_CACHED = "autoregressive-cached";
    public static final String AUTOREGRESSIVE_T1 = "autoregressive-t1";

    public static final List<Integer> DEFAULT_STEP_COUNTS = List.of(1, 3, 5, 10, 15, 20, 25);

    private InferenceBenchmark() {
    }

    /** The two layouts the product offers, with the given options: scaffolded (the default) and free. */
    public static List<Variant> defaultVariants(SamplerOptions base) {
        return List.of(new Variant("scaffold", NoteGenerator.Mode.SCAFFOLD, base),
                new Variant("free", NoteGenerator.Mode.FREE, base));
    }

    public static Result run(ModelBundle diffusion, ModelBundle autoregressive, List<String> references,
                             List<Integer> stepCounts, int samples, SamplerOptions base) {
        return run(diffusion, autoregressive, references, stepCounts, samples, defaultVariants(base),
                SyntheticCorpus.Style.COHERENT);
    }

    public static Result run(ModelBundle diffusion, ModelBundle autoregressive, List<String> references,
                             List<Integer> stepCounts, int samples, List<Variant> variants, SyntheticCorpus.Style style) {
        return run(diffusion, autoregressive, references, stepCounts, samples, variants, style, Progress.NONE);
    }

    public static Result run(ModelBundle diffusion, ModelBundle autoregressive, List<String> references,
                             List<Integer> stepCounts, int samples, List<Variant> variants, SyntheticCorpus.Style style,
                             Progress progress) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1");
        }
        NoteGenerator generator = new NoteGenerator(diffusion);
        String diffusionId = modelId(diffusion);
        List<Row> sweep = new ArrayList<>();
        for (Variant variant : variants) {
            for (int steps : variant.stepCounts() != null ? variant.stepCounts() : stepCounts) {
                SamplerOptions options = variant.options().withSteps(steps);
                sweep.add(measure(diffusionId, variant.name(), steps, samples, references, style, progress,
                        i -> generator.generate(1, generator.maxLength(), variant.mode(),
                                options.withSeed(Seeds.consecutive(options.seed(), i))).get(0)));
            }
        }
        Row baseline = null;
        Row cached = null;
        if (autoregressive != null) {
            SamplerOptions base = variants.get(0).options();
            baseline = measureBaseline(AutoregressiveSampler.uncached(autoregressive), AUTOREGRESSIVE, autoregressive,
                    samples, references, style, base, progress);
            if (autoregressive.hasCachedStep()) {
                cached = measureBaseline(new AutoregressiveSampler(autoregressive), AUTOREGRESSIVE_CACHED, autoregressive,
                        samples, references, style, base, progress);
            }
        }
        Row reference = nearest(sweep, variants.get(0).name(), 20);
        return new Result(sweep, baseline, cached, ratio(baseline, reference), ratio(cached, reference), hardware());
    }

    /**
     * The baseline sampled from its own distribution (temperature 1, key/value-cached where the bundle
     * has the step): the fair comparison for the diffusion model's exact row, which samples at
     * temperature 1 too, where the baseline's rows above use the product's temperature.
     */
    public static Row autoregressiveAtTemperatureOne(ModelBundle autoregressive, int samples, List<String> references,
                                                     SyntheticCorpus.Style style, long seed, Progress progress) {
        return measureBaseline(new AutoregressiveSampler(autoregressive), AUTOREGRESSIVE_T1, autoregressive, samples, references, style,
                SamplerOptions.defaults().withSeed(seed).withTemperature(1f), progress);
    }

    private static Row measureBaseline(NoteSampler sampler, String mode, ModelBundle bundle, int samples,
                                       List<String> references, SyntheticCorpus.Style style, SamplerOptions base,
                                       Progress progress) {
        return measure(modelId(bundle), mode, bundle.maxLength(), samples, references, style, progress,
                i -> sampler.generate(1, bundle.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                        base.withSeed(Seeds.consecutive(base.seed(), i))).get(0));
    }

    /** {@code baseline}'s median latency over {@code reference}'s; null when either is missing. */
    private static Double ratio(Row baseline, Row reference) {
        return baseline == null || reference == null ? null : baseline.latencyP50Ms() / reference.latencyP50Ms();
    }

    private static Row measure(String model, String mode, int steps, int samples, List<String> references,
                               SyntheticCorpus.Style style, Progress progress, IntFunction<GeneratedNote> write) {
        progress.rowStarted(model + " " + mode + " " + steps + " steps", samples);
        write.apply(-1); // warm-up: the first run of a graph path is slow
        List<Double> millis = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long tokens = 0;
        long passes = 0;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            GeneratedNote note = write.apply(i);
            millis.add((System.nanoTime() - start) / 1e6);
            texts.add(note.text());
            tokens += note.tokenCount();
            passes += note.passes();
            progress.notesWritten(1);
        }
        LatencyStats latency = LatencyStats.of(millis);
        NoteQuality quality = NoteQuality.of(texts, references, style);
        double seconds = millis.stream().mapToDouble(Double::doubleValue).sum() / 1e3;
        return new Row(model, mode, steps, samples, latency.meanMs(), latency.p50Ms(), latency.p99Ms(),
                tokens / Math.max(seconds, 1e-9), quality.rougeL(), quality.structureRate(), quality.phraseValidity(),
                quality.repetitionRate(), quality, millis, passes / (double) samples);
    }

    /** The row of a variant at the step count nearest to {@code steps}. */
    public static Row nearest(List<Row> sweep, String mode, int steps) {
        Row best = null;
        for (Row row : sweep) {
            if (row.mode().equals(mode) && (best == null || Math.abs(row.steps() - steps) < Math.abs(best.steps() - steps))) {
                best = row;
            }
        }
        return best;
    }

    static String modelId(ModelBundle bundle) {
        return bundle.metadata().modelType().id() + "-" + bundle.metadata().preset();
    }

    /** The processor and core count, and the NVIDIA GPUs the driver reports, if any. */
    public static String hardware() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the generic name
        }
        String text = cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        List<String> gpus = new ArrayList<>();
        Path driver = Path.of("/proc/driver/nvidia/gpus");
        if (Files.isDirectory(driver)) {
            try (Stream<Path> dirs = Files.list(driver)) {
                for (Path dir : dirs.toList()) {
                    try (Stream<String> lines = Files.lines(dir.resolve("information"))) {
                        lines.filter(l -> l.startsWith("Model:")).findFirst()
                                .ifPresent(l -> gpus.add(l.substring(6).strip()));
                    }
                }
            } catch (IOException e) {
                // no readable GPU information
            }
        }
        return gpus.isEmpty() ? text + "; no GPU" : text + "; GPU: " + String.join(", ", gpus);
    }
}
