package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.BenchmarkResponse;
import ai.medscribe.functions.api.dto.GenerateResponse;
import ai.medscribe.functions.api.dto.GeneratedNoteView;
import ai.medscribe.functions.api.dto.InfillResponse;
import ai.medscribe.functions.api.dto.ModelInfo;
import ai.medscribe.functions.api.dto.UnparsedText;
import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.bundles.LoadedBundle;
import ai.medscribe.functions.bundles.ServedBundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.medscribe.Seeds;
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
    public NoteWriter(BundleRegistry registry) {
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
        return new GenerateResponse(views, bundle.info(), diffusion ? EnumIds.id(input.mode()) : "left-to-right",
                diffusion ? EnumIds.id(input.strategy()) : null, diffusion && input.remask(), diffusion ? input.steps() : 0,
                input.temperature(), input.seed(), diffusion ? input.threshold() : null, millis);
    }

    public InfillResponse infill(InfillInput input) {
        long start = System.nanoTime();
        Completion done = input.generate().isEmpty()
                ? new Completion(input.given().sections(), List.of(), null)
                : complete(input.kept(), input.generate(), input.lengths(), input.model(), input.options(),
                        input.given().field());
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
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).generate().isEmpty()) {
                throw new BadRequestException(BatchInfillInput.FIELD + "[" + i + "].generate", Section.SOAP.toString(),
                        "this note has nothing to write by default (its missing sections record observations); "
                                + "name the sections in generate, or send it alone");
            }
        }
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
                    if (invalid.field().startsWith("sections.")) {
                        throw tooLongForOneCanvas(inputs.get(i), generator.maxLength()).within(item);
                    }
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
            answers.add(answer(inputs.get(i), new Completion(note.sections(), note.generated(), bundle.info(),
                    wholeNote(inputs.get(i).kept(), inputs.get(i).generate())), millis));
        }
        return answers;
    }

    private static InfillResponse answer(InfillInput input, Completion done, long millis) {
        Map<Section, String> kept = input.kept();
        List<Section> given = Section.SOAP.stream()
                .filter(s -> kept.containsKey(s) && !done.generated().contains(s)).toList();
        List<UnparsedText> unparsed = input.given().unparsed();
        return new InfillResponse(UnparsedText.note(done.sections(), unparsed), done.sections(),
                done.generated(), given, unparsed, done.model(), input.steps(), input.temperature(), input.seed(),
                millis, input.given().where(), done.seen(), input.withheld(),
                InfillResponse.labels(done.sections(), done.generated(), done.model()));
    }

    /** The window of a note that fits the canvas whole: every given section, for each generated one. */
    private static Map<Section, Window> wholeNote(Map<Section, String> kept, List<Section> generate) {
        List<Section> seen = Section.SOAP.stream().filter(s -> kept.containsKey(s) && !generate.contains(s)
                && !kept.get(s).isBlank()).toList();
        Map<Section, Window> windows = new EnumMap<>(Section.class);
        generate.forEach(s -> windows.put(s, new Window(seen, List.of())));
        return windows;
    }

    /** A note that does not fit one canvas, where only one canvas is written (a stream, a list). */
    private static BadRequestException tooLongForOneCanvas(InfillInput input, int maxLength) {
        return new BadRequestException(422, "note too long", input.given().field(), maxLength,
                "the note's given sections need more than the model's canvas of " + maxLength + " tokens; "
                        + "a single infill request writes each section from a window of the note that fits");
    }

    /**
     * A note of any length: the whole note in one canvas when it fits (the same run as always), else
     * each section to write from its own window of the note ({@link NoteWindows}), one model run per
     * section, seeds consecutive from the options' seed. Every generated section is checked to have
     * been written by the model.
     */
    @Override
    public Completion complete(Map<Section, String> given, List<Section> generate, Map<Section, Integer> lengths,
            ModelKind kind, SamplerOptions options, String field) {
        try (ServedBundle.Lease lease = require(kind)) {
            LoadedBundle bundle = lease.bundle();
            NoteWindows windows = new NoteWindows(bundle, options, field);
            Map<Section, String> context = new EnumMap<>(Section.class);
            given.forEach((s, text) -> {
                if (!generate.contains(s) && !text.isBlank()) {
                    context.put(s, text);
                }
            });
            InfillRequest whole = new InfillRequest(given, generate, lengths);
            if (windows.fits(whole)) {
                GeneratedNote note = run(bundle, whole, options, windows);
                requireWritten(note, generate);
                return new Completion(note.sections(), note.generated(), bundle.info(), wholeNote(given, generate));
            }
            Map<Section, String> out = new EnumMap<>(Section.class);
            given.forEach((s, text) -> {
                if (!generate.contains(s)) {
                    out.put(s, text);
                }
            });
            Map<Section, Window> seen = new EnumMap<>(Section.class);
            for (int i = 0; i < generate.size(); i++) {
                Section target = generate.get(i);
                Map<Section, Integer> length = lengths.containsKey(target) ? Map.of(target, lengths.get(target)) : Map.of();
                NoteWindows.Chosen chosen = windows.choose(context, target, length);
                InfillRequest request = new InfillRequest(chosen.given(), List.of(target), length);
                GeneratedNote note = run(bundle, request, options.withSeed(Seeds.consecutive(options.seed(), i)), windows);
                requireWritten(note, List.of(target));
                out.put(target, note.sections().getOrDefault(target, ""));
                seen.put(target, chosen.window());
            }
            LOG.infof("infill: %d sections written from windows of a note longer than the canvas", generate.size());
            return new Completion(out, generate, bundle.info(), seen);
        }
    }

    private static void requireWritten(GeneratedNote note, List<Section> generate) {
        if (!note.generated().containsAll(generate)) {
            throw new IllegalStateException("the model did not write every section asked for");
        }
    }

    /** One model run of {@code bundle}: the diffusion model as {@link #write} runs it, the baseline alone. */
    private GeneratedNote run(LoadedBundle bundle, InfillRequest request, SamplerOptions options, NoteWindows windows) {
        try {
            if (bundle.kind() == ModelKind.DIFFUSION) {
                return write(bundle, request, options, null);
            }
            return bundle.sampler().infill(List.of(request), options).get(0);
        } catch (InvalidRequestException invalid) {
            if (invalid.field().startsWith("sections")) {
                throw windows.tooLong();
            }
            throw invalid;
        }
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
        try (ServedBundle.Lease lease = require(ModelKind.DIFFUSION)) {
            LoadedBundle bundle = lease.bundle();
            return new Written(write(bundle, request, options, onCanvas), bundle);
        }
    }

    private GeneratedNote write(LoadedBundle bundle, InfillRequest request, SamplerOptions options,
            Consumer<List<String>> onCanvas) {
        long start = System.nanoTime();
        DiffusionSampler.StepListener listener = listener(onCanvas, bundle);
        NoteGenerator generator = bundle.diffusion();
        NoteGenerator.Completion part = new NoteGenerator.Completion(request, options.seed());
        GeneratedNote note = batcher.enabled() && listener != null
                ? generator.shared(List.of(part), options, listener).get(0).get(0)
                : batcher.enabled()
                ? batcher.write(generator, part, options).get(0)
                : generator.infill(request, options, listener);
        LOG.infof("infill: %d sections given, %d generated, %d tokens, %d steps, %d ms", request.given().size(),
                note.generated().size(), note.tokenCount(), options.steps(), (System.nanoTime() - start) / 1_000_000);
        return note;
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
        if (input.model() != ModelKind.DIFFUSION) {
            throw new BadRequestException("model", "diffusion", "a stream shows the diffusion model's canvases; "
                    + "the autoregressive model is answered by plain infill");
        }
        Written written;
        try {
            written = write(input.request(), input.options().withTrace(true), onCanvas);
        } catch (InvalidRequestException invalid) {
            if (invalid.field().startsWith("sections.")) {
                throw tooLongForOneCanvas(input, registry.bundle(ModelKind.DIFFUSION).map(b -> b.sampler().maxLength())
                        .orElse(0));
            }
            throw invalid;
        }
        Completion completion = written.completion();
        InfillResponse answer = answer(input, new Completion(completion.sections(), completion.generated(),
                completion.model(), wholeNote(input.kept(), input.generate())), (System.nanoTime() - start) / 1_000_000);
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
}
