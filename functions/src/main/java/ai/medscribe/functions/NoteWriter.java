package ai.medscribe.functions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.eval.ErrorAnalysis;
import ai.medscribe.eval.InferenceBenchmark;
import ai.medscribe.eval.StructureCheck;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.sample.DiffusionSampler;
import ai.medscribe.sample.GeneratedNote;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.InvalidRequestException;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;
import ai.medscribe.text.Tokenizer;

/**
 * Writes notes with the loaded bundles: whole notes (diffusion or the autoregressive baseline),
 * completions of partial notes (the diffusion model's infilling), and the inference benchmark.
 * The functions validate; this calls the core samplers. With batching on, diffusion notes and
 * completions go through the {@link NoteBatcher} (one sampler batch for concurrent requests; the
 * autoregressive baseline and the benchmark run alone). It logs sizes and timings, never text.
 */
@ApplicationScoped
public class NoteWriter implements NoteCompleter {

    private static final Logger LOG = Logger.getLogger(NoteWriter.class);
    /** Seeded references for the benchmark's ROUGE-L: the synthetic corpus the models are trained on by default. */
    static final int BENCHMARK_REFERENCES = 64;
    static final long BENCHMARK_REFERENCE_SEED = 7L;

    private final BundleRegistry registry;
    private final NoteBatcher batcher;

    /** Without batching (tests that build the writer by hand). */
    NoteWriter(BundleRegistry registry) {
        this(registry, NoteBatcher.disabled());
    }

    @Inject
    public NoteWriter(BundleRegistry registry, NoteBatcher batcher) {
        this.registry = registry;
        this.batcher = batcher;
    }

    public GenerateResponse generate(GenerateInput input) {
        try (ServedBundle.Lease lease = require(input.model())) {
            return generate(input, lease.bundle(), null);
        }
    }

