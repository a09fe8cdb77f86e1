package ai.medscribe.eval;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.AutoregressiveSampler;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.NoteSampler;
import ai.medscribe.sample.SamplerOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The speed comparison a user would make before serving: from one run on the same notes,
 * diffusion at its default sampler (at most 20 steps, confidence threshold 0.75) and without the threshold (every step a pass,
 * as infilling runs) against the autoregressive baseline,
 * key/value-cached and uncached. Each row has the model passes a note takes, its latency and quality
 * one note at a time ({@link InferenceBenchmark}'s rows, so the figures are measured as
 * {@code evaluate} measures them), notes per second when one sampler call writes a batch of notes,
 * and notes per second (and latency) under concurrent clients each asking for one note. Every
 * sampler is warmed up at batch 1 and at the batch size before anything is timed; all notes are
 * scaffolded and seeded, so a run is repeatable (its times aside).
 */
public final class ServingBenchmark {

    /** The row of the diffusion sampler's defaults for whole notes (at most 20 steps, confidence threshold 0.75). */
    public static final String DIFFUSION_DEFAULT = "diffusion-default";
    /** The row of the defaults without the confidence threshold (every step a pass, as infilling runs). */
    public static final String DIFFUSION_NO_THRESHOLD = "diffusion-no-threshold";
    public static final String AR_CACHED = "autoregressive-cached";
    public static final String AR_UNCACHED = "autoregressive-uncached";

    /** Warm-up calls per sampler at batch 1, and again at the batch size, before timing. */
    public static final int WARM_UP_CALLS = 3;

    private static final NoteGenerator.Mode MODE = NoteGenerator.Mode.SCAFFOLD;

    /**
     * @param samples     notes per row written one at a time (latency and quality)
     * @param batch       notes per sampler call in the batched measurement
     * @param concurrency clients writing one note per call at once
     */
    public record Settings(int samples, int batch, int concurrency, long seed, SyntheticCorpus.Style style) {
        public Settings {
            if (samples < 1 || batch < 1 || concurrency < 1) {
                throw new IllegalArgumentException("samples, batch and concurrency must be >= 1");
            }
        }

        /** Sampler calls of the batched measurement: about as many notes as one at a time. */
        public int batchCalls() {
            return (samples + batch - 1) / batch;
        }

        /** Notes written under concurrency: {@code samples}, and at least one per client. */
        public int concurrentNotes() {
            return Math.max(samples, concurrency);
        }
    }

    /** {@code calls} sampler calls of {@code batch} notes each, one after another. */
    public record Throughput(int batch, int calls, int notes, double seconds, double notesPerSecond,
                             double callMeanMs) {
    }

    /** {@code notes} notes written by {@code clients} threads each calling the sampler for one note at a time. */
    public record Concurrency(int clients, int notes, double seconds, double notesPerSecond, double latencyP50Ms,
                              double latencyP99Ms) {
    }

    /** One sampler: its one-at-a-time row (passes, latency, quality), its batched and its concurrent figures. */
    public record Row(String name, InferenceBenchmark.Row single, Throughput batched, Concurrency concurrent) {
    }

    /**
     * @param rows                      diffusion default, diffusion at 20 steps, AR cached (left out when
     *                                  the AR bundle predates the cached step), AR uncached
     * @param cachedOverDiffusionP50    the cached AR's p50 latency over the default diffusion's (null
     *                                  without the cached row)
     * @param uncachedOverDiffusionP50  the uncached AR's p50 latency over the default diffusion's
     * @param diffusionOverCachedBatched the default diffusion's notes per second in batches over the
     *                                  cached AR's (null without the cached row)
     */
    public record Report(String hardware, String diffusionModel, String autoregressiveModel, Settings settings,
                         List<Row> rows, Double cachedOverDiffusionP50, Double uncachedOverDiffusionP50,
                         Double diffusionOverCachedBatched, double seconds) {

        /** The row named {@code name}, or null. */
        public Row row(String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
        }
    }

    /** A row's sampler and its options. */
    private record Sampling(NoteSampler sampler, SamplerOptions options) {
    }

    private ServingBenchmark() {
    }

    /** The diffusion sampler's defaults with {@code seed}. */
    public static SamplerOptions diffusionDefault(long seed) {
        return SamplerOptions.defaults().withSeed(seed);
    }

