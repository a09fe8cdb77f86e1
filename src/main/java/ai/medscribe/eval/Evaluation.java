package ai.medscribe.eval;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.EvaluationSummary;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.chart.Charts;
import ai.medscribe.chart.UnmaskingTrajectory;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.note.Section;
import ai.medscribe.sample.GeneratedNote;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.NoteSampler;
import ai.medscribe.sample.SamplerOptions;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diffusion vs autoregressive on the test split, in one seeded run: the step sweep over every
 * sampler variant (quality and latency at each step count, free and scaffolded layouts in separate
 * rows), the baseline measured alongside, and PLAN infilling from the other four sections.
 */
public final class Evaluation {

    public static final int DEFAULT_STEPS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> HEADLINE = new TypeReference<>() {
    };

    /**
     * @param samples       notes written per sweep row (one at a time, timed)
     * @param infillSamples test notes whose PLAN is rewritten
     */
    public record Settings(int samples, int infillSamples, List<Integer> stepCounts, long seed, SyntheticCorpus.Style style) {
        public static Settings defaults(SyntheticCorpus.Style style) {
            return new Settings(100, 100, InferenceBenchmark.DEFAULT_STEP_COUNTS, 42L, style);
        }
    }

    /** PLAN infilling figures of one model. */
    public record InfillQuality(String model, int notes, double planCoherence, double planValidity, double meanPlanTokens) {
    }

    /**
     * @param defaultVariant the diffusion variant the product uses; its 20-step row is the headline
     * @param quality        the headline rows at 20 steps (each variant) and the baseline, uncached then cached
     * @param speedup        the uncached baseline's p50 over the default variant's; {@code speedupVsCached}
     *                       the cached baseline's (null when the AR bundle predates the cached step)
     */
    public record Report(String hardware, String defaultVariant, List<InferenceBenchmark.Row> quality,
                         List<InferenceBenchmark.Row> sweep, InferenceBenchmark.Row autoregressive, Double speedup,
                         Double speedupVsCached, List<InfillQuality> infill, List<InferenceBenchmark.Row> comparisons,
                         NoteQuality reference) {
    }

    private Evaluation() {
    }

    /**
     * The sampler variants swept over the step counts: the product's default (first), the free layout
     * and the layout whose headers the model places itself.
     */
    public static List<InferenceBenchmark.Variant> variants(long seed) {
        SamplerOptions base = SamplerOptions.defaults().withSeed(seed);
        return List.of(
                new InferenceBenchmark.Variant("scaffold", NoteGenerator.Mode.SCAFFOLD, base),
                new InferenceBenchmark.Variant("free", NoteGenerator.Mode.FREE, base),
                new InferenceBenchmark.Variant("placed", NoteGenerator.Mode.PLACED, base));
    }

