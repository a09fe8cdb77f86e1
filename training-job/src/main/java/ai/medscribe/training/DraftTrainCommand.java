package ai.medscribe.training;

import ai.medscribe.Seeds;
import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.PairFiles;
import ai.medscribe.dialog.SyntheticDialogue;
import ai.medscribe.dialog.SyntheticDialogues;
import ai.medscribe.draft.DraftBundle;
import ai.medscribe.draft.DraftMetadata;
import ai.medscribe.draft.DraftTraining;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.SubwordTokenizer;
import ai.medscribe.train.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code draft-train}: trains a drafting model (a section from a conversation) on MTS-Dialog-style
 * CSVs and writes its bundle to OUT/<model>. Both models share OUT/tokenizer.json: the first run
 * learns it from the training pairs, later runs read it; a run started from a bundle
 * ({@code --init-from}) takes the bundle's.
 */
@Command(name = "draft-train", mixinStandardHelpOptions = true,
        description = "Trains the drafting model (diffusion or autoregressive) on conversation/section pairs and exports its bundle.")
public class DraftTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, converter = OptionWords.Models.class,
            completionCandidates = OptionWords.Models.class, description = "${COMPLETION-CANDIDATES}")
    ModelKind model;

    @Option(names = "--preset", defaultValue = "small", description = "tiny or small (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--train", defaultValue = "data/mts-dialog/MTS-Dialog-Augmented-TrainingSet-3-FR-and-ES-3603-Pairs-final.csv",
            description = "training pairs: an MTS-Dialog CSV, or the pairs.jsonl data --input writes (default: ${DEFAULT-VALUE})")
    Path trainFile;

    @Option(names = "--validation", defaultValue = "data/mts-dialog/MTS-Dialog-ValidationSet.csv",
            description = "validation pairs, CSV or JSONL as --train (default: ${DEFAULT-VALUE})")
    Path validationFile;

    @Option(names = "--out", defaultValue = "models/drafting",
            description = "output directory: OUT/tokenizer.json and the bundle OUT/<model> (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--vocab-size", defaultValue = "" + DraftTraining.DEFAULT_VOCAB,
            description = "subword vocabulary size when OUT/tokenizer.json does not exist yet (default: ${DEFAULT-VALUE})")
    int vocabSize;

    @Mixin
    EpochsOption epochs;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--learning-rate", description = "peak learning rate, cosine decay to 1e-5 "
            + "(default: 1e-3 diffusion, 5e-4 diffusion with --init-from and autoregressive)")
    Double learningRate;

    @Mixin
    SeedOption seed;

    @Option(names = "--resume", description = "continue from the last checkpoint (OUT/<model>-checkpoint)")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "BUNDLE", description = "start from this trained drafting bundle's "
            + "weights (same preset and vocabulary; default: a random start). For --model diffusion an autoregressive "
            + "bundle (each position then predicted from its left neighbour, as the AR model predicts it) or a "
            + "diffusion bundle; for --model autoregressive an autoregressive bundle: fine-tuning")
    Path initFrom;

    @Option(names = "--synthetic", defaultValue = "0", description = "synthetic conversations added to the training "
            + "pairs, each section with its excerpt of the conversation (seeded from --seed, apart from the "
            + "evaluation's; default: ${DEFAULT-VALUE})")
    int synthetic;

    @Option(names = "--tag-synthetic", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "put the line " + SyntheticDialogue.STYLE_TAG + " before each synthetic transcript, so the "
            + "synthetic notes' style stays with tagged transcripts and real ones are drafted in the real notes' style "
            + "(an experiment: see docs/drafting.md; default: ${DEFAULT-VALUE})")
    boolean tagSynthetic;

    @Override
    public Integer call() throws IOException {
        if (!ModelConfig.DRAFT_PRESETS.contains(preset)) {
            throw new ParameterException(spec.commandLine(), "--preset must be one of " + ModelConfig.DRAFT_PRESETS);
        }
        for (Path f : List.of(trainFile, validationFile)) {
            if (!Files.isRegularFile(f)) {
                throw new ParameterException(spec.commandLine(), "no such file: " + f);
            }
        }
        if (epochs.value() < 0 || batchSize < 1 || vocabSize < 512 || (learningRate != null && learningRate <= 0)) {
            throw new ParameterException(spec.commandLine(),
                    "--epochs must be >= 0, --batch-size >= 1, --vocab-size >= 512, --learning-rate > 0");
        }
        DraftMetadata from = null;
        if (initFrom != null) {
            from = Files.isRegularFile(initFrom.resolve(DraftBundle.METADATA)) ? DraftBundle.metadata(initFrom) : null;
            if (from == null || (model == ModelKind.AUTOREGRESSIVE && from.config().kind() != ModelKind.AUTOREGRESSIVE)) {
                throw new ParameterException(spec.commandLine(), "--init-from takes a drafting bundle: autoregressive "
                        + "for --model autoregressive, either kind for --model diffusion");
            }
        }
        if (synthetic < 0) {
            throw new ParameterException(spec.commandLine(), "--synthetic must be >= 0");
        }
        List<DialogPair> train = new ArrayList<>(PairFiles.read(trainFile));
        if (synthetic > 0) {
            long syntheticSeed = Seeds.derive(seed.value(), "draft-train-synthetic", 0);
            if (syntheticSeed == DraftEvaluateCommand.SYNTHETIC_SEED) {
                throw new ParameterException(spec.commandLine(), "--seed draws the evaluation's synthetic conversations");
            }
            SyntheticDialogues.excerptPairs(SyntheticDialogues.generate(synthetic, syntheticSeed),
                    SyntheticDialogue.EXCERPT_WORDS).forEach(p -> train.add(tagSynthetic ? SyntheticDialogue.tagged(p) : p));
        }
        List<DialogPair> validation = PairFiles.read(validationFile);
        Files.createDirectories(out);
        Path vocabFile = out.resolve(SubwordTokenizer.FILE_NAME);
        if (initFrom != null) {
            // the weights are only meaningful with the vocabulary they were trained on
            Path theirs = initFrom.resolve(SubwordTokenizer.FILE_NAME);
            if (!Files.isRegularFile(vocabFile)) {
                Files.copy(theirs, vocabFile);
            } else if (Files.mismatch(theirs, vocabFile) != -1) {
                throw new ParameterException(spec.commandLine(), "--init-from " + initFrom + " was trained on another "
                        + "vocabulary than " + vocabFile + ": use an --out without tokenizer.json, or the bundle's");
            }
        }
        SubwordTokenizer tokenizer;
        if (Files.isRegularFile(vocabFile)) {
            tokenizer = SubwordTokenizer.load(vocabFile);
        } else {
            long start = System.nanoTime();
            tokenizer = DraftTraining.vocabulary(train, vocabSize);
            tokenizer.save(vocabFile);
            System.out.printf("vocabulary: %d tokens learned from %d pairs in %.1f s -> %s%n", tokenizer.vocabSize(),
                    train.size(), (System.nanoTime() - start) / 1e9, vocabFile);
        }
        try (tokenizer) {
            boolean diffusion = model == ModelKind.DIFFUSION;
            // a diffusion model started from AR weights predicts each position from its left neighbour, as they do
            boolean shifted = diffusion && from != null
                    && (from.config().kind() == ModelKind.AUTOREGRESSIVE || from.config().shiftedOutput());
            ModelConfig config = ModelConfig.draftPreset(preset, model, tokenizer.vocabSize()).withShiftedOutput(shifted);
            double rate = learningRate != null ? learningRate
                    : initFrom != null ? TrainingOptions.WARM_START_LEARNING_RATE : diffusion ? 1e-3 : 5e-4;
            var options = new TrainingOptions(epochs.value() > 0 ? epochs.value() : config.epochs(), batchSize, rate, 1e-5,
                    -1, seed.value(), true, resume, diffusion ? TrainingOptions.DIFFUSION_BETA2 : TrainingOptions.BASELINE_BETA2,
                    0, diffusion, initFrom);
            long start = System.nanoTime();
            String data = trainFile.getFileName() + (synthetic > 0 ? " + " + synthetic + " synthetic conversations" : "");
            String tag = synthetic > 0 && tagSynthetic ? SyntheticDialogue.STYLE_TAG : null;
            var report = DraftTraining.run(config, options, tokenizer, train, validation, data, tag,
                    out.resolve(model.id()), new TrainCommand.Bar());
            var t = report.metadata().training();
            System.out.printf("%s/%s: %d pairs (%d transcripts, %d sections cut), %d parameters, %d epochs, %.0f s training "
                            + "(%.0f s this run)%n", model.id(), config.preset(), t.trainPairs(), t.truncatedTranscripts(),
                    t.truncatedSections(), report.metadata().parameterCount(), t.epochs(), t.wallSeconds(),
                    (System.nanoTime() - start) / 1e9);
            System.out.printf("final train loss %.4f, validation loss %.4f%nbundle: %s%n", t.finalTrainLoss(),
                    t.finalValLoss(), report.bundle());
            return 0;
        }
    }
}
