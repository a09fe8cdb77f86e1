package ai.medscribe.draft;

import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.text.SubwordTokenizer;
import ai.medscribe.train.BundleTraining;
import ai.medscribe.train.EpochRecord;
import ai.medscribe.train.Trainer;
import ai.medscribe.train.TrainingCurves;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Conversation-and-section pairs to a drafting bundle: the subword vocabulary from the training
 * pairs (or a given one), canvases (transcripts and sections cut at their regions, counted), the
 * drafting model of {@code config} trained with checkpoints in {@code <out>-checkpoint} (so
 * {@code options.resume()} continues a run), exported to {@code out}.
 */
public final class DraftTraining {

    private static final Logger LOG = Logger.getLogger(DraftTraining.class.getName());
    public static final int DEFAULT_VOCAB = 4096;

    /** What a run produced. */
    public record Report(Path bundle, DraftMetadata metadata, List<EpochRecord> history) {
    }

    private DraftTraining() {
    }

    /** The subword vocabulary of the training pairs' conversations and sections, with the controls and speaker tags. */
    public static SubwordTokenizer vocabulary(List<DialogPair> train, int vocabSize) {
        List<String> texts = new ArrayList<>();
        for (DialogPair p : train) {
            texts.add(p.dialogue());
            texts.add(p.section());
        }
        return SubwordTokenizer.train(texts, vocabSize, DraftCanvas.CONTROLS, DraftCanvas.SPEAKERS);
    }

    /** The canvases of {@code pairs}; counts[0] transcripts and counts[1] sections cut at their region. */
    public static int[][] canvases(SubwordTokenizer tokenizer, ModelConfig config, List<DialogPair> pairs, int[] counts) {
        int[][] rows = new int[pairs.size()][];
        for (int i = 0; i < rows.length; i++) {
            DialogPair p = pairs.get(i);
            int[] source = DraftCanvas.source(tokenizer, config, p.dialogue(), true);
            if (tokenizer.encode(p.dialogue()).length > config.sourceLength()) {
                counts[0]++;
            }
            if (tokenizer.encode(p.section()).length > config.noteLength()) {
                counts[1]++;
            }
            rows[i] = DraftCanvas.row(source, DraftCanvas.note(tokenizer, config, p.header(), p.section()), config);
        }
        return rows;
    }

    /** Per control token, the 90th percentile of its training sections' lengths in tokens (at most the note region). */
    public static Map<String, Integer> noteLengths(SubwordTokenizer tokenizer, ModelConfig config, List<DialogPair> train) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (MtsHeader header : MtsHeader.values()) {
            int[] lengths = train.stream().filter(p -> p.header() == header)
                    .mapToInt(p -> Math.min(config.noteLength(), tokenizer.encode(p.section()).length)).sorted().toArray();
            if (lengths.length > 0) {
                out.put(header.controlToken(), lengths[Math.min(lengths.length - 1, (int) Math.floor(0.9 * lengths.length))]);
            }
        }
        return out;
    }

    public static Report run(ModelConfig config, TrainingOptions options, SubwordTokenizer tokenizer,
                             List<DialogPair> train, List<DialogPair> validation, String data,
                             String syntheticTag, Path out, TrainingListener listener) throws IOException {
        if (tokenizer.vocabSize() != config.vocabSize()) {
            throw new IllegalArgumentException("the config's vocabulary (" + config.vocabSize()
                    + ") is not the tokenizer's (" + tokenizer.vocabSize() + ")");
        }
        TrainingOptions effective = options.epochs() > 0 ? options : options.withEpochs(config.epochs());
        int[] cut = new int[2];
        int[][] trainRows = canvases(tokenizer, config, train, cut);
        int[][] valRows = canvases(tokenizer, config, validation, new int[2]);
        LOG.info(() -> String.format("%d training canvases (%d transcripts and %d sections cut at their region)",
                trainRows.length, cut[0], cut[1]));
        Path work = out.resolveSibling(out.getFileName() + "-checkpoint");
        try (Trainer trainer = new Trainer(config, effective, work)) {
            List<EpochRecord> history = trainer.train(trainRows, valRows, listener);
            EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
            List<EpochRecord> all = trainer.state().history();
            EpochRecord end = all.isEmpty() ? last : all.get(all.size() - 1);
            var training = new DraftMetadata.Training(train.size(), validation.size(), trainer.state().epoch(),
                    trainer.state().wallSeconds(), end == null ? Double.NaN : end.trainLoss(),
                    end == null ? Double.NaN : end.valLoss(), data, cut[0], cut[1], syntheticTag);
            DraftMetadata metadata = DraftBundle.export(config, trainer.checkpointPrefix().toString(),
                    trainer.parameterCount(), tokenizer, noteLengths(tokenizer, config, train),
                    new TrainingCurves(config.kind().id(), config.preset(), all), training, out);
            BundleTraining.lossChart(config.kind(), config.preset(), all, out.resolve("charts").resolve("training_loss.png"));
            return new Report(out, metadata, history);
        }
    }
}