    /** The defaults without the confidence threshold: every step a pass. */
    public static SamplerOptions diffusionNoThreshold(long seed) {
        return SamplerOptions.defaults().withSeed(seed).withThreshold(0f);
    }

    /**
     * Measures the four rows on {@code references} (the notes the quality figures are scored against),
     * telling {@code progress} of the one-at-a-time rows as they are written.
     */
    public static Report run(ModelBundle diffusion, ModelBundle autoregressive, List<String> references,
                             Settings settings, InferenceBenchmark.Progress progress) {
        if (diffusion.kind() != ModelKind.DIFFUSION || autoregressive.kind() != ModelKind.AUTOREGRESSIVE) {
            throw new IllegalArgumentException("needs a diffusion and an autoregressive bundle");
        }
        long start = System.nanoTime();
        long seed = settings.seed();
        SamplerOptions fast = diffusionDefault(seed);
        SamplerOptions everyStep = diffusionNoThreshold(seed);
        // the AR rows sample with the product's options, as InferenceBenchmark's baseline rows do
        SamplerOptions ar = SamplerOptions.defaults().withSeed(seed);
        NoteSampler diffusionSampler = new NoteGenerator(diffusion);
        boolean cached = autoregressive.hasCachedStep();
        NoteSampler cachedSampler = cached ? new AutoregressiveSampler(autoregressive) : null;
        NoteSampler uncachedSampler = AutoregressiveSampler.uncached(autoregressive);

        warmUp(diffusionSampler, fast, settings.batch());
        warmUp(diffusionSampler, everyStep, settings.batch());
        if (cached) {
            warmUp(cachedSampler, ar, settings.batch());
        }
        warmUp(uncachedSampler, ar, settings.batch());

        List<InferenceBenchmark.Variant> variants = List.of(
                new InferenceBenchmark.Variant(DIFFUSION_DEFAULT, MODE, fast, List.of(fast.steps())),
                new InferenceBenchmark.Variant(DIFFUSION_NO_THRESHOLD, MODE, everyStep, List.of(everyStep.steps())));
        InferenceBenchmark.Result single = InferenceBenchmark.run(diffusion, autoregressive, references, List.of(),
                settings.samples(), variants, settings.style(), progress);

        Map<String, InferenceBenchmark.Row> singles = new LinkedHashMap<>();
        singles.put(DIFFUSION_DEFAULT, InferenceBenchmark.nearest(single.sweep(), DIFFUSION_DEFAULT, fast.steps()));
        singles.put(DIFFUSION_NO_THRESHOLD, InferenceBenchmark.nearest(single.sweep(), DIFFUSION_NO_THRESHOLD, everyStep.steps()));
        if (cached) {
            singles.put(AR_CACHED, single.autoregressiveCached());
        }
        singles.put(AR_UNCACHED, single.autoregressive());
        Map<String, Sampling> samplings = new HashMap<>();
        samplings.put(DIFFUSION_DEFAULT, new Sampling(diffusionSampler, fast));
        samplings.put(DIFFUSION_NO_THRESHOLD, new Sampling(diffusionSampler, everyStep));
        samplings.put(AR_CACHED, new Sampling(cachedSampler, ar));
        samplings.put(AR_UNCACHED, new Sampling(uncachedSampler, ar));

        Map<String, Throughput> batched = new LinkedHashMap<>();
        for (String name : singles.keySet()) {
            Sampling s = samplings.get(name);
            batched.put(name, batched(s.sampler(), s.options(), settings.batch(), settings.batchCalls()));
        }
        List<Row> rows = new ArrayList<>();
        for (String name : singles.keySet()) {
            Sampling s = samplings.get(name);
            Concurrency concurrent = concurrent(s.sampler(), s.options(), settings.concurrency(), settings.concurrentNotes());
            rows.add(new Row(name, singles.get(name), batched.get(name), concurrent));
        }
        Row base = rows.get(0);
        Row cachedRow = rows.stream().filter(r -> r.name().equals(AR_CACHED)).findFirst().orElse(null);
        Row uncachedRow = rows.get(rows.size() - 1);
        Double cachedRatio = cachedRow == null ? null : cachedRow.single().latencyP50Ms() / base.single().latencyP50Ms();
        Double uncachedRatio = uncachedRow.single().latencyP50Ms() / base.single().latencyP50Ms();
        Double batchRatio = cachedRow == null ? null
                : base.batched().notesPerSecond() / cachedRow.batched().notesPerSecond();
        return new Report(single.hardware(), InferenceBenchmark.modelId(diffusion),
                InferenceBenchmark.modelId(autoregressive), settings, rows, cachedRatio, uncachedRatio, batchRatio,
                (System.nanoTime() - start) / 1e9);
    }

