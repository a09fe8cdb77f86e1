package ai.medscribe.sample;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.DenoiseStep;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The denoising loop (the case study's {@code generate_diffusion}, done right; LLaDA's
 * {@code generate}): start from the layout's masks; at each step give the model the mask ratio of its
 * actual input, sample every masked position on the device (temperature, seeded per row), and commit
 * the positions the {@link CommitStrategy} picks, at least the {@link UnmaskSchedule}'s share so that
 * no mask is left after the last step. B notes share one forward pass per step.
 *
 * <p>Constraints the task defines are passed to the model as per-position bans: in a structured
 * layout, header tokens never land inside content and only open spans (the last section, and every
 * section laid out with slack) may end early; padding only ever forms a suffix of its span. Repeated
 * phrases and doubled words go back to mask while steps remain ({@link Remasking}), and the last
 * {@link SamplerOptions#repairSteps()} steps are kept for writing them again; with
 * {@code remaskBelow} unsure tokens are revised once. The options and what each measured:
 * {@code docs/sampling.md}.
 */
public final class DiffusionSampler {

    /**
     * What the loop asks of the model each step: a loaded bundle answers it; the rules' tests answer
     * with chosen ids and confidences.
     */
    interface Model {
        /**
         * The masked positions of every row sampled on the device under {@code forbid}, each by inverse
         * CDF with its {@code uniform} draw in (0, 1).
         */
        DenoiseStep denoiseStep(int[][] tokens, float[] t, float temperature, float[][] uniform, int[][] forbid);
    }

    /** A shorter canvas is rounded up to a multiple of this, so the graph sees a few shapes only. */
    static final int CANVAS_STEP = 16;

    private final Model model;
    private final int length;
    private final boolean shorterCanvas;
    private final Set<Integer> headerIds = new HashSet<>();
    private final int planHeader;

    public DiffusionSampler(ModelBundle bundle) {
        this(bundle::denoiseStep, bundle.tokenizer(), bundle.metadata().maxLength(), true);
    }

    /** A sampler over {@code model}, whose canvas is {@code length} positions of {@code tokenizer}'s ids. */
    DiffusionSampler(Model model, Tokenizer tokenizer, int length) {
        this(model, tokenizer, length, false);
    }

    /**
     * A sampler over {@code model}; with {@code shorterCanvas} the model is given only as much of the
     * canvas as the batch's layouts use (see {@link #canvasLength}).
     */
    DiffusionSampler(Model model, Tokenizer tokenizer, int length, boolean shorterCanvas) {
        this.model = model;
        this.length = length;
        this.shorterCanvas = shorterCanvas;
        for (Section s : Section.SOAP) {
            headerIds.add(tokenizer.headerId(s));
        }
        this.planHeader = tokenizer.headerId(Section.PLAN);
    }

    /**
     * One filled canvas, the model passes it took (steps in which it still held masks) and, when
     * traced, the canvas after every step (the first entry is the start).
     */
    public record Canvas(int[] ids, List<int[]> trace, int passes) {
    }

    /**
     * Told every canvas the trace records, as the sampler records it (the start, then after each
     * step the row took part in), on the sampling thread, whether or not the trace is kept: the
     * row of the batch, the canvas's index in that row's trace (0 = the start) and a copy of it.
     */
    @FunctionalInterface
    public interface StepListener {
        /** A listener told nothing. */
        StepListener NONE = (row, index, ids) -> {
        };

        void canvas(int row, int index, int[] ids);
    }

    /** The seed of row {@code index} of a batch written from {@code seed}. */
    public static long rowSeed(long seed, int index) {
        return Seeds.sharedBatchRow(seed, index);
    }

    /** The seeds of the {@code rows} rows of a batch written from {@code seed} ({@link #rowSeed}). */
    public static long[] rowSeeds(long seed, int rows) {
        long[] seeds = new long[rows];
        for (int b = 0; b < rows; b++) {
            seeds[b] = rowSeed(seed, b);
        }
        return seeds;
    }

    /**
     * Denoises a batch of layouts, row b drawn from {@code rowSeeds[b]} ({@code options.seed()} is not
     * read here: {@link #rowSeeds} makes a batch's seeds from it). Each step is one model pass over the
     * rows that still hold masks; each of those rows then commits what {@code options}' strategy picks,
     * gets its padding made a suffix, and has its repeats (and, with revision, its unsure tokens) sent
     * back to mask while steps remain. A row draws its noise from its own stream and a finished row is
     * left alone, so a row's note depends on its layout, options and seed only, not on the other rows:
     * requests can share a batch (the functions' batching).
     */
    public List<Canvas> run(List<NoteLayout> layouts, long[] rowSeeds, SamplerOptions options, StepListener listener) {
        int batch = layouts.size();
        if (rowSeeds.length != batch) {
            throw new IllegalArgumentException(rowSeeds.length + " row seeds for " + batch + " layouts");
        }
        CommitStrategy strategy = CommitStrategy.of(options);
        List<DenoisingRow> rows = new ArrayList<>();
        List<List<int[]>> traces = new ArrayList<>();
        int[] told = new int[batch];
        for (int b = 0; b < batch; b++) {
            NoteLayout layout = layouts.get(b);
            if (layout.length() != length) {
                throw new IllegalArgumentException("layout length " + layout.length() + " != model length " + length);
            }
            rows.add(new DenoisingRow(layout, layout.tokens().clone(), new Random(Seeds.commitOrder(rowSeeds[b]))));
            traces.add(new ArrayList<>());
            record(rows.get(b), b, told, traces, options.trace(), listener);
        }
        int canvas = canvasLength(layouts);
        int steps = options.steps();
        int[] passes = new int[batch];
        for (int s = 0; s < steps; s++) {
            List<Integer> active = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                if (rows.get(b).maskedCount() > 0) {
                    active.add(b);
                    passes[b]++;
                }
            }
            if (active.isEmpty()) {
                break;
            }
            DenoiseStep out = step(rows, active, canvas, options.temperature(), rowSeeds, s);
            int stepsLeft = steps - s;
            // The schedule ends options.repairSteps() before the last step: those steps only write again
            // what repeat remasking sent back (a row with nothing sent back is done sooner), so no repeat
            // is left to the last pass, which commits all it is given blind to each other.
            int scheduleLeft = Math.max(1, stepsLeft - options.repairSteps());
            for (int b : active) {
                DenoisingRow row = rows.get(b);
                int[] before = row.ids().clone();
                int committed = strategy.commit(row, out.ids()[b], out.confidence()[b], scheduleLeft);
                padSuffixes(row.layout(), row.ids());
                if (options.remaskBelow() > 0 && stepsLeft > 1) {
                    Remasking.unsure(row.layout(), before, row.ids(), row.committedWith(), row.revised(),
                            options.remaskBelow(), committed);
                }
                if (options.remaskRepeats() && stepsLeft > 1) {
                    Remasking.repeats(row.layout(), row.ids(), Math.max(3, row.maskedCount() / stepsLeft + 1), headerIds);
                }
                record(row, b, told, traces, options.trace(), listener);
            }
        }
        List<Canvas> canvases = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            canvases.add(new Canvas(rows.get(b).ids(), options.trace() ? traces.get(b) : List.of(), passes[b]));
        }
        return canvases;
    }

    /** Keeps row b's canvas in its trace (when traced) and tells the listener. */
    private static void record(DenoisingRow row, int b, int[] told, List<List<int[]>> traces, boolean trace,
                               StepListener listener) {
        if (trace) {
            traces.get(b).add(row.ids().clone());
        }
        listener.canvas(b, told[b]++, row.ids().clone());
    }

    /**
     * How much of the canvas the model is given: all of it, or, when the model takes a shorter canvas,
     * up to the last position any layout of the batch may write or reads as given, rounded up to
     * {@link #CANVAS_STEP}. What is left off is fixed padding, which attention never reads, so the
     * logits of the positions given are the full canvas's.
     */
    int canvasLength(List<NoteLayout> layouts) {
        if (!shorterCanvas) {
            return length;
        }
        int used = 1;
        for (NoteLayout layout : layouts) {
            for (int i = length - 1; i >= used; i--) {
                if (!layout.fixed()[i] || layout.tokens()[i] != Tokenizer.PAD_ID) {
                    used = i + 1;
                    break;
                }
            }
        }
        return Math.min(length, (used + CANVAS_STEP - 1) / CANVAS_STEP * CANVAS_STEP);
    }

    /**
     * One model pass over the rows that still hold masks ({@code active}), each cut to {@code canvas}
     * positions, with its mask ratio, its bans and its own draws for this step; ids and confidences come
     * back per row of the batch (null for rows not in the pass) over the whole canvas.
     */
    private DenoiseStep step(List<DenoisingRow> rows, List<Integer> active, int canvas, float temperature,
                             long[] seeds, int step) {
        int n = active.size();
        int[][] tokens = new int[n][];
        float[] t = new float[n];
        float[][] uniform = new float[n][canvas];
        int[][] forbid = new int[n][];
        for (int r = 0; r < n; r++) {
            int b = active.get(r);
            DenoisingRow row = rows.get(b);
            tokens[r] = Arrays.copyOf(row.ids(), canvas);
            // The mask ratio of the input actually given, which is what training conditioned on.
            t[r] = row.maskedCount() / (float) length;
            forbid[r] = Arrays.copyOf(constraints(row.layout(), row.ids()), canvas);
            SplittableRandom draws = new SplittableRandom(Seeds.diffusionStep(seeds[b], step));
            for (int i = 0; i < canvas; i++) {
                uniform[r][i] = uniform(draws);
            }
        }
        DenoiseStep out = model.denoiseStep(tokens, t, temperature, uniform, forbid);
        int[][] ids = new int[rows.size()][];
        float[][] confidence = new float[rows.size()][];
        for (int r = 0; r < n; r++) {
            int b = active.get(r);
            ids[b] = Arrays.copyOf(out.ids()[r], length);
            confidence[b] = Arrays.copyOf(out.confidence()[r], length);
            // what the canvas left off is padding, surely
            Arrays.fill(ids[b], canvas, length, Tokenizer.PAD_ID);
            Arrays.fill(confidence[b], canvas, length, 1f);
        }
        return new DenoiseStep(ids, confidence);
    }

    /** A draw in (0, 1) on a grid of 2^-24, never 0 or 1 (see {@code SamplingHeads.sampleByUniform}). */
    public static float uniform(SplittableRandom draws) {
        return (1 + draws.nextInt((1 << 24) - 1)) * 0x1p-24f;
    }

    /** Per-position bans for this step. */
    private int[] constraints(NoteLayout layout, int[] row) {
        int[] forbid = new int[row.length];
        // Padding may only form a suffix: a position may take it only if nothing after it in its span has content.
        Map<Integer, Integer> lastContent = new HashMap<>();
        Map<Integer, Integer> spanStart = new HashMap<>();
        for (int i = 0; i < row.length; i++) {
            int span = layout.spans()[i];
            if (span >= 0) {
                spanStart.putIfAbsent(span, i);
            }
            if (span >= 0 && row[i] != Tokenizer.MASK_ID && row[i] != Tokenizer.PAD_ID) {
                lastContent.put(span, i);
            }
        }
        // In a free layout a note ends after its PLAN: padding only after a committed PLAN header
        // (otherwise confident padding spreads in from the end of the canvas and cuts the note short).
        int plan = -1;
        for (int i = 0; i < row.length && plan < 0; i++) {
            plan = row[i] == planHeader ? i : -1;
        }
        for (int i = 0; i < row.length; i++) {
            int span = layout.spans()[i];
            if (row[i] != Tokenizer.MASK_ID || span < 0) {
                continue;
            }
            boolean padAllowed = layout.spanOpen()[span] && lastContent.getOrDefault(span, -1) < i
                    && i - spanStart.get(span) >= layout.spanMinimum()[span]
                    && (layout.structured() || (plan >= 0 && plan < i));
            if (!padAllowed) {
                forbid[i] |= SamplingHeads.FORBID_PAD;
            }
            if (layout.structured()) {
                forbid[i] |= SamplingHeads.FORBID_HEADERS;
            }
        }
        return forbid;
    }

    /** Once a position of an open span holds padding, everything after it in the span is padding. */
    private static void padSuffixes(NoteLayout layout, int[] row) {
        Set<Integer> padded = new HashSet<>();
        for (int i = 0; i < row.length; i++) {
            int span = layout.spans()[i];
            if (span < 0 || !layout.spanOpen()[span]) {
                continue;
            }
            if (padded.contains(span)) {
                row[i] = Tokenizer.PAD_ID;
            } else if (row[i] == Tokenizer.PAD_ID && !layout.fixed()[i]) {
                padded.add(span);
            }
        }
    }

    public int length() {
        return length;
    }

    public Set<Integer> headerIds() {
        return Set.copyOf(headerIds);
    }
}
