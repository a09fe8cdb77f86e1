package ai.medscribe.training;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.corpus.ClinicalNote;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.corpus.CorpusProvenance;
import ai.medscribe.model.ModelKind;
import ai.medscribe.train.BundleTraining;
import ai.medscribe.train.EpochRecord;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code train}: trains one model on a corpus directory (train/val/test.jsonl) and writes its bundle to OUT/<model>. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the diffusion model or the autoregressive baseline and exports its model bundle.")
public class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, converter = OptionWords.Models.class,
            completionCandidates = OptionWords.Models.class, description = "${COMPLETION-CANDIDATES}")
    ModelKind model;

    @Mixin
    PresetOption preset;

    @Option(names = "--corpus", required = true, description = "directory with train.jsonl, val.jsonl, test.jsonl")
    Path corpus;

    @Option(names = "--out", required = true, description = "output directory; the bundle goes to OUT/<model>")
    Path out;

    @Mixin
    EpochsOption epochs;

    /** Sequences per optimizer step unless --batch-size says otherwise. */
    static final int DEFAULT_BATCH_SIZE = 64;

    @Option(names = "--batch-size", defaultValue = "" + DEFAULT_BATCH_SIZE)
    int batchSize;

    @Option(names = "--learning-rate", description = "peak learning rate, cosine decay to 1e-5 "
            + "(default: 1e-3 diffusion, 5e-4 diffusion with --init-from, 3e-4 autoregressive)")
    Double learningRate;

    @Option(names = "--beta2", description = "Adam's second-moment decay (default: 0.98 diffusion, 0.999 autoregressive)")
    Double beta2;

    @Option(names = "--section-masking", description = "diffusion: share of training notes masked section-wise, "
            + "as scaffold and infill present them (default: 0.25; 0 = uniform masking only)")
    Double sectionMasking;

    @Option(names = "--stratified-t", arity = "1", defaultValue = "true",
            description = "diffusion: spread each batch's mask ratios evenly (default: ${DEFAULT-VALUE})")
    boolean stratifiedT;

    @Option(names = "--warmup-steps", defaultValue = "-1", description = "linear warm-up steps (default: the preset's)")
    int warmupSteps;

    @Mixin
    SeedOption seed;

    @Option(names = "--resume", description = "continue from the last checkpoint")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "AR_BUNDLE", description = "diffusion: start from this trained "
            + "autoregressive bundle's weights (same preset and corpus), each position predicting the next token "
            + "as the AR did (default: a random start)")
    Path initFrom;

    @Option(names = "--pad-as-target", defaultValue = "true", arity = "1",
            description = "diffusion: mask and predict padding like any token (false: the case study)")
    boolean padAsTarget;

    @Override
    public Integer call() throws IOException {
        var options = options(spec, model, epochs.value(), batchSize, learningRate, beta2, sectionMasking, stratifiedT,
                warmupSteps, seed.value(), padAsTarget, resume, initFrom);
        return train(spec, model, preset.value(), corpus, out, options);
    }

    /**
     * The training options, a default where a value is null (learning rate, beta2, section masking per
     * model kind), checked; a bad value is a {@link ParameterException} of {@code spec}'s command (exit 2).
     */
    static TrainingOptions options(CommandSpec spec, ModelKind kind, int epochs, int batchSize, Double learningRate,
                                   Double beta2, Double sectionMasking, boolean stratifiedT, int warmupSteps, long seed,
                                   boolean padAsTarget, boolean resume, Path initFrom) {
        boolean diffusion = kind == ModelKind.DIFFUSION;
        double rate = learningRate != null ? learningRate
                : !diffusion ? TrainingOptions.BASELINE_LEARNING_RATE
                : initFrom != null ? TrainingOptions.WARM_START_LEARNING_RATE : TrainingOptions.DIFFUSION_LEARNING_RATE;
        double b2 = beta2 != null ? beta2 : diffusion ? TrainingOptions.DIFFUSION_BETA2 : TrainingOptions.BASELINE_BETA2;
        double share = sectionMasking != null ? sectionMasking : diffusion ? TrainingOptions.DIFFUSION_SECTION_MASKING : 0;
        if (epochs < 0 || batchSize < 1 || rate <= 0) {
            throw new ParameterException(spec.commandLine(), "--epochs must be >= 0, --batch-size >= 1, --learning-rate > 0");
        }
        if (b2 <= 0 || b2 >= 1 || share < 0 || share > 1) {
            throw new ParameterException(spec.commandLine(), "--beta2 must be in (0, 1) and --section-masking in [0, 1]");
        }
        if (initFrom != null && !diffusion) {
            throw new ParameterException(spec.commandLine(), "--init-from applies to --model diffusion only");
        }
        if (initFrom != null && !Files.isRegularFile(initFrom.resolve(BundleMetadata.FILE_NAME))) {
            throw new ParameterException(spec.commandLine(), "--init-from " + initFrom + " is not a model bundle (no " + BundleMetadata.FILE_NAME + ")");
        }
        return new TrainingOptions(epochs, batchSize, rate, 1e-5, warmupSteps, seed, padAsTarget, resume,
                b2, share, diffusion && stratifiedT, initFrom);
    }

    /** Trains one model on the splits in {@code corpus}, writes its bundle to OUT/<model> and prints the figures. */
    static int train(CommandSpec spec, ModelKind kind, String preset, Path corpus, Path out, TrainingOptions options)
            throws IOException {
        for (String split : List.of("train", "val", "test")) {
            if (!Files.isRegularFile(corpus.resolve(split + ".jsonl"))) {
                throw new ParameterException(spec.commandLine(), "corpus " + corpus + " has no " + split + ".jsonl");
            }
        }
        List<String> train = texts(corpus.resolve("train.jsonl"));
        List<String> val = texts(corpus.resolve("val.jsonl"));
        List<String> test = texts(corpus.resolve("test.jsonl"));
        if (train.isEmpty() || val.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "train.jsonl and val.jsonl must not be empty");
        }
        long start = System.nanoTime();
        var report = BundleTraining.run(kind, preset, options, train, val, test, CorpusProvenance.read(corpus),
                out.resolve(kind.id()), new Bar());
        var summary = report.metadata().training();
        System.out.printf("%s/%s: %d notes, %d parameters, %d epochs, %.0f s training (%.0f s this run)%n",
                kind.id(), preset, train.size(), report.metadata().parameterCount(), summary.epochs(),
                summary.wallSeconds(), (System.nanoTime() - start) / 1e9);
        System.out.printf("final train loss %.4f, validation loss %.4f, test %s perplexity %.3f%n",
                summary.finalTrainLoss(), summary.finalValLoss(), summary.perplexityKind(),
                summary.testPerplexity() == null ? Double.NaN : summary.testPerplexity());
        System.out.println("bundle: " + report.bundle());
        return 0;
    }

    /** The texts of a split written by {@code data}. */
    static List<String> texts(Path file) throws IOException {
        return CorpusFiles.readJsonl(file).stream().map(ClinicalNote::text).toList();
    }

    /** A terminal progress bar per epoch with the loss and throughput. */
    static final class Bar implements TrainingListener {
        private ProgressBar bar;

        @Override
        public void epochStarted(int epoch, int epochs, int steps) {
            bar = open("epoch " + epoch + "/" + epochs, steps);
        }

        /** A bar on the terminal (stderr), in the style every command's progress uses. */
        static ProgressBar open(String task, long max) {
            return new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build();
        }

        @Override
        public void stepFinished(int step, double loss, double sequencesPerSecond) {
            bar.step();
            bar.setExtraMessage(String.format(" loss %.4f %.0f seq/s", loss, sequencesPerSecond));
        }

        @Override
        public void epochFinished(EpochRecord r) {
            bar.close();
            System.err.printf("epoch %d: train %.4f val %.4f lr %.2e %.1f s, grad norm median %.2f max %.2f%n", r.epoch(),
                    r.trainLoss(), r.valLoss(), r.learningRate(), r.seconds(), r.gradNormMedian(), r.gradNormMax());
            if (r.probeTop1() != null) {
                System.err.printf("  val content %.4f padding %.4f; probe top-1 %.3f NLL %.3f, half masked top-1 %.3f NLL %.3f%n",
                        r.valContentLoss(), r.valPaddingLoss(), r.probeTop1(), r.probeNll(), r.probeHalfTop1(),
                        r.probeHalfNll());
            }
        }
    }
}
