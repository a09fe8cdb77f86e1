package ai.medscribe.sample;

import ai.medscribe.bundle.DenoiseStep;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Confidence-based unmasking (the case study's {@code generate_diffusion}, done right): start from
 * the layout's masks; at each step give the model the mask ratio of its actual input, sample every
 * position on the device (temperature, seeded), and commit the k most confident masked positions,
 * with k from {@link UnmaskSchedule} so that no mask is left after the last step. B notes share
 * one forward pass per step.
 *
 * <p>Constraints the task defines are passed to the model as per-position bans: in a structured
 * layout, header tokens never land inside content and only the open (last) span may end early;
 * padding only ever forms a suffix of its span. Repeated 3-word phrases go back to mask while
 * steps remain.
 */
public final class DiffusionSampler {

    private final ModelBundle bundle;
    private final int length;
    private final Set<Integer> headerIds = new HashSet<>();

    public DiffusionSampler(ModelBundle bundle) {
        this.bundle = bundle;
        this.length = bundle.metadata().maxLength();
        for (Section s : Section.SOAP) {
            headerIds.add(bundle.tokenizer().id(s.headerToken()));
        }
    }

    /** One filled canvas and, when traced, the canvas after every step (the first entry is the start). */
    public record Canvas(int[] ids, List<int[]> trace) {
    }

    /** Runs the denoising loop over a batch of layouts. */
    public List<Canvas> run(List<NoteLayout> layouts, SamplerOptions options) {
        int batch = layouts.size();
        int[][] x = new int[batch][];
        List<List<int[]>> traces = new ArrayList<>();
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
        }
        Random random = new Random(options.seed());
        int steps = options.steps();
        for (int s = 0; s < steps; s++) {
            float[] t = new float[batch];
            int totalMasked = 0;
            for (int b = 0; b < batch; b++) {
                int masked = countMasked(x[b]);
                totalMasked += masked;
                // The mask ratio of the input actually given, which is what training conditioned on.
                t[b] = Math.max(masked, 1) / (float) length;
            }
            if (totalMasked == 0) {
                break;
            }
            int[][] forbid = new int[batch][];
            for (int b = 0; b < batch; b++) {
                forbid[b] = constraints(layouts.get(b), x[b]);
            }
            DenoiseStep out = bundle.denoiseStep(x, t, options.temperature(), stepSeed(options.seed(), s), forbid);
            int stepsLeft = steps - s;
            for (int b = 0; b < batch; b++) {
                NoteLayout layout = layouts.get(b);
                commit(x[b], out.ids()[b], out.confidence()[b], stepsLeft, options, random);
                padSuffixes(layout, x[b]);
                if (options.remaskRepeats() && stepsLeft > 1) {
                    remaskRepeats(layout, x[b], Math.max(3, countMasked(x[b]) / stepsLeft + 1));
                }
                if (options.trace()) {
                    traces.get(b).add(x[b].clone());
                }
            }
        }
        List<Canvas> canvases = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            canvases.add(new Canvas(x[b], options.trace() ? traces.get(b) : List.of()));
        }
        return canvases;
    }

    private static long stepSeed(long seed, int step) {
        return seed * 0x9E3779B97F4A7C15L + step;
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
        for (int i = 0; i < row.length; i++) {
            int span = layout.spans()[i];
            if (row[i] != Tokenizer.MASK_ID || span < 0) {
                continue;
            }
            boolean padAllowed = layout.spanOpen()[span] && lastContent.getOrDefault(span, -1) < i
                    && i - spanStart.get(span) >= layout.spanMinimum()[span];
            if (!padAllowed) {
                forbid[i] |= SamplingHeads.FORBID_PAD;
            }
            if (layout.structured()) {
                forbid[i] |= SamplingHeads.FORBID_HEADERS;
            }
        }
        return forbid;
    }

    /** Commits the chosen masked positions of one row. */
    private static void commit(int[] row, int[] sampled, float[] confidence, int stepsLeft, SamplerOptions options,
                               Random random) {
        List<Integer> masked = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            if (row[i] == Tokenizer.MASK_ID) {
                masked.add(i);
            }
        }
        if (masked.isEmpty()) {
            return;
        }
        int k = UnmaskSchedule.next(masked.size(), stepsLeft);
        List<Integer> eligible = eligible(masked, k, options.blockLength());
        if (options.strategy() == SamplerOptions.Strategy.RANDOM) {
            Collections.shuffle(eligible, random);
        } else {
            eligible.sort(Comparator.<Integer>comparingDouble(i -> -confidence[i]).thenComparingInt(i -> i));
        }
        // Neighbours committed in the same step were predicted without seeing each other, which is how
        // "readings readings" happens: take non-adjacent positions first, then the rest if k needs them.
        int[] before = row.clone();
        List<Integer> deferred = new ArrayList<>();
        int committed = 0;
        for (int i : eligible) {
            if (committed == k) {
                break;
            }
            boolean besideNew = (i > 0 && row[i - 1] != before[i - 1]) || (i + 1 < row.length && row[i + 1] != before[i + 1]);
            if (besideNew) {
                deferred.add(i);
            } else {
                row[i] = sampled[i];
                committed++;
            }
        }
        for (int j = 0; committed < k && j < deferred.size(); j++) {
            int i = deferred.get(j);
            row[i] = sampled[i];
            committed++;
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
     * Sends back to mask the generated tokens of a 3-word phrase that already stands earlier in the
     * same section, and a generated word that repeats the word before it (at most {@code budget}
     * tokens), so a later step can write something else there.
     */
    private void remaskRepeats(NoteLayout layout, int[] row, int budget) {
        Map<List<Integer>, Integer> seen = new HashMap<>();
        int section = -1;
        int remasked = 0;
        for (int i = 0; i + 2 < row.length && remasked < budget; i++) {
            if (headerIds.contains(row[i])) {
                section = row[i];
            }
            if (isWord(row[i]) && row[i + 1] == row[i] && !layout.fixed()[i + 1]) {
                row[i + 1] = Tokenizer.MASK_ID;
                remasked++;
                continue;
            }
            if (!isWord(row[i]) || !isWord(row[i + 1]) || !isWord(row[i + 2])) {
                continue;
            }
            List<Integer> key = List.of(section, row[i], row[i + 1], row[i + 2]);
            if (seen.putIfAbsent(key, i) == null) {
                continue;
            }
            for (int j = i; j < i + 3; j++) {
                if (!layout.fixed()[j] && row[j] != Tokenizer.MASK_ID) {
                    row[j] = Tokenizer.MASK_ID;
                    remasked++;
                }
            }
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
