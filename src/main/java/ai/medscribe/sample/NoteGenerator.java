package ai.medscribe.sample;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.LengthStats;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes notes with a diffusion bundle: whole notes (free, or on a structure-first scaffold) and
 * the missing sections of partial notes (infilling).
 */
public final class NoteGenerator implements NoteSampler {

    /** How a whole note is laid out before denoising. */
    public enum Mode {
        /** headers placed first, each section's length drawn from the training notes, content masked */
        SCAFFOLD,
        /** every position masked: the model places headers and padding itself */
        FREE,
        /**
         * the model places the five headers first, in SOAP order, where its own first pass over the
         * empty canvas puts them ({@link HeaderPlacement}), then writes the sections as on a scaffold
         */
        PLACED
    }

    private final ModelBundle bundle;
    private final DiffusionSampler sampler;
    private final Tokenizer tokenizer;
    private final Map<Integer, float[][]> headerLogProbs = new java.util.concurrent.ConcurrentHashMap<>();

    public NoteGenerator(ModelBundle bundle) {
        this.bundle = bundle;
        this.sampler = new DiffusionSampler(bundle);
        this.tokenizer = bundle.tokenizer();
    }

    @Override
    public int maxLength() {
        return sampler.length();
    }

    /** Writes {@code count} notes of at most {@code maxLength} tokens in one batch. */
    @Override
    public List<GeneratedNote> generate(int count, int maxLength, Mode mode, SamplerOptions options) {
        return generate(count, maxLength, mode, options, null);
    }

    /** {@link #generate(int, int, Mode, SamplerOptions)}, telling {@code listener} (if not null) each canvas as it forms. */
    public List<GeneratedNote> generate(int count, int maxLength, Mode mode, SamplerOptions options,
            DiffusionSampler.StepListener listener) {
        if (count < 1) {
            throw new InvalidRequestException("count", "must be >= 1, was " + count);
        }
        List<NoteLayout> layouts = wholeNoteLayouts(count, maxLength, mode, options.seed(), options.sectionSlack());
        List<DiffusionSampler.Canvas> canvases = sampler.run(layouts, options, null, listener);
        List<GeneratedNote> notes = new ArrayList<>();
        for (int i = 0; i < canvases.size(); i++) {
            notes.add(wholeNote(layouts.get(i), canvases.get(i)));
        }
        return notes;
    }

