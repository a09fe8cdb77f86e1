package ai.medscribe.sample;

import ai.medscribe.LowerCaseId;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes notes with a diffusion bundle: whole notes (free, placed, or on a structure-first scaffold)
 * and the missing sections of partial notes (infilling). The {@link LayoutPlanner} lays each note's
 * canvas out, the {@link DiffusionSampler} denoises a batch of canvases, and the spans' text is
 * assembled into notes here; requests may share one batch ({@link #shared}).
 */
public final class NoteGenerator implements NoteSampler {

    /** How a whole note is laid out before denoising. */
    public enum Mode implements LowerCaseId {
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

    private final DiffusionSampler sampler;
    private final LayoutPlanner planner;
    private final Tokenizer tokenizer;

    public NoteGenerator(ModelBundle bundle) {
        this.sampler = new DiffusionSampler(bundle);
        this.planner = new LayoutPlanner(bundle);
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

    /**
     * {@link #generate(int, int, Mode, SamplerOptions)}, telling {@code listener} (null for none) each
     * canvas as it forms: the notes {@link #shared} writes for one {@link WholeNotes} part.
     */
    public List<GeneratedNote> generate(int count, int maxLength, Mode mode, SamplerOptions options,
            DiffusionSampler.StepListener listener) {
        return shared(List.of(new WholeNotes(count, maxLength, mode, options.seed())), options, listener).get(0);
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
     * {@link #shared(List, SamplerOptions)}, telling {@code listener} (null for none) each canvas as it
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
        List<DiffusionSampler.Canvas> canvases = sampler.run(layouts, seeds.stream().mapToLong(Long::longValue).toArray(),
                options, orNone(listener));
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
            return planner.wholeNotes(w.count(), w.maxLength(), w.mode(), w.seed(), sectionSlack);
        }
        return List.of(planner.completion(((Completion) part).request(), sectionSlack));
    }

    /** Fills one partial note. */
    public GeneratedNote infill(InfillRequest request, SamplerOptions options) {
        return infill(List.of(request), options).get(0);
    }

    /** Fills one partial note, telling {@code listener} (null for none) each canvas as it forms. */
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
            layouts.add(planner.completion(request, options.sectionSlack()));
        }
        List<DiffusionSampler.Canvas> canvases = sampler.run(layouts, DiffusionSampler.rowSeeds(options.seed(),
                layouts.size()), options, orNone(listener));
        List<GeneratedNote> notes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            notes.add(assemble(tokenizer, requests.get(i), layouts.get(i), canvases.get(i)));
        }
        return notes;
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

    private static DiffusionSampler.StepListener orNone(DiffusionSampler.StepListener listener) {
        return listener == null ? DiffusionSampler.StepListener.NONE : listener;
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
