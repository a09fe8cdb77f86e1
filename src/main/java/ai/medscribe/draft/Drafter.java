package ai.medscribe.draft;

import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drafts one note section from a transcript with a drafting bundle. The transcript's keys and values
 * are computed once ({@link DraftBundle#encodeSource}); then
 * <ul>
 * <li>diffusion: the note region starts as the header and {@code [MASK]}s (as many as the header's
 * 90th-percentile training length plus a margin, at most the region), and each of {@code steps}
 * passes first ends the section from the right (trailing masked positions the model takes for
 * padding become padding, see {@link #padSuffix}), then commits the masked positions whose most
 * likely word is at least {@code threshold} sure and, if fewer, the surest ones the schedule asks for
 * (an even share of what is left: LLaDA's low-confidence remasking, Fast-dLLM's threshold); a
 * position inside the note never takes padding;</li>
 * <li>AR: the header, then one cached step per token until padding or the region's end.</li>
 * </ul>
 * Decoding is greedy (the most likely word), so a draft is a function of its transcript and header.
 */
public final class Drafter {

    /**
     * Diffusion passes at most ({@code steps}), the confidence at which a word is committed at once,
     * and how sure the model must be of padding at the end of the note to end the section there
     * ({@code endConfidence}, see {@link #padSuffix}).
     */
    public record Options(int steps, double threshold, double endConfidence) {
        public static final int DEFAULT_STEPS = 24;
        public static final double DEFAULT_THRESHOLD = 0.9;
        public static final double DEFAULT_END_CONFIDENCE = 0.9;

        public Options(int steps, double threshold) {
            this(steps, threshold, DEFAULT_END_CONFIDENCE);
        }

        public static Options defaults() {
            return new Options(DEFAULT_STEPS, DEFAULT_THRESHOLD);
        }

        public Options {
            if (!(endConfidence > 0 && endConfidence <= 1.0)) {
                throw new IllegalArgumentException("end confidence must be in (0, 1], was " + endConfidence);
            }
            if (steps < 1 || steps > 512) {
                throw new IllegalArgumentException("steps must be from 1 to 512, was " + steps);
            }
            if (!(threshold > 0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
            }
        }
    }

    /** A drafted section: its text, its token ids, the model passes it took and its wall time. */
    public record Draft(MtsHeader header, String text, int[] ids, int passes, double millis) {
    }

    /** Margin added to a header's 90th-percentile length for the diffusion canvas. */
    static final int LENGTH_MARGIN = 8;

    private final DraftBundle bundle;
    private final boolean[] forbidden;

    public Drafter(DraftBundle bundle) {
        this.bundle = bundle;
        this.forbidden = new boolean[bundle.config().vocabSize()];
        forbidden[Tokenizer.MASK_ID] = true;
        forbidden[Tokenizer.UNK_ID] = true;
        for (int id : bundle.metadata().controls().values()) {
            if (id >= 0) {
                forbidden[id] = true;
            }
        }
    }

    public DraftBundle bundle() {
        return bundle;
    }

    /**
     * Drafts the {@code header} section of {@code transcript}.
     *
     * @throws DraftCanvas.TooLong when the transcript is longer than the model's transcript region
     */
    public Draft draft(String transcript, MtsHeader header, Options options) {
        return draft(transcript, header, options, false);
    }

    /** {@link #draft(String, MtsHeader, Options)}; with {@code truncate} a transcript over the region is cut there. */
    public Draft draft(String transcript, MtsHeader header, Options options, boolean truncate) {
        long start = System.nanoTime();
        ModelConfig config = bundle.config();
        int[] source = DraftCanvas.source(bundle.tokenizer(), config, transcript, truncate);
        if (source.length == 0) {
            source = new int[] {Tokenizer.PAD_ID};
        }
        int control = DraftCanvas.controlId(bundle.tokenizer(), header);
        try (DraftBundle.SourceState state = bundle.encodeSource(new int[][] {source})) {
            int[] ids;
            int[] passes = new int[1];
            if (config.kind() == ModelKind.DIFFUSION) {
                ids = denoise(state, control, noteSpan(header), options, passes);
            } else {
                ids = decode(state, control, passes);
            }
            String text = bundle.tokenizer().decode(ids);
            return new Draft(header, text, ids, passes[0], (System.nanoTime() - start) / 1e6);
        }
    }

    /** The diffusion canvas's note positions for a header: its training 90th percentile plus a margin, within the region. */
    int noteSpan(MtsHeader header) {
        Integer p90 = bundle.metadata().noteLengths().get(header.controlToken());
        int region = bundle.config().noteLength();
        return p90 == null ? region : Math.min(region, Math.max(4, p90 + LENGTH_MARGIN));
    }

    private int[] denoise(DraftBundle.SourceState state, int control, int span, Options options, int[] passes) {
        int[] note = new int[span + 1];
        note[0] = control;
        Arrays.fill(note, 1, note.length, Tokenizer.MASK_ID);
        int masked = span;
        for (int step = 0; step < options.steps() && masked > 0; step++) {
            float t = masked / (float) span;
            float[][] logits = bundle.noteLogits(state, new int[][] {note}, new float[] {t})[0];
            passes[0]++;
            int committed = padSuffix(note, logits, options.endConfidence());
            double[] confidence = new double[note.length];
            int[] best = new int[note.length];
            List<Integer> candidates = new ArrayList<>();
            for (int j = 1; j < note.length; j++) {
                if (note[j] == Tokenizer.MASK_ID) {
                    best[j] = argmax(logits[j], true);
                    confidence[j] = probability(logits[j], best[j]);
                    candidates.add(j);
                }
            }
            int quota = (int) Math.ceil(masked / (double) (options.steps() - step)) - committed;
            candidates.sort((a, b) -> Double.compare(confidence[b], confidence[a]));
            int words = 0;
            for (int j : candidates) {
                if (words >= quota && confidence[j] < options.threshold()) {
                    break;
                }
                note[j] = best[j];
                words++;
            }
            masked -= committed + words;
        }
        return content(note);
    }

    /**
     * Padding only as the suffix of the note: from the last position leftwards, every masked position
     * whose most likely word is padding, with at least {@code endConfidence}, becomes padding, up to
     * the first that is not (or a written word). So the section's end is decided from the right, and a
     * position inside the note never takes padding (which would cut the section there). Returns how
     * many positions were committed.
     */
    private int padSuffix(int[] note, float[][] logits, double endConfidence) {
        int committed = 0;
        for (int j = note.length - 1; j >= 1; j--) {
            if (note[j] == Tokenizer.PAD_ID) {
                continue;
            }
            if (note[j] != Tokenizer.MASK_ID || argmax(logits[j], false) != Tokenizer.PAD_ID
                    || probability(logits[j], Tokenizer.PAD_ID) < endConfidence) {
                break;
            }
            note[j] = Tokenizer.PAD_ID;
            committed++;
        }
        return committed;
    }

    private int[] decode(DraftBundle.SourceState state, int control, int[] passes) {
        int limit = bundle.config().noteLength();
        TFloat32[] cache = bundle.emptyNoteCache(1);
        try {
            List<Integer> out = new ArrayList<>();
            int token = control;
            for (int position = 0; position < limit; position++) {
                float[] logits = bundle.arStep(state, new int[] {token}, new int[] {position}, cache)[0];
                passes[0]++;
                int next = argmax(logits, false);
                if (next == Tokenizer.PAD_ID) {
                    break;
                }
                out.add(next);
                token = next;
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        } finally {
            cache[0].close();
            cache[1].close();
        }
    }

    /** The note's words: after the header, up to the first padding (a masked position left over is dropped). */
    private static int[] content(int[] note) {
        List<Integer> out = new ArrayList<>();
        for (int j = 1; j < note.length && note[j] != Tokenizer.PAD_ID; j++) {
            if (note[j] != Tokenizer.MASK_ID) {
                out.add(note[j]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The most likely allowed word; without padding when {@code noPadding}. */
    private int argmax(float[] logits, boolean noPadding) {
        int best = -1;
        for (int v = 0; v < logits.length; v++) {
            if (!forbidden[v] && !(noPadding && v == Tokenizer.PAD_ID) && (best < 0 || logits[v] > logits[best])) {
                best = v;
            }
        }
        return best;
    }

    /** softmax(logits)[id] over the allowed words. */
    private double probability(float[] logits, int id) {
        double max = logits[id];
        double sum = 0;
        for (int v = 0; v < logits.length; v++) {
            if (!forbidden[v]) {
                sum += Math.exp(logits[v] - max);
            }
        }
        return 1.0 / sum;
    }
}
