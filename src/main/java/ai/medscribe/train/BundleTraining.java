package ai.medscribe.train;

import ai.medscribe.bundle.BundleExporter;
import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.bundle.TrainingSummary;
import ai.medscribe.chart.Charts;
import ai.medscribe.corpus.CorpusProvenance;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Train split to model bundle: tokenizer from the training texts, the preset's model, training with
 * checkpoints in {@code <out>-checkpoint}, test perplexity, export to {@code out}.
 */
public final class BundleTraining {

    private static final Logger LOG = Logger.getLogger(BundleTraining.class.getName());
    public static final int DEFAULT_VOCAB = 2000;
    static final int ELBO_DRAWS = 4;

    /** What a run produced. */
    public record Report(Path bundle, BundleMetadata metadata, List<EpochRecord> history) {
    }

    private BundleTraining() {
    }

    /** {@code options.epochs()} at or below 0 means the preset's default. */
    public static Report run(ModelKind kind, String preset, TrainingOptions options, List<String> train,
                             List<String> validation, List<String> test, Path out, TrainingListener listener)
            throws IOException {
        return run(kind, preset, options, train, validation, test, CorpusProvenance.unknown(), out, listener);
    }

    /** As above, recording the corpus provenance in medscribe.json. */
    public static Report run(ModelKind kind, String preset, TrainingOptions options, List<String> train,
                             List<String> validation, List<String> test, CorpusProvenance corpus, Path out,
                             TrainingListener listener) throws IOException {
        Tokenizer tokenizer = Tokenizer.build(train, DEFAULT_VOCAB);
        ModelConfig config = ModelConfig.preset(preset, kind, tokenizer.vocabSize());
        String initFrom = null;
        if (options.initFrom() != null) {
            initFrom = checkInitBundle(options.initFrom(), config, tokenizer);
            config = config.withShiftedOutput(true);
        }
        TrainingOptions effective = options.epochs() > 0 ? options : options.withEpochs(config.epochs());
        Path work = out.resolveSibling(out.getFileName() + "-checkpoint");
        try (Trainer trainer = new Trainer(config, effective, work, tokenizer.headerIds().values().stream().mapToInt(Integer::intValue).toArray())) {
            int[][] trainIds = Trainer.encode(tokenizer, train, config.maxLength());
            List<EpochRecord> history = trainer.train(trainIds, Trainer.encode(tokenizer, validation, config.maxLength()), listener);
            Double perplexity = test.isEmpty() ? null
                    : trainer.perplexity(Trainer.encode(tokenizer, test, config.maxLength()), ELBO_DRAWS);
            EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
            var summary = new TrainingSummary(trainer.state().epoch(), trainer.state().step(),
                    last == null ? Double.NaN : last.trainLoss(), last == null ? Double.NaN : last.valLoss(),
                    trainer.state().wallSeconds(), perplexity,
                    kind == ModelKind.DIFFUSION ? "elbo" : "next-token", effective.padAsTarget(), effective.seed(),
                    effective.batchSize(), effective.learningRate(), train.size(), effective.beta2(),
                    kind == ModelKind.DIFFUSION ? effective.sectionMasking() : null,
                    kind == ModelKind.DIFFUSION ? effective.stratifiedT() : null, initFrom);
            BundleMetadata metadata = BundleExporter.export(trainer.checkpoint(),
                    new TrainingCurves(kind.id(), preset, trainer.state().history()), tokenizer, train, summary, corpus, out);
            lossChart(kind, preset, trainer.state().history(), out.resolve("charts").resolve("training_loss.png"));
            probeChart(preset, trainer.state().history(), out.resolve("charts").resolve(PROBE_CHART));
            LOG.info(() -> String.format("%s bundle written: %d parameters, test perplexity %s",
                    kind.id(), metadata.parameterCount(), perplexity));
            return new Report(out, metadata, history);
        }
    }

    /**
     * Checks that the bundle a diffusion model is to start from is an AR bundle of the same shape and
     * vocabulary; returns how the training summary names it.
     */
    static String checkInitBundle(Path arBundle, ModelConfig config, Tokenizer tokenizer) throws IOException {
        if (config.kind() != ModelKind.DIFFUSION) {
            throw new IllegalArgumentException("--init-from applies to the diffusion model only");
        }
        try (ModelBundle ar = ModelBundle.load(arBundle)) {
            ModelConfig from = ar.metadata().config();
            if (from.kind() != ModelKind.AUTOREGRESSIVE) {
                throw new IllegalArgumentException("--init-from " + arBundle + " is a " + from.kind().id()
                        + " bundle; expected an autoregressive one");
            }
            if (from.dModel() != config.dModel() || from.heads() != config.heads() || from.layers() != config.layers()
                    || from.ffn() != config.ffn() || from.maxLength() != config.maxLength()) {
                throw new IllegalArgumentException(String.format(
                        "--init-from %s has d%d, %d heads, %d layers, ffn %d, length %d; the %s diffusion model needs "
                                + "d%d, %d heads, %d layers, ffn %d, length %d", arBundle, from.dModel(), from.heads(),
                        from.layers(), from.ffn(), from.maxLength(), config.preset(), config.dModel(), config.heads(),
                        config.layers(), config.ffn(), config.maxLength()));
            }
            if (!ar.tokenizer().tokens().equals(tokenizer.tokens())) {
                throw new IllegalArgumentException("--init-from " + arBundle
                        + " was trained with another vocabulary than this corpus gives");
            }
            return "autoregressive bundle " + ar.metadata().sha256();
        }
    }

    public static final String PROBE_CHART = "training_probe.png";

    /**
     * The diffusion probe per epoch (top-1 and NLL at one masked content token, with every other
     * token visible and with half of them masked) and the validation loss at content positions;
     * nothing for epochs without a probe (the AR baseline, bundles trained before it existed).
     */
    public static void probeChart(String preset, List<EpochRecord> history, Path png) throws IOException {
        List<EpochRecord> probed = history.stream().filter(r -> r.probeTop1() != null).toList();
        if (probed.isEmpty()) {
            return;
        }
        double[] epochs = probed.stream().mapToDouble(EpochRecord::epoch).toArray();
        Charts.lines(png, "diffusion (" + preset + ") probe per epoch", "epoch", "top-1 accuracy", List.of(
                        new Charts.Series("top-1, others visible", epochs, probed.stream().mapToDouble(EpochRecord::probeTop1).toArray()),
                        new Charts.Series("top-1, half masked", epochs, probed.stream().mapToDouble(EpochRecord::probeHalfTop1).toArray())),
                "nats", List.of(
                        new Charts.Series("NLL, others visible", epochs, probed.stream().mapToDouble(EpochRecord::probeNll).toArray()),
                        new Charts.Series("NLL, half masked", epochs, probed.stream().mapToDouble(EpochRecord::probeHalfNll).toArray()),
                        new Charts.Series("validation loss at content", epochs,
                                probed.stream().mapToDouble(EpochRecord::valContentLoss).toArray())));
    }

    /** Train and validation loss per epoch, beside training.json. */
    public static void lossChart(ModelKind kind, String preset, List<EpochRecord> history, Path png) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        Charts.lines(png, kind.id() + " (" + preset + ") loss", "epoch", "loss", List.of(
                new Charts.Series("train", epochs, history.stream().mapToDouble(EpochRecord::trainLoss).toArray()),
                new Charts.Series("validation", epochs, history.stream().mapToDouble(EpochRecord::valLoss).toArray())));
    }
}
