package ai.medscribe.sample;

import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Which masked positions of a row one denoising step commits (LLaDA's {@code remasking} argument, a
 * class each). Every strategy commits at least the schedule's share k ({@link UnmaskSchedule}), so no
 * mask is left after the last step, and with a {@code threshold} also every position whose sampled
 * token is at least that probable. The options name one ({@link SamplerOptions.Strategy}); what each
 * measured is in {@code docs/sampling.md}.
 */
sealed interface CommitStrategy {

    /**
     * Commits some masked positions of {@code row} (writing {@code sampled[i]} with
     * {@code confidence[i]}) and returns how many, with {@code stepsLeft} steps left for its masks.
     */
    int commit(DenoisingRow row, int[] sampled, float[] confidence, int stepsLeft);

    /** The strategy {@code options} name, with their threshold (and block length where it applies). */
    static CommitStrategy of(SamplerOptions options) {
        return switch (options.strategy()) {
            case CONFIDENCE -> new Confidence(options.threshold(), options.blockLength());
            case RANDOM -> new RandomOrder(options.threshold(), options.blockLength());
            case LEFT_TO_RIGHT -> new LeftToRight(options.threshold());
            case FRONTIER -> new Frontier(options.threshold());
        };
    }

    /** The k most confident masked positions (ties to the left), within the leftmost blocks. */
    record Confidence(float threshold, int blockLength) implements CommitStrategy {
        @Override
        public int commit(DenoisingRow row, int[] sampled, float[] confidence, int stepsLeft) {
            List<Integer> masked = row.masked();
            if (masked.isEmpty()) {
                return 0;
            }
            int k = UnmaskSchedule.next(masked.size(), stepsLeft);
            List<Integer> eligible = eligible(masked, k, blockLength);
            eligible.sort(Comparator.<Integer>comparingDouble(i -> -confidence[i]).thenComparingInt(i -> i));
            return commitInOrder(row, sampled, confidence, eligible, k, threshold);
        }
    }

    /** k masked positions drawn at random from the row's own seeded stream, within the leftmost blocks. */
    record RandomOrder(float threshold, int blockLength) implements CommitStrategy {
        @Override
        public int commit(DenoisingRow row, int[] sampled, float[] confidence, int stepsLeft) {
            List<Integer> masked = row.masked();
            if (masked.isEmpty()) {
                return 0;
            }
            int k = UnmaskSchedule.next(masked.size(), stepsLeft);
            List<Integer> eligible = eligible(masked, k, blockLength);
            Collections.shuffle(eligible, row.order());
            return commitInOrder(row, sampled, confidence, eligible, k, threshold);
        }
    }

    /**
     * The {@code k} leftmost masked positions, then, with a threshold, each following masked position
     * in order while its sampled token is at least that probable. Each position past the first was
     * predicted with the ones before it still masked, so only a chain the model is sure of is taken in
     * one pass; the first unsure position waits for the next pass, which sees everything to its left.
     */
    record LeftToRight(float threshold) implements CommitStrategy {
        @Override
        public int commit(DenoisingRow row, int[] sampled, float[] confidence, int stepsLeft) {
            List<Integer> masked = row.masked();
            if (masked.isEmpty()) {
                return 0;
            }
            int k = UnmaskSchedule.next(masked.size(), stepsLeft);
            int committed = 0;
            for (int i : masked) {
                if (committed >= k && !(threshold > 0 && confidence[i] >= threshold)) {
                    break;
                }
                row.write(i, sampled[i], confidence[i]);
                committed++;
            }
            return committed;
        }
    }

    /**
     * Every section left to right, all sections at once: every masked position whose left neighbour is
     * written (or that starts the canvas), so each section grows from its start with its left context
     * written; then, while fewer than {@code k}, the most confident of the other masked positions, and
     * with a threshold every other one at or above it. The PLAN waits while the ASSESSMENT holds masks
     * ({@link #waiting}). The surest positions, not the nearest, are the extras: a forced word right
     * after the frontier is predicted blind to the frontier's own.
     */
    record Frontier(float threshold) implements CommitStrategy {
        @Override
        public int commit(DenoisingRow row, int[] sampled, float[] confidence, int stepsLeft) {
            int[] ids = row.ids();
            boolean[] waiting = waiting(row.layout(), ids);
            List<Integer> open = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == Tokenizer.MASK_ID) {
                    (waiting[i] ? held : open).add(i);
                }
            }
            int k = UnmaskSchedule.next(open.size() + held.size(), stepsLeft);
            int[] distance = new int[ids.length];
            int run = 0;
            for (int i = 0; i < ids.length; i++) {
                run = ids[i] == Tokenizer.MASK_ID ? run + 1 : 0;
                distance[i] = run;
            }
            List<Integer> order = new ArrayList<>(open);
            order.sort(Comparator.<Integer>comparingInt(i -> Math.min(distance[i], 2))
                    .thenComparingDouble(i -> -confidence[i]).thenComparingInt(i -> i));
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
                row.write(i, sampled[i], confidence[i]);
                committed++;
            }
            return committed;
        }

        /**
         * Positions that wait: the PLAN's while an ASSESSMENT in the layout still holds masks, so the plan
         * is written for the conditions the note assesses (a clinician writes the assessment before the plan).
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
    }

    /**
     * Commits {@code eligible} in order: with a threshold first every position at or above it (neighbours
     * or not), then up to {@code k} in all. Neighbours committed in the same step were predicted without
     * seeing each other, which is how "readings readings" happens: non-adjacent positions go first, the
     * rest only if k needs them.
     */
    private static int commitInOrder(DenoisingRow row, int[] sampled, float[] confidence, List<Integer> eligible, int k,
                                     float threshold) {
        int[] ids = row.ids();
        int committed = 0;
        if (threshold > 0) {
            List<Integer> rest = new ArrayList<>();
            for (int i : eligible) {
                if (confidence[i] >= threshold) {
                    row.write(i, sampled[i], confidence[i]);
                    committed++;
                } else {
                    rest.add(i);
                }
            }
            eligible = rest;
        }
        int[] before = ids.clone();
        List<Integer> deferred = new ArrayList<>();
        for (int i : eligible) {
            if (committed >= k) {
                break;
            }
            boolean besideNew = (i > 0 && ids[i - 1] != before[i - 1]) || (i + 1 < ids.length && ids[i + 1] != before[i + 1]);
            if (besideNew) {
                deferred.add(i);
            } else {
                row.write(i, sampled[i], confidence[i]);
                committed++;
            }
        }
        for (int j = 0; committed < k && j < deferred.size(); j++) {
            int i = deferred.get(j);
            row.write(i, sampled[i], confidence[i]);
            committed++;
        }
        return committed;
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
}