    /**
     * The variants measured at one step count beside the default: the confidence order (the default
     * until the frontier order), each sampler lever taken out of (or added to) the default alone, the
     * first sampler (the schedule only), and the rows that show what the model itself knows: one token per step by
     * confidence, one per step left to right at temperature 1 (the baseline's order), and the exact
     * sampler of a masked diffusion model (one token per step, random order, temperature 1, nothing
     * remasked) in both layouts.
     */
    public static List<InferenceBenchmark.Variant> fixedVariants(long seed, int maxLength) {
        SamplerOptions base = SamplerOptions.defaults().withSeed(seed);
        List<Integer> twenty = List.of(DEFAULT_STEPS);
        List<Integer> onePerToken = List.of(maxLength);
        SamplerOptions exact = SamplerPresets.exact(maxLength).withSeed(seed);
        return List.of(
                new InferenceBenchmark.Variant("scaffold-confidence", NoteGenerator.Mode.SCAFFOLD,
                        SamplerPresets.confidence().withSeed(seed), twenty),
                new InferenceBenchmark.Variant("scaffold-previous", NoteGenerator.Mode.SCAFFOLD,
                        SamplerPresets.scheduleOnly().withSeed(seed), twenty),
                new InferenceBenchmark.Variant("scaffold-no-threshold", NoteGenerator.Mode.SCAFFOLD,
                        base.withThreshold(0f), twenty),
                new InferenceBenchmark.Variant("scaffold-threshold-0.9", NoteGenerator.Mode.SCAFFOLD,
                        base.withThreshold(0.9f), twenty),
                new InferenceBenchmark.Variant("scaffold-no-slack", NoteGenerator.Mode.SCAFFOLD,
                        base.withSectionSlack(false), twenty),
                new InferenceBenchmark.Variant("scaffold-no-remask", NoteGenerator.Mode.SCAFFOLD,
                        base.withRemaskRepeats(false), twenty),
                new InferenceBenchmark.Variant("scaffold-revise-0.3", NoteGenerator.Mode.SCAFFOLD,
                        base.withRemaskBelow(0.3f), twenty),
                new InferenceBenchmark.Variant("scaffold-greedy", NoteGenerator.Mode.SCAFFOLD,
                        base.withTemperature(0.01f), twenty),
                new InferenceBenchmark.Variant("scaffold-1/step-conf", NoteGenerator.Mode.SCAFFOLD,
                        SamplerPresets.scheduleOnly().withSeed(seed), onePerToken),
                new InferenceBenchmark.Variant("scaffold-ltr-t1", NoteGenerator.Mode.SCAFFOLD,
                        SamplerPresets.leftToRight(maxLength, 1f).withSeed(seed), onePerToken),
                new InferenceBenchmark.Variant("scaffold-exact", NoteGenerator.Mode.SCAFFOLD, exact, onePerToken),
                new InferenceBenchmark.Variant("free-exact", NoteGenerator.Mode.FREE, exact, onePerToken));
    }

    /**
     * @param others further diffusion bundles (e.g. one trained the case study's way) measured at
     *               20 steps in both layouts
     * @param progress where the parts of the run are announced, a line each
     * @param rows     told of each row's notes as they are written (what a progress bar shows)
     */
    public static Report run(ModelBundle diffusion, ModelBundle autoregressive, List<ModelBundle> others,
                             List<String> testNotes, Settings settings, PrintStream progress,
                             InferenceBenchmark.Progress rows) {
        List<InferenceBenchmark.Variant> variants = variants(settings.seed());
        progress.printf("step sweep: %d variants x %s steps x %d notes%n", variants.size(), settings.stepCounts(),
                settings.samples());
        InferenceBenchmark.Result result = InferenceBenchmark.run(diffusion, autoregressive, testNotes,
                settings.stepCounts(), settings.samples(), variants, settings.style(), rows);
        List<InferenceBenchmark.Variant> fixed = fixedVariants(settings.seed(), diffusion.maxLength());
        progress.printf("sampler variants: %d x %d notes%n", fixed.size(), settings.samples());
        InferenceBenchmark.Result fixedResult = InferenceBenchmark.run(diffusion, null, testNotes,
                settings.stepCounts(), settings.samples(), fixed, settings.style(), rows);
        List<InferenceBenchmark.Row> quality = new ArrayList<>();
        quality.add(InferenceBenchmark.nearest(result.sweep(), variants.get(0).name(), DEFAULT_STEPS));
        quality.addAll(fixedResult.sweep());
        quality.add(InferenceBenchmark.nearest(result.sweep(), variants.get(1).name(), DEFAULT_STEPS));
        if (result.autoregressive() != null) {
            quality.add(result.autoregressive());
        }
        if (result.autoregressiveCached() != null) {
            quality.add(result.autoregressiveCached());
        }
        if (autoregressive != null) {
            quality.add(InferenceBenchmark.autoregressiveAtTemperatureOne(autoregressive, settings.samples(), testNotes,
                    settings.style(), settings.seed(), rows));
        }
        List<InferenceBenchmark.Row> comparisons = new ArrayList<>();
        for (ModelBundle other : others) {
            progress.printf("comparison bundle %s%n", other.directory().getFileName());
            InferenceBenchmark.Result r = InferenceBenchmark.run(other, null, testNotes, List.of(DEFAULT_STEPS),
                    settings.samples(), List.of(variants.get(0), variants.get(1)), settings.style(), rows);
            for (InferenceBenchmark.Row row : r.sweep()) {
                comparisons.add(relabel(row, other.directory().getFileName().toString()));
            }
        }
        progress.println("PLAN infilling");
        List<InfillQuality> infill = infill(diffusion, autoregressive, testNotes, settings, rows);
        int n = Math.min(settings.samples(), testNotes.size());
        List<String> shifted = new ArrayList<>(testNotes.subList(1, testNotes.size()));
        shifted.add(testNotes.get(0));
        NoteQuality reference = NoteQuality.of(testNotes.subList(0, n), shifted.subList(0, n), settings.style());
        return new Report(result.hardware(), variants.get(0).name(), quality, result.sweep(), result.autoregressive(),
                result.speedup(), result.speedupVsCached(), infill, comparisons, reference);
    }

