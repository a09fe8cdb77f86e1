package ai.medscribe.train;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Drafting canvases cut to a batch: the transcript region to the batch's longest transcript, the note
 * region to its longest note plus one to {@link #MAX_SLACK} + 1 padding positions (so every note is
 * followed by padding to learn from). Columns keep their positions in the full canvas, so the model
 * sees what it would on the full canvas, where the cut columns are padding keys nobody attends; only
 * the padding targets after the cut are left out. With batches drawn from length-sorted buckets
 * ({@link #bucketed}), a step costs the batch's lengths, not the full canvas's.
 */
public record DraftBatch(int[][] rows, int header, int[] positions, float[] noteMask) {

    static final int MAX_SLACK = 8;

    static DraftBatch of(int[][] sequences, ModelConfig config, Random random) {
        int source = config.sourceLength();
        int transcript = 1;
        int note = 0;
        for (int[] row : sequences) {
            transcript = Math.max(transcript, contentLength(row, 0, source));
            note = Math.max(note, contentLength(row, source + 1, row.length));
        }
        int noteColumns = Math.min(config.noteLength(), note + 1 + random.nextInt(MAX_SLACK + 1));
        int width = transcript + 1 + noteColumns;
        int[][] rows = new int[sequences.length][width];
        for (int i = 0; i < sequences.length; i++) {
            System.arraycopy(sequences[i], 0, rows[i], 0, transcript);
            System.arraycopy(sequences[i], source, rows[i], transcript, 1 + noteColumns);
        }
        int[] positions = new int[width];
        float[] noteMask = new float[width];
        for (int c = 0; c < width; c++) {
            positions[c] = c < transcript ? c : source + (c - transcript);
            noteMask[c] = c < transcript ? 0f : 1f;
        }
        return new DraftBatch(rows, transcript, positions, noteMask);
    }

    /** Columns from {@code from} up to the last non-padding one before {@code to}. */
    static int contentLength(int[] row, int from, int to) {
        for (int j = to - 1; j >= from; j--) {
            if (row[j] != Tokenizer.PAD_ID) {
                return j - from + 1;
            }
        }
        return 0;
    }

    /**
     * {@code order} (already shuffled) regrouped so each batch holds canvases of similar length: sorted
     * by transcript plus note length (ties keep the shuffled order), cut into batches, the batches
     * shuffled.
     */
    static int[] bucketed(int[] order, int[][] data, ModelConfig config, int batchSize, Random random) {
        Integer[] sorted = Arrays.stream(order).boxed().toArray(Integer[]::new);
        int source = config.sourceLength();
        Arrays.sort(sorted, Comparator.comparingInt(i -> contentLength(data[i], 0, source)
                + contentLength(data[i], source + 1, data[i].length)));
        List<int[]> batches = new ArrayList<>();
        for (int first = 0; first < sorted.length; first += batchSize) {
            int n = Math.min(batchSize, sorted.length - first);
            int[] batch = new int[n];
            for (int k = 0; k < n; k++) {
                batch[k] = sorted[first + k];
            }
            batches.add(batch);
        }
        Collections.shuffle(batches, random);
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