    private List<NoteLayout> wholeNoteLayouts(int count, int maxLength, Mode mode, long seed, boolean slack) {
        if (maxLength < 1 || maxLength > sampler.length()) {
            throw new InvalidRequestException("maxLength", "must be in 1.." + sampler.length() + ", was " + maxLength);
        }
        List<NoteLayout> layouts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Random lengths = new Random(Seeds.scaffoldLengths(seed, i));
            layouts.add(switch (mode) {
                case FREE -> NoteLayout.free(sampler.length(), maxLength, shortestNote());
                case SCAFFOLD -> scaffold(maxLength, lengths, slack);
                case PLACED -> placed(maxLength, lengths, slack);
            });
        }
        return layouts;
    }

    /**
     * A whole note's sections. On a scaffold the headers sit where the layout put them and are barred
     * from content, so each section is the text of its span. A free note's headers are wherever the
     * model wrote them (or nowhere), so only reading its decoded text, as any reader would, finds them.
     */
    private GeneratedNote wholeNote(NoteLayout layout, DiffusionSampler.Canvas canvas) {
        SoapNote note = layout.structured() ? SoapNote.of(spanTexts(tokenizer, layout, canvas))
                : SectionParser.instance().parse(tokenizer.decode(canvas.ids()));
        return new GeneratedNote(note.text(), note.sectionMap(), canvas.ids(), note.order(), canvas.trace(),
                canvas.passes());
    }

    /** One request of a shared batch, with its own seed: whole notes, or the completion of a partial note. */
    public sealed interface BatchPart permits WholeNotes, Completion {
        long seed();

        /** How many rows (notes) the part takes in the batch. */
        int rows();
    }

    /** {@code count} whole notes of at most {@code maxLength} tokens, as {@link #generate} writes them. */
    public record WholeNotes(int count, int maxLength, Mode mode, long seed) implements BatchPart {
        @Override
        public int rows() {
            return count;
        }
    }

    /** One partial note to complete, as {@link #infill(InfillRequest, SamplerOptions)} completes it. */
    public record Completion(InfillRequest request, long seed) implements BatchPart {
        @Override
        public int rows() {
            return 1;
        }
    }

    /**
     * Writes the notes of several requests in one sampler batch (their options, seed aside, must be
     * the same: {@code options}' seed is ignored). Each row is sampled with a seed of its own, made
     * from its request's seed and its index in that request ({@link DiffusionSampler#rowSeed}), and a
     * row's note does not depend on the other rows, so every request gets the notes it gets alone
     * (from {@link #generate}, {@link #infill}, or here as a batch of one).
     * Returns each part's notes, in order.
     */
    public List<List<GeneratedNote>> shared(List<? extends BatchPart> parts, SamplerOptions options) {
        return shared(parts, options, null);
    }

    /**
     * {@link #shared(List, SamplerOptions)}, telling {@code listener} (if not null) each canvas as it
     * forms; its rows are the batch's, the parts' rows in order.
     */
    public List<List<GeneratedNote>> shared(List<? extends BatchPart> parts, SamplerOptions options,
            DiffusionSampler.StepListener listener) {
        List<NoteLayout> layouts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (BatchPart part : parts) {
            List<NoteLayout> own = layouts(part, options.sectionSlack());
            for (int i = 0; i < own.size(); i++) {
                seeds.add(DiffusionSampler.rowSeed(part.seed(), i));
            }
            layouts.addAll(own);
        }
        List<DiffusionSampler.Canvas> canvases = sampler.run(layouts, options,
                seeds.stream().mapToLong(Long::longValue).toArray(), listener);
        List<List<GeneratedNote>> out = new ArrayList<>();
        int row = 0;
        for (BatchPart part : parts) {
            List<GeneratedNote> notes = new ArrayList<>();
            for (int i = 0; i < part.rows(); i++, row++) {
                notes.add(part instanceof Completion c ? assemble(tokenizer, c.request(), layouts.get(row), canvases.get(row))
                        : wholeNote(layouts.get(row), canvases.get(row)));
            }
            out.add(notes);
        }
        return out;
    }

    /**
     * Checks that {@code part} fits the model, as {@link #shared} would, without sampling: throws the
     * {@link InvalidRequestException} that {@link #shared} would throw for it (say given text longer
     * than the model holds), so a caller can name the part at fault before a batch runs.
     */
    public void check(BatchPart part, boolean sectionSlack) {
        layouts(part, sectionSlack);
    }

    private List<NoteLayout> layouts(BatchPart part, boolean sectionSlack) {
        if (part instanceof WholeNotes w) {
            if (w.count() < 1) {
                throw new InvalidRequestException("count", "must be >= 1, was " + w.count());
            }
            return wholeNoteLayouts(w.count(), w.maxLength(), w.mode(), w.seed(), sectionSlack);
        }
        return List.of(slackOrOpenLayout(((Completion) part).request(), sectionSlack));
    }

    /** Fills one partial note. */
    public GeneratedNote infill(InfillRequest request, SamplerOptions options) {
        return infill(List.of(request), options).get(0);
    }

    /** Fills one partial note, telling {@code listener} (if not null) each canvas as it forms. */
    public GeneratedNote infill(InfillRequest request, SamplerOptions options, DiffusionSampler.StepListener listener) {
        return infill(List.of(request), options, listener).get(0);
    }

    /** Fills partial notes in one batch. */
    @Override
    public List<GeneratedNote> infill(List<InfillRequest> requests, SamplerOptions options) {
        return infill(requests, options, null);
    }

    private List<GeneratedNote> infill(List<InfillRequest> requests, SamplerOptions options,
            DiffusionSampler.StepListener listener) {
        List<NoteLayout> layouts = new ArrayList<>();
        for (InfillRequest request : requests) {
            layouts.add(slackOrOpenLayout(request, options.sectionSlack()));
        }
        List<DiffusionSampler.Canvas> canvases = sampler.run(layouts, options, null, listener);
        List<GeneratedNote> notes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            notes.add(assemble(tokenizer, requests.get(i), layouts.get(i), canvases.get(i)));
        }
        return notes;
    }

    /**
     * Positions added to a section's drawn or mean length when it may end early in padding: training
     * inserts up to {@code MaskedDiffusion.MAX_SLACK} (6) padding tokens after a masked section, so the
     * model has seen spans this much longer than their content.
     */
    static final int SLACK = 4;

    /**
     * The slack layout, or, when the given text leaves too little room for the slack positions and
     * no length was requested, the layout whose last section takes what room is left.
     */
    private NoteLayout slackOrOpenLayout(InfillRequest request, boolean slack) {
        if (!slack) {
            return layout(request, false);
        }
        try {
            return layout(request, true);
        } catch (InvalidRequestException e) {
            if (!request.lengths().isEmpty()) {
                throw e;
            }
            return layout(request, false);
        }
    }

    private NoteLayout layout(InfillRequest request, boolean slack) {
        Map<Section, int[]> given = new EnumMap<>(Section.class);
        request.given().forEach((s, text) -> {
            if (!request.generate().contains(s)) {
                given.put(s, tokenizer.encode(text));
            }
        });
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        Map<Section, Integer> slackMinimums = new EnumMap<>(Section.class);
        int maxLength = sampler.length();
        Section last = lastOf(given.keySet(), request.generate());
        for (Section s : request.generate()) {
            Integer requested = request.lengths().get(s);
            if (requested != null) {
                if (requested < 1 || requested > maxLength) {
                    throw new InvalidRequestException("lengths." + s.name(), "must be in 1.." + maxLength + ", was " + requested);
                }
                lengths.put(s, requested);
            } else if (s != last || slack) {
                // With slack the last section is bounded too, with visible padding after it, as
                // training's section-masked notes show it; an open span to the end of the canvas is
                // a layout the model never saw masked (it then writes EXAM-like text into PLAN).
                LengthStats stats = contentLength(s);
                int mean = (int) Math.max(1, Math.round(stats.mean()));
                lengths.put(s, mean + (slack ? SLACK : 0));
                if (slack) {
                    // within SLACK of the mean either way (and never below the shortest in training):
                    // padding that spreads in from the span's end would otherwise leave a few words
                    slackMinimums.put(s, Math.max(Math.max(1, stats.min()), mean - SLACK));
                }
            }
        }
        return LayoutBuilder.build(tokenizer, maxLength, given, new HashSet<>(request.generate()), lengths,
                last == null ? 1 : (int) Math.round(contentLength(last).mean()), slackMinimums);
    }

    /**
     * The shortest note the training data suggests (each section's shortest, headers included):
     * without it, confident padding from the end of the canvas eats the note step by step.
     */
    private int shortestNote() {
        return bundle.metadata().sectionLengths().values().stream().mapToInt(LengthStats::min).sum();
    }

    /** Content length statistics of a section in the training notes (the bundle's figures count the header). */
    private LengthStats contentLength(Section section) {
        LengthStats withHeader = bundle.metadata().sectionLengths().get(section.name());
        if (withHeader == null) {
            throw new IllegalStateException("bundle " + bundle.directory() + " has no length statistics for " + section);
        }
        return new LengthStats(withHeader.mean() - 1, withHeader.std(), Math.max(1, withHeader.min() - 1),
                Math.max(1, withHeader.max() - 1), withHeader.notes());
    }

    private static Section lastOf(Set<Section> given, List<Section> generate) {
        Section last = null;
        for (Section s : Section.SOAP) {
            if (given.contains(s) || generate.contains(s)) {
                last = s;
            }
        }
        return last;
    }

    /**
     * Headers at fixed positions and masked content spans whose lengths follow the training notes;
     * with {@code slack} each span is {@link #SLACK} longer and may end early in padding once it
     * holds the section's shortest training length.
     */
    private NoteLayout scaffold(int maxLength, Random random, boolean slack) {
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        Map<Section, Integer> slackMinimums = new EnumMap<>(Section.class);
        for (Section s : Section.SOAP) {
            LengthStats stats = contentLength(s);
            int n = drawnLength(stats, random);
            lengths.put(s, n + (slack ? SLACK : 0));
            if (slack) {
                slackMinimums.put(s, Math.max(1, Math.min(n, stats.min())));
            }
        }
        // Shrink the drawn lengths when a short maxLength cannot hold them.
        int budget = maxLength - Section.SOAP.size();
        if (budget < Section.SOAP.size()) {
            throw new InvalidRequestException("maxLength", "a scaffolded note needs at least "
                    + (2 * Section.SOAP.size() + 1) + " tokens, was " + maxLength);
        }
        int total = lengths.values().stream().mapToInt(Integer::intValue).sum();
        if (total > budget) {
            double scale = budget / (double) total;
            lengths.replaceAll((s, n) -> Math.max(1, (int) Math.floor(n * scale)));
        }
        NoteLayout layout = LayoutBuilder.build(tokenizer, maxLength, Map.of(), new HashSet<>(Section.SOAP), lengths, 1,
                slackMinimums);
        return layout.padTo(sampler.length());
    }

    /**
     * Headers where the model puts them: positions drawn by {@link HeaderPlacement} from the model's
     * probabilities of each header over the empty canvas (at temperature 1, so the sections' lengths
     * follow the model's spread as a scaffold's follow the training notes'), each section at least its
     * shortest training length; the PLAN, whose end no header marks, is drawn as on a scaffold within
     * the room left. With {@code slack} every section is laid out {@link #SLACK} positions longer than
     * the model placed it, as a scaffold's is longer than its drawn length, and may end early in
     * padding once it holds its shortest training length (without the slack, content had to fill the
     * placed span exactly: half the notes ended a section mid-phrase).
     */
    private NoteLayout placed(int maxLength, Random random, boolean slack) {
        int sections = Section.SOAP.size();
        int[] minContent = new int[sections];
        for (int k = 0; k < sections; k++) {
            minContent[k] = contentLength(Section.SOAP.get(k)).min();
        }
        int[] at = HeaderPlacement.sample(headerLogProbs(maxLength), 0, minContent, maxLength, 1.0, random);
        int planLength = drawnLength(contentLength(Section.PLAN), random);
        // the slack moves every later header on; taken only where the whole note still fits
        int extra = slack && at[sections - 1] + (sections - 1) * SLACK + 1 + minContent[sections - 1] <= maxLength
                ? SLACK : 0;
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        Map<Section, Integer> slackMinimums = new EnumMap<>(Section.class);
        for (int k = 0; k < sections; k++) {
            Section s = Section.SOAP.get(k);
            int n;
            if (k + 1 < sections) {
                n = at[k + 1] - at[k] - 1 + extra;
            } else {
                int room = maxLength - (at[k] + k * extra) - 1;
                n = Math.min(room, planLength + (slack ? SLACK : 0));
            }
            lengths.put(s, n);
            if (slack) {
                slackMinimums.put(s, Math.min(n, minContent[k]));
            }
        }
        return LayoutBuilder.build(tokenizer, maxLength, Map.of(), new HashSet<>(Section.SOAP), lengths, 1, slackMinimums)
                .padTo(sampler.length());
    }

    /**
     * A section's content length drawn from its training statistics: normal around the mean, kept
     * within the shortest and longest training lengths.
     */
    private static int drawnLength(LengthStats stats, Random random) {
        long drawn = Math.round(stats.mean() + stats.std() * random.nextGaussian());
        return (int) Math.max(stats.min(), Math.min(stats.max(), drawn));
    }

    /**
     * [header][position]: the model's log-probability of each SOAP header at each position of an empty
     * canvas of {@code maxLength} (every position masked, padding after). The same for every note, so
     * one pass per length, kept.
     */
    private float[][] headerLogProbs(int maxLength) {
        return headerLogProbs.computeIfAbsent(maxLength, n -> {
            NoteLayout empty = NoteLayout.free(sampler.length(), n, 1);
            float[][] logits = bundle.logits(new int[][] {empty.tokens()}, new float[] {empty.maskedCount() / (float) sampler.length()})[0];
            float[][] logProb = new float[Section.SOAP.size()][sampler.length()];
            for (int p = 0; p < sampler.length(); p++) {
                double logZ = SamplingHeads.logSumExp(logits[p]);
                for (int k = 0; k < logProb.length; k++) {
                    logProb[k][p] = (float) (logits[p][tokenizer.headerId(Section.SOAP.get(k))] - logZ);
                }
            }
            return logProb;
        });
    }

    /**
     * The completed note: the given sections verbatim, each generated section the text of its span
     * (padding that ends a span is dropped by decoding).
     */
    static GeneratedNote assemble(Tokenizer tokenizer, InfillRequest request, NoteLayout layout,
                                  DiffusionSampler.Canvas canvas) {
        Map<Section, String> sections = new EnumMap<>(Section.class);
        request.given().forEach((s, text) -> {
            if (!request.generate().contains(s)) {
                sections.put(s, text.strip());
            }
        });
        sections.putAll(spanTexts(tokenizer, layout, canvas));
        SoapNote note = SoapNote.of(sections);
        return new GeneratedNote(note.text(), note.sectionMap(), canvas.ids(), request.generate(), canvas.trace(),
                canvas.passes());
    }

    /** The decoded text of each generated span, under the span's section (padding dropped). */
    static Map<Section, String> spanTexts(Tokenizer tokenizer, NoteLayout layout, DiffusionSampler.Canvas canvas) {
        Map<Section, String> sections = new EnumMap<>(Section.class);
        for (int span = 0; span < layout.spanSection().length; span++) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < layout.length(); i++) {
                if (layout.spans()[i] == span) {
                    ids.add(canvas.ids()[i]);
                }
            }
            sections.put(layout.spanSection()[span], tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray()));
        }
        return sections;
    }
}