    private static InferenceBenchmark.Row relabel(InferenceBenchmark.Row row, String model) {
        return new InferenceBenchmark.Row(model, row.mode(), row.steps(), row.samples(), row.latencyMeanMs(),
                row.latencyP50Ms(), row.latencyP99Ms(), row.tokensPerSecond(), row.rougeL(), row.structureRate(),
                row.phraseValidity(), row.repetitionRate(), row.quality(), row.latenciesMs(), row.meanPasses());
    }

    /** Rewrites the PLAN of test notes that have all five sections, from the other four. */
    static List<InfillQuality> infill(ModelBundle diffusion, ModelBundle autoregressive, List<String> testNotes,
                                      Settings settings, InferenceBenchmark.Progress rows) {
        List<InfillRequest> requests = new ArrayList<>();
        for (String text : testNotes) {
            if (requests.size() >= settings.infillSamples()) {
                break;
            }
            InfillRequest full = InfillRequest.fromText(text, List.of(Section.PLAN), Map.of());
            // Notes that fill the model's length leave the PLAN no room: they are not infill cases.
            boolean fits = diffusion.tokenizer().split(text).size() + 2 < diffusion.maxLength();
            if (fits && full.given().keySet().containsAll(Section.SOAP)) {
                Map<Section, String> given = new LinkedHashMap<>(full.given());
                given.remove(Section.PLAN);
                requests.add(new InfillRequest(given, List.of(Section.PLAN), Map.of()));
            }
        }
        SamplerOptions options = SamplerOptions.infillDefaults().withSeed(settings.seed());
        List<InfillQuality> out = new ArrayList<>();
        NoteGenerator generator = new NoteGenerator(diffusion);
        Map<String, SamplerOptions> samplers = new LinkedHashMap<>();
        samplers.put("", options);
        samplers.put(" (confidence sampler)", SamplerPresets.confidence().withSeed(settings.seed()));
        samplers.put(" (previous sampler)", SamplerPresets.scheduleOnly().withSeed(settings.seed()));
        for (Map.Entry<String, SamplerOptions> entry : samplers.entrySet()) {
            SamplerOptions sampler = entry.getValue();
            String label = InferenceBenchmark.modelId(diffusion) + entry.getKey();
            rows.rowStarted(label + " PLAN infilling", requests.size());
            List<GeneratedNote> notes = new ArrayList<>();
            for (int i = 0; i < requests.size(); i += 16) {
                List<InfillRequest> batch = requests.subList(i, Math.min(requests.size(), i + 16));
                notes.addAll(generator.infill(batch, sampler.withSeed(Seeds.consecutive(settings.seed(), i))));
                rows.notesWritten(batch.size());
            }
            out.add(infillQuality(label, notes, settings.style()));
        }
        if (autoregressive != null) {
            rows.rowStarted(InferenceBenchmark.modelId(autoregressive) + " PLAN infilling", requests.size());
            List<GeneratedNote> arNotes = NoteSampler.of(autoregressive).infill(requests, options);
            rows.notesWritten(requests.size());
            out.add(infillQuality(InferenceBenchmark.modelId(autoregressive), arNotes, settings.style()));
        }
        return out;
    }

