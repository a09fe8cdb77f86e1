package ai.medscribe.sample;

import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sampler sends back to mask after a step's commits, so that a later pass, seeing more of
 * the note, writes it again: repeated phrases and doubled words (as ReMDM remasks), and with
 * revision the tokens committed unsure.
 */
final class Remasking {

    private Remasking() {
    }

    /**
     * Sends back to mask the generated tokens of a phrase of 2 or more words that already stands
     * earlier in the same section (the whole repeated run) and a generated word that repeats the word
     * before it (until at least {@code budget} tokens are sent back), so a later step can write
     * something else there: the repeats a reader sees.
     */
    static void repeats(NoteLayout layout, int[] row, int budget, Set<Integer> headerIds) {
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

    /**
     * ReMDM-style revision: generated tokens committed in earlier steps (not masked in {@code before})
     * with a confidence below {@code below} go back to mask, least confident first, each at most once
     * and at most half as many as this step committed (so every step still makes progress).
     */
    static void unsure(NoteLayout layout, int[] before, int[] row, float[] committedWith, boolean[] revised, float below,
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

    private static boolean isWord(int id) {
        return id != Tokenizer.MASK_ID && id != Tokenizer.PAD_ID;
    }
}
