package ai.medscribe.bundle;

import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.text.Tokenizer;
import ai.medscribe.text.Tokenizer.Splitting;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a bundle's vocabulary may record another splitting rule: only when every note of the corpus
 * (train, val and test) encodes to exactly the same ids under both rules, for then the weights trained
 * under the old rule are the ones the new rule would have trained. Notes are named by file and id
 * ({@code line-N} when the note has none), never by their text: notes may hold patient information.
 *
 * @param differing the notes that encode differently, as {@code train.jsonl note line-7}, in file order
 */
public record SplittingCheck(Splitting from, Splitting to, int notes, List<String> differing) {

    public SplittingCheck {
        differing = List.copyOf(differing);
    }

    /** Encodes every note of {@code corpusDir}'s train.jsonl, val.jsonl and test.jsonl under both rules. */
    public static SplittingCheck of(Tokenizer tokenizer, Splitting to, Path corpusDir) throws IOException {
        Tokenizer changed = tokenizer.withSplitting(to);
        int notes = 0;
        List<String> differing = new ArrayList<>();
        for (String file : List.of(CorpusFiles.TRAIN, CorpusFiles.VAL, CorpusFiles.TEST)) {
            for (ClinicalNote note : CorpusFiles.readJsonl(corpusDir.resolve(file))) {
                notes++;
                if (!tokenizer.encodesAlike(changed, note.text())) {
                    differing.add(file + " note " + note.id());
                }
            }
        }
        return new SplittingCheck(tokenizer.splitting(), to, notes, differing);
    }

    public boolean passes() {
        return differing.isEmpty();
    }

    /** Why the change is refused: how many notes differ and the first of them. */
    public String refusal() {
        return differing.size() + " of " + notes + " corpus notes encode to other ids under " + to.id()
                + " splitting than under " + from.id() + " (the first: " + differing.get(0)
                + "), so the model would not mean the same; the vocabulary keeps " + from.id() + " splitting";
    }

    /** A re-export refused because the corpus encodes differently under the new rule; nothing was written. */
    public static final class Refused extends IllegalArgumentException {

        private final transient SplittingCheck check;

        Refused(SplittingCheck check) {
            super(check.refusal());
            this.check = check;
        }

        public SplittingCheck check() {
            return check;
        }
    }
}
