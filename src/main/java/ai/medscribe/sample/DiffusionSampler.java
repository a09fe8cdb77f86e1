package ai.medscribe.sample;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.DenoiseStep;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Confidence-based unmasking (the case study's {@code generate_diffusion}, done right): start from
 * the layout's masks; at each step give the model the mask ratio of its actual input, sample every
 * position on the device (temperature, seeded), and commit the k most confident masked positions,
 * with k from {@link UnmaskSchedule} so that no mask is left after the last step. B notes share
 * one forward pass per step.
 *
 * <p>Constraints the task defines are passed to the model as per-position bans: in a structured
 * layout, header tokens never land inside content and only open spans (the last section, and every
 * section laid out with slack) may end early; padding only ever forms a suffix of its span. Repeated
 * phrases and doubled words go back to mask while steps remain, and the last
 * {@link SamplerOptions#repairSteps()} steps are kept for writing them again; with a threshold a step
 * also commits every position above it; with {@code remaskBelow} unsure tokens are revised once.
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
        void canvas(int row, int index, int[] ids);
    }

    /**
     * Runs the denoising loop over a batch of layouts from {@code options.seed()}: row b is drawn with
     * the seed {@link #rowSeed}(seed, b), so a batch of notes is the same whether it is written in one
     * call or shares a batch with other requests.
     */
    public List<Canvas> run(List<NoteLayout> layouts, SamplerOptions options) {
        return run(layouts, options, null);
    }

    /**
     * Runs the denoising loop over a batch of layouts, each row with a seed of its own ({@code rowSeeds},
     * one per layout, or {@link #rowSeed}(options.seed(), b) when null). Every step draws each row's
     * noise from its own stream and passes only the rows that still hold masks (a finished row is left
     * alone), so a row's note depends on its layout, options and seed, not on the other rows of the
     * batch: requests can share a batch (the functions' batching).
     */
    public List<Canvas> run(List<NoteLayout> layouts, SamplerOptions options, long[] rowSeeds) {
        return run(layouts, options, rowSeeds, null);
    }

    /** The seed of row {@code index} of a batch written from {@code seed}. */
    public static long rowSeed(long seed, int index) {
        return Seeds.sharedBatchRow(seed, index);
    }

    /** {@link #run(List, SamplerOptions, long[])}, telling {@code listener} (if not null) each canvas as it forms. */
    public List<Canvas> run(List<NoteLayout> layouts, SamplerOptions options, long[] rowSeeds, StepListener listener) {
        int batch = layouts.size();
        if (rowSeeds != null && rowSeeds.length != batch) {
            throw new IllegalArgumentException(rowSeeds.length + " row seeds for " + batch + " layouts");
        }
        long[] seeds = new long[batch];
        for (int b = 0; b < batch; b++) {
            seeds[b] = rowSeeds != null ? rowSeeds[b] : rowSeed(options.seed(), b);
        }
        int[][] x = new int[batch][];
        List<List<int[]>> traces = new ArrayList<>();
        int[] told = new int[batch];
        for (int b = 0; b < batch; b++) {
            NoteLayout layout = layouts.get(b);
            if (layout.length() != length) {
                throw new IllegalArgumentException("layout length " + layout.length() + " != model length " + length);
            }
            x[b] = layout.tokens().clone();
            traces.add(new ArrayList<>());
            if (options.trace()) {
                traces.get(b).add(x[b].clone());
            }
            if (listener != null) {
                listener.canvas(b, told[b]++, x[b].clone());
            }
        }
        int canvas = canvasLength(layouts);
        Random[] random = new Random[batch];
        for (int b = 0; b < batch; b++) {
            random[b] = new Random(Seeds.commitOrder(seeds[b]));
        }
        int steps = options.steps();
        int[] passes = new int[batch];
        // the confidence each generated token was committed with, and whether it was sent back once already
        float[][] committedWith = new float[batch][length];
        boolean[][] revised = new boolean[batch][length];
        for (int s = 0; s < steps; s++) {
            List<Integer> active = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                if (countMasked(x[b]) > 0) {
                    active.add(b);
                    passes[b]++;
                }
            }
            if (active.isEmpty()) {
                break;
            }
            DenoiseStep out = step(x, layouts, active, canvas, options.temperature(), seeds, s);
            int stepsLeft = steps - s;
            // The schedule ends options.repairSteps() before the last step: those steps only write again
            // what repeat remasking sent back (a row with nothing sent back is done sooner), so no repeat
            // is left to the last pass, which commits all it is given blind to each other.
            int scheduleLeft = Math.max(1, stepsLeft - options.repairSteps());
            for (int b : active) {
                NoteLayout layout = layouts.get(b);
                int[] before = x[b].clone();
                int committed = options.strategy() == SamplerOptions.Strategy.FRONTIER
                        ? commitFrontier(x[b], out.ids()[b], out.confidence()[b], scheduleLeft, waiting(layout, x[b]),
                                options.threshold(), committedWith[b])
                        : commit(x[b], out.ids()[b], out.confidence()[b], scheduleLeft, options, random[b],
                                committedWith[b]);
                padSuffixes(layout, x[b]);
                if (options.remaskBelow() > 0 && stepsLeft > 1) {
                    remaskUnsure(layout, before, x[b], committedWith[b], revised[b], options.remaskBelow(), committed);
                }
                if (options.remaskRepeats() && stepsLeft > 1) {
                    remaskRepeats(layout, x[b], Math.max(3, countMasked(x[b]) / stepsLeft + 1), headerIds);
                }
                if (options.trace()) {
                    traces.get(b).add(x[b].clone());
                }
                if (listener != null) {
                    listener.canvas(b, told[b]++, x[b].clone());
                }
            }
        }
        List<Canvas> canvases = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            canvases.add(new Canvas(x[b], options.trace() ? traces.get(b) : List.of(), passes[b]));
        }
        return canvases;
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
    private DenoiseStep step(int[][] x, List<NoteLayout> layouts, List<Integer> active, int canvas, float temperature,
                             long[] seeds, int step) {
        int n = active.size();
        int[][] tokens = new int[n][];
        float[] t = new float[n];
        float[][] uniform = new float[n][canvas];
        int[][] forbid = new int[n][];
        for (int r = 0; r < n; r++) {
            int b = active.get(r);
            tokens[r] = Arrays.copyOf(x[b], canvas);
            // The mask ratio of the input actually given, which is what training conditioned on.
            t[r] = countMasked(x[b]) / (float) length;
            forbid[r] = Arrays.copyOf(constraints(layouts.get(b), x[b]), canvas);
            SplittableRandom draws = new SplittableRandom(Seeds.diffusionStep(seeds[b], step));
            for (int i = 0; i < canvas; i++) {
                uniform[r][i] = uniform(draws);
            }
        }
        DenoiseStep out = model.denoiseStep(tokens, t, temperature, uniform, forbid);
        int[][] ids = new int[x.length][];
        float[][] confidence = new float[x.length][];
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

    private static int countMasked(int[] row) {
        int n = 0;
        for (int id : row) {
            if (id == Tokenizer.MASK_ID) {
                n++;
            }
        }
        return n;
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

    /**
     * Commits the chosen masked positions of one row and returns how many: the schedule's share k
     * and, with a threshold, every eligible position whose sampled token is at least that probable
     * (those are taken first, neighbours or not). Their confidences are kept in {@code committedWith}.
     */
    static int commit(int[] row, int[] sampled, float[] confidence, int stepsLeft, SamplerOptions options,
                      Random random, float[] committedWith) {
        List<Integer> masked = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            if (row[i] == Tokenizer.MASK_ID) {
                masked.add(i);
            }
        }
        if (masked.isEmpty()) {
            return 0;
        }
        int k = UnmaskSchedule.next(masked.size(), stepsLeft);
        if (options.strategy() == SamplerOptions.Strategy.LEFT_TO_RIGHT) {
            return commitLeftToRight(row, sampled, confidence, masked, k, options.threshold(), committedWith);
        }
        List<Integer> eligible = eligible(masked, k, options.blockLength());
        if (options.strategy() == SamplerOptions.Strategy.RANDOM) {
            Collections.shuffle(eligible, random);
        } else {
            eligible.sort(Comparator.<Integer>comparingDouble(i -> -confidence[i]).thenComparingInt(i -> i));
        }
        int committed = 0;
        if (options.threshold() > 0) {
            List<Integer> rest = new ArrayList<>();
            for (int i : eligible) {
                if (confidence[i] >= options.threshold()) {
                    row[i] = sampled[i];
                    committedWith[i] = confidence[i];
                    committed++;
                } else {
                    rest.add(i);
                }
            }
            eligible = rest;
        }
        // Neighbours committed in the same step were predicted without seeing each other, which is how
        // "readings readings" happens: take non-adjacent positions first, then the rest if k needs them.
        int[] before = row.clone();
        List<Integer> deferred = new ArrayList<>();
        for (int i : eligible) {
            if (committed >= k) {
                break;
            }
            boolean besideNew = (i > 0 && row[i - 1] != before[i - 1]) || (i + 1 < row.length && row[i + 1] != before[i + 1]);
            if (besideNew) {
                deferred.add(i);
            } else {
                row[i] = sampled[i];
                committedWith[i] = confidence[i];
                committed++;
            }
        }
        for (int j = 0; committed < k && j < deferred.size(); j++) {
            int i = deferred.get(j);
            row[i] = sampled[i];
            committedWith[i] = confidence[i];
            committed++;
        }
        return committed;
    }

    /**
     * Left-to-right commits: the {@code k} leftmost masked positions, then, with a threshold, each
     * following masked position in order while its sampled token is at least that probable. Each
     * position past the first was predicted with the ones before it still masked, so only a chain
     * the model is sure of is taken in one pass; the first unsure position waits for the next pass,
     * which sees everything to its left.
     */
    static int commitLeftToRight(int[] row, int[] sampled, float[] confidence, List<Integer> masked, int k,
                                 float threshold, float[] committedWith) {
        int committed = 0;
        for (int i : masked) {
            if (committed >= k && !(threshold > 0 && confidence[i] >= threshold)) {
                break;
            }
            row[i] = sampled[i];
            committedWith[i] = confidence[i];
            committed++;
        }
        return committed;
    }

    /**
     * Positions that wait in the frontier order: the PLAN's while an ASSESSMENT in the layout still
     * holds masks, so the plan is written for the conditions the note assesses (a clinician writes
     * the assessment before the plan).
     */
    static boolean[] waiting(NoteLayout layout, int[] row) {
        boolean[] waiting = new boolean[row.length];
        boolean assessing = false;
        for (int i = 0; i < row.length && !assessing; i++) {
            int span = layout.spans()[i];
            assessing = span >= 0 && row[i] == Tokenizer.MASK_ID && layout.spanSection()[span] == Section.ASSESSMENT;
        }
        if (assessing) {
            for (int i = 0; i < row.length; i++) {
                int span = layout.spans()[i];
                waiting[i] = span >= 0 && layout.spanSection()[span] == Section.PLAN;
            }
        }
        return waiting;
    }

    /**
     * Frontier commits: every masked position whose left neighbour is written (or that starts the
     * canvas), so each section grows from its start with its left context written; then, while fewer
     * than {@code k} (the schedule's share, so the note ends within its steps), the most confident of
     * the other masked positions, and with a threshold every other one at or above it. Measured on the
     * shipped bundle, taking the nearest positions instead (distance 2, then 3) wrote worse notes
     * (validity 0.88 against 0.95 at 20 steps): a forced word right after the frontier is predicted
     * blind to the frontier's own.
     */
    static int commitFrontier(int[] row, int[] sampled, float[] confidence, int stepsLeft, boolean[] waiting,
                              float threshold, float[] committedWith) {
        List<Integer> open = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            if (row[i] == Tokenizer.MASK_ID) {
                (waiting[i] ? held : open).add(i);
            }
        }
        int k = UnmaskSchedule.next(open.size() + held.size(), stepsLeft);
        int[] distance = new int[row.length];
        int run = 0;
        for (int i = 0; i < row.length; i++) {
            run = row[i] == Tokenizer.MASK_ID ? run + 1 : 0;
            distance[i] = run;
        }
        List<Integer> order = new ArrayList<>(open);
        order.sort(Comparator.<Integer>comparingInt(i -> Math.min(distance[i], 2)).thenComparingDouble(i -> -confidence[i])
                .thenComparingInt(i -> i));
        if (open.size() < k) {
            // the note must end within its steps: when the others cannot fill the share, waiting positions follow
            held.sort(Comparator.<Integer>comparingDouble(i -> -confidence[i]).thenComparingInt(i -> i));
            order.addAll(held);
        }
        int committed = 0;
        for (int i : order) {
            boolean frontier = distance[i] == 1 && !waiting[i];
            boolean sure = threshold > 0 && confidence[i] >= threshold && !waiting[i];
            if (!frontier && committed >= k && !sure) {
                continue;
            }
            row[i] = sampled[i];
            committedWith[i] = confidence[i];
            committed++;
        }
        return committed;
    }

    /**
     * ReMDM-style revision: generated tokens committed in earlier steps (not masked in {@code before}) with a confidence below
     * {@code below} go back to mask, least confident first, each at most once and at most half as
     * many as this step committed (so every step still makes progress).
     */
    static void remaskUnsure(NoteLayout layout, int[] before, int[] row, float[] committedWith, boolean[] revised, float below,
                             int committedNow) {
        int budget = committedNow / 2;
        if (budget == 0) {
            return;
        }
        List<Integer> unsure = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            boolean earlier = before[i] != Tokenizer.MASK_ID;
            if (earlier && !layout.fixed()[i] && !revised[i] && row[i] != Tokenizer.MASK_ID && row[i] != Tokenizer.PAD_ID
                    && committedWith[i] < below) {
                unsure.add(i);
            }
        }
        unsure.sort(Comparator.<Integer>comparingDouble(i -> committedWith[i]).thenComparingInt(i -> i));
        for (int j = 0; j < Math.min(budget, unsure.size()); j++) {
            int i = unsure.get(j);
            row[i] = Tokenizer.MASK_ID;
            revised[i] = true;
        }
    }

    /** Masked positions a step may commit: all, or the leftmost blocks holding at least k of them. */
    private static List<Integer> eligible(List<Integer> masked, int k, int blockLength) {
        if (blockLength <= 0) {
            return new ArrayList<>(masked);
        }
        List<Integer> eligible = new ArrayList<>();
        int block = masked.get(0) / blockLength;
        for (int i : masked) {
            if (i / blockLength > block) {
                if (eligible.size() >= k) {
                    break;
                }
                block = i / blockLength;
            }
            eligible.add(i);
        }
        return eligible;
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

    /**
     * Sends back to mask the generated tokens of a phrase of 2 or more words that already stands
     * earlier in the same section (the whole repeated run) and a generated word that repeats the word
     * before it (until at least {@code budget} tokens are sent back), so a later step can write
     * something else there: the repeats a reader sees.
     */
    static void remaskRepeats(NoteLayout layout, int[] row, int budget, Set<Integer> headerIds) {
        Map<List<Integer>, Integer> seen = new HashMap<>();
        int section = -1;
        int remasked = 0;
        for (int i = 0; i + 1 < row.length && remasked < budget; i++) {
            if (headerIds.contains(row[i])) {
                section = row[i];
            }
            if (isWord(row[i]) && row[i + 1] == row[i] && !layout.fixed()[i + 1]) {
                row[i + 1] = Tokenizer.MASK_ID;
                remasked++;
                continue;
            }
            if (!isWord(row[i]) || !isWord(row[i + 1]) || headerIds.contains(row[i + 1])) {
                continue;
            }
            List<Integer> key = List.of(section, row[i], row[i + 1]);
            Integer first = seen.putIfAbsent(key, i);
            if (first == null || first + 1 >= i) {
                continue;
            }
            // the whole repeated run, not only its first two words: a word of the run left standing
            // ("phase" of "prolonged expiratory phase") calls the same phrase back into the gap
            int run = 2;
            while (i + run < row.length && first + run < i && isWord(row[i + run]) && row[first + run] == row[i + run]
                    && !headerIds.contains(row[i + run])) {
                run++;
            }
            for (int j = i; j < i + run; j++) {
                if (!layout.fixed()[j] && row[j] != Tokenizer.MASK_ID) {
                    row[j] = Tokenizer.MASK_ID;
                    remasked++;
                }
            }
            i += run - 1;
        }
    }

    private static boolean isWord(int id) {
        return id != Tokenizer.MASK_ID && id != Tokenizer.PAD_ID;
    }

    public int length() {
        return length;
    }

    public Set<Integer> headerIds() {
        return Collections.unmodifiableSet(headerIds);
    }
}
