package ai.medscribe.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.draft.DraftTraining;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.SubwordTokenizer;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;

/**
 * A drafting directory with tiny drafting bundles (diffusion/, autoregressive/; preset draft-tiny,
 * a 48-token transcript region), trained once per test JVM on short invented conversations (no real
 * notes) in a few seconds. The path is kept in a system property, as {@link TinyBundles} does.
 */
public final class TinyDraftBundles {

    private static final String PROPERTY = "medscribe.test.tiny-drafting";
    private static final String[] COMPLAINTS = {"wheezing", "knee pain", "dizziness", "itchy eyes", "earache", "nausea"};
    private static final String[] WEEKS = {"one", "two", "four"};

    /** A conversation like the training ones, four turns. */
    public static final String TRANSCRIPT = transcript("knee pain", "two");

    private TinyDraftBundles() {
    }

    static String transcript(String complaint, String weeks) {
        return "Doctor: What brings you here?\nPatient: I have had " + complaint + " for " + weeks
                + " weeks.\nDoctor: Any fever?\nPatient: No fever at all.";
    }

    static List<DialogPair> pairs() {
        List<DialogPair> out = new ArrayList<>();
        int i = 0;
        for (String weeks : WEEKS) {
            for (String complaint : COMPLAINTS) {
                String dialogue = transcript(complaint, weeks);
                out.add(new DialogPair("g" + i, MtsHeader.GENHX, "The patient reports " + complaint + " for " + weeks
                        + " weeks. No fever.", dialogue));
                out.add(new DialogPair("a" + i, MtsHeader.ASSESSMENT, "Likely " + complaint + ".", dialogue));
                out.add(new DialogPair("p" + i, MtsHeader.PLAN, "Follow up in " + weeks + " weeks.", dialogue));
                i++;
            }
        }
        return out;
    }

    public static Path directory() {
        synchronized (System.getProperties()) {
            String known = System.getProperty(PROPERTY);
            if (known != null) {
                return Path.of(known);
            }
            try {
                Path root = Files.createTempDirectory("medscribe-functions-drafting");
                List<DialogPair> pairs = pairs();
                var options = new TrainingOptions(30, 16, 3e-3, 1e-4, -1, 7L, true, false, 0.98, 0, false);
                try (SubwordTokenizer tokenizer = DraftTraining.vocabulary(pairs, 600)) {
                    for (ModelKind kind : ModelKind.values()) {
                        ModelConfig config = ModelConfig.draftPreset("tiny", kind, tokenizer.vocabSize());
                        DraftTraining.run(config, options, tokenizer, pairs, pairs.subList(0, 6), "test", null,
                                root.resolve(kind.id()), TrainingListener.NONE);
                    }
                }
                System.setProperty(PROPERTY, root.toString());
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