    private static InfillQuality infillQuality(String model, List<GeneratedNote> notes, SyntheticCorpus.Style style) {
        PhraseValidity validity = new PhraseValidity(style);
        int coherent = 0;
        long valid = 0;
        long words = 0;
        for (GeneratedNote note : notes) {
            coherent += PlanCoherence.check(note.text()).coherent() ? 1 : 0;
            String plan = note.sections().getOrDefault(Section.PLAN, "");
            PhraseValidity.NoteValidity v = validity.score(Section.PLAN.header() + " " + plan);
            valid += v.validWords();
            words += v.totalWords();
        }
        double n = Math.max(1, notes.size());
        double tokens = notes.stream().mapToInt(g -> Tokenizer.words(g.sections().getOrDefault(Section.PLAN, "")).size()).sum();
        return new InfillQuality(model, notes.size(), coherent / n, words == 0 ? 0 : valid / (double) words, tokens / n);
    }

    /**
     * Writes evaluation.json and the charts into {@code out}, then a copy of evaluation.json (with
     * the model's own headline figures on top, which the ethics report reads) into each bundle.
     */
    public static void write(Report report, ModelBundle diffusion, ModelBundle autoregressive, Path out) throws IOException {
        Files.createDirectories(out.resolve("charts"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        writeAtomically(json, out.resolve(EvaluationSummary.FILE_NAME), document(report, report.quality().get(0)));
        charts(report, diffusion, out.resolve("charts"));
        // the probe curves of the diffusion bundle's training, beside the sampling charts
        Path curves = diffusion.trainingCurvesFile();
        if (Files.isRegularFile(curves)) {
            var training = json.readValue(curves.toFile(), ai.medscribe.train.TrainingCurves.class);
            ai.medscribe.train.BundleTraining.probeChart(diffusion.metadata().preset(), training.epochs(),
                    out.resolve("charts").resolve(ai.medscribe.train.BundleTraining.PROBE_CHART));
        }
        writeAtomically(json, diffusion.directory().resolve(EvaluationSummary.FILE_NAME), document(report, report.quality().get(0)));
        copyCharts(out.resolve("charts"), diffusion.directory().resolve("charts"));
        if (autoregressive != null && report.autoregressive() != null) {
            writeAtomically(json, autoregressive.directory().resolve(EvaluationSummary.FILE_NAME), document(report, report.autoregressive()));
            copyCharts(out.resolve("charts"), autoregressive.directory().resolve("charts"));
        }
    }

    /** The headline figures under the keys the ethics report reads, then everything measured. */
    static Map<String, Object> document(Report report, InferenceBenchmark.Row headline) {
        Map<String, Object> doc = new LinkedHashMap<>(JSON.convertValue(summary(report, headline), HEADLINE));
        doc.put("quality", report.quality().stream().map(Evaluation::row).toList());
        doc.put("infill_plan", report.infill());
        doc.put("test_notes_reference", report.reference());
        doc.put("step_sweep", report.sweep().stream().map(Evaluation::row).toList());
        doc.put("comparisons", report.comparisons().stream().map(Evaluation::row).toList());
        return doc;
    }

    /** The headline of evaluation.json: {@code headline}'s figures and the report's speedups. */
    static EvaluationSummary summary(Report report, InferenceBenchmark.Row headline) {
        return new EvaluationSummary(headline.model(), headline.mode(), headline.steps(), headline.meanPasses(),
                headline.samples(), headline.structureRate(), headline.phraseValidity(), headline.repetitionRate(),
                headline.quality().planCoherence(), headline.rougeL(), RougeL.VARIANT,
                new EvaluationSummary.Latency(headline.latencyMeanMs(), headline.latencyP50Ms(), headline.latencyP99Ms()),
                report.hardware(), report.speedup(), report.speedupVsCached());
    }

    private static Map<String, Object> row(InferenceBenchmark.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("variant", r.mode());
        m.put("steps", r.steps());
        m.put("samples", r.samples());
        m.put("latency_mean_ms", r.latencyMeanMs());
        m.put("latency_p50_ms", r.latencyP50Ms());
        m.put("latency_p99_ms", r.latencyP99Ms());
        m.put("tokens_per_second", r.tokensPerSecond());
        m.put("mean_passes", r.meanPasses());
        m.put("quality", r.quality());
        return m;
    }

    private static void writeAtomically(ObjectMapper json, Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        json.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyCharts(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void charts(Report report, ModelBundle diffusion, Path dir) throws IOException {
        String variant = report.defaultVariant();
        List<InferenceBenchmark.Row> rows = report.sweep().stream().filter(r -> r.mode().equals(variant)).toList();
        double[] steps = rows.stream().mapToDouble(InferenceBenchmark.Row::steps).toArray();
        Charts.lines(dir.resolve("quality_vs_steps.png"), "Quality vs denoising steps (" + variant + ")", "steps",
                "share of notes / words", List.of(
                        new Charts.Series("all sections in order", steps, rows.stream().mapToDouble(InferenceBenchmark.Row::structureRate).toArray()),
                        new Charts.Series("phrase validity", steps, rows.stream().mapToDouble(InferenceBenchmark.Row::phraseValidity).toArray()),
                        new Charts.Series("no repetition", steps, rows.stream().mapToDouble(r -> 1 - r.repetitionRate()).toArray()),
                        new Charts.Series("ROUGE-L", steps, rows.stream().mapToDouble(InferenceBenchmark.Row::rougeL).toArray())),
                "latency p50 (ms)", List.of(new Charts.Series("latency p50", steps,
                        rows.stream().mapToDouble(InferenceBenchmark.Row::latencyP50Ms).toArray())));
        InferenceBenchmark.Row headline = report.quality().get(0);
        Charts.histogram(dir.resolve("latency_diffusion.png"), "Diffusion note latency (" + headline.steps() + " steps)",
                "ms", headline.latenciesMs(), 20);
        if (report.autoregressive() != null) {
            Charts.histogram(dir.resolve("latency_autoregressive.png"), "Autoregressive note latency", "ms",
                    report.autoregressive().latenciesMs(), 20);
        }
        trajectory(diffusion, dir.resolve("unmasking_trajectory.png"));
    }

    /** The unmasking picture of one 20-step free-layout note: steps 1, 5, 10, 15, 20. */
    static void trajectory(ModelBundle diffusion, Path png) throws IOException {
        NoteGenerator generator = new NoteGenerator(diffusion);
        GeneratedNote note = generator.generate(1, generator.maxLength(), NoteGenerator.Mode.FREE,
                SamplerOptions.defaults().withTrace(true)).get(0);
        Tokenizer tokenizer = diffusion.tokenizer();
        Set<String> headers = Set.of("hpi:", "ros:", "exam:", "assessment:", "plan:");
        List<UnmaskingTrajectory.Row> rows = new ArrayList<>();
        for (int step : List.of(1, 5, 10, 15, 20)) {
            int[] canvas = note.trace().get(Math.min(step, note.trace().size() - 1));
            List<UnmaskingTrajectory.Cell> cells = new ArrayList<>();
            for (int id : canvas) {
                String word = tokenizer.token(id);
                UnmaskingTrajectory.Kind kind = id == Tokenizer.MASK_ID ? UnmaskingTrajectory.Kind.MASK
                        : id == Tokenizer.PAD_ID ? UnmaskingTrajectory.Kind.PAD
                        : headers.contains(word) ? UnmaskingTrajectory.Kind.HEADER : UnmaskingTrajectory.Kind.CONTENT;
                cells.add(new UnmaskingTrajectory.Cell(word, kind));
            }
            rows.add(new UnmaskingTrajectory.Row(step, cells));
        }
        UnmaskingTrajectory.write(png, "Clinical note unmasking trajectory (first 40 tokens)", rows, 40);
    }
}