    private GenerateResponse generate(GenerateInput input, LoadedBundle bundle, DiffusionSampler.StepListener listener) {
        long start = System.nanoTime();
        NoteGenerator.WholeNotes whole = new NoteGenerator.WholeNotes(input.count(), input.maxLength(), input.mode(),
                input.seed());
        List<GeneratedNote> notes;
        if (input.model() != ModelKind.DIFFUSION || !batcher.enabled() && listener == null) {
            notes = bundle.sampler().generate(input.count(), input.maxLength(), input.mode(), input.options());
        } else if (!batcher.enabled()) {
            notes = bundle.diffusion().generate(input.count(), input.maxLength(), input.mode(), input.options(), listener);
        } else if (listener != null) {
            notes = bundle.diffusion().shared(List.of(whole), input.options(), listener).get(0);
        } else {
            notes = batcher.write(bundle.diffusion(), whole, input.options());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Tokenizer tokenizer = bundle.model().tokenizer();
        List<GeneratedNoteView> views = new ArrayList<>();
        for (GeneratedNote note : notes) {
            // the structure and error checks read the note's text, as the evaluation's do, so a
            // response reports what the evaluation would measure on the same note
            views.add(new GeneratedNoteView(note.text(), note.sections(), note.tokenCount(),
                    StructureCheck.check(note.text()), ErrorAnalysis.categorize(note.text(), bundle.poolChecks()),
                    input.trace() ? decode(note.trace(), tokenizer) : null, note.passes()));
        }
        LOG.infof("generate: %d notes, %d tokens, %s, %d steps, %d ms", notes.size(),
                notes.stream().mapToInt(GeneratedNote::tokenCount).sum(), bundle.name(), input.steps(), millis);
        boolean diffusion = input.model() == ModelKind.DIFFUSION;
        return new GenerateResponse(views, bundle.info(), diffusion ? lower(input.mode()) : "left-to-right",
                diffusion ? lower(input.strategy()) : null, diffusion && input.remask(), diffusion ? input.steps() : 0,
                input.temperature(), input.seed(), diffusion ? input.threshold() : null, millis);
    }

    public InfillResponse infill(InfillInput input) {
        long start = System.nanoTime();
        Completion done = complete(input.request(), input.options());
        return answer(input, done, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * A list of notes, completed in one sampler batch ({@link NoteGenerator#shared}, through the
     * batcher when it is on, so other requests may join): each note as the single request completes
     * it with batching on. Every note is checked against the model before the batch runs, so a note
     * the model cannot hold is refused naming its index and nothing is written.
     */
    public List<InfillResponse> infill(BatchInfillInput input) {
        long start = System.nanoTime();
        List<InfillInput> inputs = input.notes();
        SamplerOptions options = inputs.get(0).options();
        List<NoteGenerator.Completion> parts = inputs.stream()
                .map(i -> new NoteGenerator.Completion(i.request(), i.seed())).toList();
        List<List<GeneratedNote>> notes;
        LoadedBundle bundle;
        try (ServedBundle.Lease lease = require(ModelKind.DIFFUSION)) {
            bundle = lease.bundle();
            NoteGenerator generator = bundle.diffusion();
            for (int i = 0; i < parts.size(); i++) {
                try {
                    generator.check(parts.get(i), options.sectionSlack());
                } catch (InvalidRequestException invalid) {
                    String item = BatchInfillInput.FIELD + "[" + i + "]";
                    throw new BadRequestException(400, item + "." + invalid.field(), null,
                            item + ": " + invalid.getMessage());
                }
            }
            notes = batcher.enabled() ? batcher.write(generator, parts, options) : generator.shared(parts, options);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("infill: %d notes in one batch, %d tokens, %d steps, %d ms", parts.size(),
                notes.stream().mapToInt(n -> n.get(0).tokenCount()).sum(), options.steps(), millis);
        List<InfillResponse> answers = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            GeneratedNote note = notes.get(i).get(0);
            answers.add(answer(inputs.get(i), new Completion(note.sections(), note.generated(), bundle.info()), millis));
        }
        return answers;
    }

    private static InfillResponse answer(InfillInput input, Completion done, long millis) {
        InfillRequest request = input.request();
        List<Section> given = Section.SOAP.stream()
                .filter(s -> request.given().containsKey(s) && !done.generated().contains(s)).toList();
        List<UnparsedText> unparsed = input.given().unparsed();
        return new InfillResponse(UnparsedText.note(done.sections(), unparsed), done.sections(),
                done.generated(), given, unparsed, done.model(), input.steps(), input.temperature(), input.seed(),
                millis);
    }

    @Override
    public Completion complete(InfillRequest request, SamplerOptions options) {
        return write(request, options).completion();
    }

    /** A completed note and the bundle that wrote it. */
    private record Written(GeneratedNote note, LoadedBundle bundle) {
        Completion completion() {
            return new Completion(note.sections(), note.generated(), bundle.info());
        }
    }

    private Written write(InfillRequest request, SamplerOptions options) {
        return write(request, options, null);
    }

    private Written write(InfillRequest request, SamplerOptions options, Consumer<List<String>> onCanvas) {
        long start = System.nanoTime();
        GeneratedNote note;
        LoadedBundle bundle;
        try (ServedBundle.Lease lease = require(ModelKind.DIFFUSION)) {
            bundle = lease.bundle();
            DiffusionSampler.StepListener listener = listener(onCanvas, bundle);
            NoteGenerator generator = bundle.diffusion();
            NoteGenerator.Completion part = new NoteGenerator.Completion(request, options.seed());
            note = batcher.enabled() && listener != null
                    ? generator.shared(List.of(part), options, listener).get(0).get(0)
                    : batcher.enabled()
                    ? batcher.write(generator, part, options).get(0)
                    : generator.infill(request, options, listener);
        }
        LOG.infof("infill: %d sections given, %d generated, %d tokens, %d steps, %d ms", request.given().size(),
                note.generated().size(), note.tokenCount(), options.steps(), (System.nanoTime() - start) / 1_000_000);
        return new Written(note, bundle);
    }

    /** An answer and the canvas at the start and after every denoising step, as tokens (for streaming). */
    public record Traced<T>(T answer, List<List<String>> canvases) {
    }

    /*
     * The traced paths below are the streams': onCanvas (if not null) is told each canvas of the note's
     * trace as the sampler records it, on the sampling thread. With batching on, such a note does not
     * go through the batcher's queue: it is written alone, on the caller's thread, as a shared batch of
     * one (NoteGenerator#shared), which is the note the batcher gives the same request (a row's note
     * does not depend on the other rows), so the stream's result is the plain function's answer.
     */

    /**
     * {@link #generate} of one diffusion note with its trace kept: the answer is the one {@code generate}
     * gives for the input (with a trace only when the input asks for one).
     */
    public Traced<GenerateResponse> generateTraced(GenerateInput input) {
        return generateTraced(input, null);
    }

    /** {@link #generateTraced(GenerateInput)}, telling {@code onCanvas} each canvas as it forms. */
    public Traced<GenerateResponse> generateTraced(GenerateInput input, Consumer<List<String>> onCanvas) {
        GenerateResponse traced;
        try (ServedBundle.Lease lease = require(input.model())) {
            traced = generate(input.withTrace(true), lease.bundle(), listener(onCanvas, lease.bundle()));
        }
        return new Traced<>(input.trace() ? traced : traced.withoutTrace(), traced.notes().get(0).trace());
    }

    /** {@link #infill(InfillInput)} with its trace kept: the same answer, and the canvases. */
    public Traced<InfillResponse> infillTraced(InfillInput input) {
        return infillTraced(input, null);
    }

    /** {@link #infillTraced(InfillInput)}, telling {@code onCanvas} each canvas as it forms. */
    public Traced<InfillResponse> infillTraced(InfillInput input, Consumer<List<String>> onCanvas) {
        long start = System.nanoTime();
        Written written = write(input.request(), input.options().withTrace(true), onCanvas);
        InfillResponse answer = answer(input, written.completion(), (System.nanoTime() - start) / 1_000_000);
        return new Traced<>(answer, decode(written.note().trace(), written.bundle().model().tokenizer()));
    }

    /** The sampler listener for the first note's canvases, as tokens; null without {@code onCanvas}. */
    private static DiffusionSampler.StepListener listener(Consumer<List<String>> onCanvas, LoadedBundle bundle) {
        if (onCanvas == null) {
            return null;
        }
        Tokenizer tokenizer = bundle.model().tokenizer();
        return (row, index, ids) -> {
            if (row == 0) {
                onCanvas.accept(decode(List.of(ids), tokenizer).get(0));
            }
        };
    }

    public BenchmarkResponse benchmark(BenchmarkInput input) {
        try (ServedBundle.Lease diffusion = require(ModelKind.DIFFUSION);
                ServedBundle.Lease autoregressive = input.includeAutoregressive() ? require(ModelKind.AUTOREGRESSIVE) : null) {
            return benchmark(input, diffusion.bundle(), autoregressive == null ? null : autoregressive.bundle());
        }
    }

    private BenchmarkResponse benchmark(BenchmarkInput input, LoadedBundle diffusion, LoadedBundle autoregressive) {
        // the references and phrase pools of the synthetic style the bundle was trained on
        SyntheticCorpus.Style style = diffusion.corpusStyle();
        List<String> references = SyntheticCorpus.of(style)
                .generate(BENCHMARK_REFERENCES, BENCHMARK_REFERENCE_SEED).stream().map(ClinicalNote::text).toList();
        long start = System.nanoTime();
        InferenceBenchmark.Result result = InferenceBenchmark.run(diffusion.model(),
                autoregressive == null ? null : autoregressive.model(), references, input.stepCounts(), input.samples(),
                InferenceBenchmark.defaultVariants(SamplerOptions.defaults()), style);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("benchmark: %d step counts, %d samples, baseline %s, %d ms", input.stepCounts().size(),
                input.samples(), autoregressive != null, millis);
        List<ModelInfo> models = new ArrayList<>(List.of(diffusion.info()));
        if (autoregressive != null) {
            models.add(autoregressive.info());
        }
        return new BenchmarkResponse(result.sweep(), result.autoregressive(), result.autoregressiveCached(),
                result.speedup(), result.speedupVsCached(), result.hardware(), models, references.size(), millis);
    }

    /** The bundle serving, held until the request is done (a newer version may replace it meanwhile). */
    private ServedBundle.Lease require(ModelKind kind) {
        return registry.use(kind).orElseThrow(() -> new ModelUnavailableException("the " + kind.id()
                + " bundle is not loaded: " + registry.status().reason()));
    }

    /** The canvas at the start and after each step, as tokens. */
    private static List<List<String>> decode(List<int[]> trace, Tokenizer tokenizer) {
        List<List<String>> steps = new ArrayList<>();
        for (int[] canvas : trace) {
            steps.add(Arrays.stream(canvas).mapToObj(tokenizer::token).toList());
        }
        return steps;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