    /** {@link #WARM_UP_CALLS} calls at batch 1 and as many at {@code batch}: the first runs of a graph path are slow. */
    public static void warmUp(NoteSampler sampler, SamplerOptions options, int batch) {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            sampler.generate(1, sampler.maxLength(), MODE, options.withSeed(Seeds.derive(options.seed(), "benchmark warm-up", i)));
            sampler.generate(batch, sampler.maxLength(), MODE,
                    options.withSeed(Seeds.derive(options.seed(), "benchmark warm-up batch", i)));
        }
    }

    /** {@code calls} sampler calls of {@code batch} notes each (one model pass a step for the whole batch), timed together. */
    public static Throughput batched(NoteSampler sampler, SamplerOptions options, int batch, int calls) {
        long total = 0;
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            sampler.generate(batch, sampler.maxLength(), MODE, options.withSeed(Seeds.derive(options.seed(), "benchmark batch", i)));
            total += System.nanoTime() - t;
        }
        double seconds = total / 1e9;
        int notes = batch * calls;
        return new Throughput(batch, calls, notes, seconds, notes / Math.max(seconds, 1e-9), total / 1e6 / calls);
    }

    /**
     * {@code notes} notes written by {@code clients} threads at once, each calling the sampler for one
     * note (note i with the seed of the one-at-a-time rows' note i, so it is the same note), as
     * concurrent requests reach a server that does not batch them. A failed call fails the measurement.
     */
    public static Concurrency concurrent(NoteSampler sampler, SamplerOptions options, int clients, int notes) {
        AtomicInteger next = new AtomicInteger();
        double[] millis = new double[notes];
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "benchmark-client-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < notes; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        sampler.generate(1, sampler.maxLength(), MODE, options.withSeed(Seeds.consecutive(options.seed(), i)));
                        millis[i] = (System.nanoTime() - t) / 1e6;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Double> latencies = new ArrayList<>();
            for (double m : millis) {
                latencies.add(m);
            }
            LatencyStats stats = LatencyStats.of(latencies);
            return new Concurrency(clients, notes, seconds, notes / Math.max(seconds, 1e-9), stats.p50Ms(), stats.p99Ms());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring concurrent clients", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The report as a JSON document: settings, then each row's figures, then the ratios. */
    public static Map<String, Object> document(Report report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("hardware", report.hardware());
        doc.put("diffusion_model", report.diffusionModel());
        doc.put("autoregressive_model", report.autoregressiveModel());
        Settings s = report.settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("samples", s.samples());
        settings.put("batch", s.batch());
        settings.put("concurrency", s.concurrency());
        settings.put("seed", s.seed());
        settings.put("layout", MODE.id());
        settings.put("style", s.style().id());
        doc.put("settings", settings);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : report.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("model", r.single().model());
            m.put("steps", r.single().steps());
            m.put("mean_passes", r.single().meanPasses());
            m.put("latency_mean_ms", r.single().latencyMeanMs());
            m.put("latency_p50_ms", r.single().latencyP50Ms());
            m.put("latency_p99_ms", r.single().latencyP99Ms());
            m.put("batched", r.batched());
            m.put("concurrent", r.concurrent());
            m.put("quality", r.single().quality());
            rows.add(m);
        }
        doc.put("rows", rows);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("cached_ar_p50_over_diffusion_default_p50", report.cachedOverDiffusionP50());
        ratios.put("uncached_ar_p50_over_diffusion_default_p50", report.uncachedOverDiffusionP50());
        ratios.put("diffusion_batched_over_cached_ar_batched_notes_per_second", report.diffusionOverCachedBatched());
        doc.put("ratios", ratios);
        doc.put("seconds", report.seconds());
        return doc;
    }
}
