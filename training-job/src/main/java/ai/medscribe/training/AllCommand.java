package ai.medscribe.training;

import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.corpus.NoteFilter;
import ai.medscribe.model.ModelKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code all}: data, eda, both models, evaluation — what the Kubernetes Job runs. Rerun with the
 * same --out it picks up where it stopped: the corpus and finished bundles are kept, and a model
 * whose training was interrupted resumes from its last checkpoint. Each step calls what its own
 * command calls (data, eda, train, evaluate) with this command's typed options; a step that fails
 * ends the run (exit code 1, 2 for bad arguments).
 */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Builds the corpus, runs the EDA, trains the autoregressive baseline and the diffusion model, "
                + "evaluates them and leaves both bundles in OUT; resumes an interrupted run.")
public class AllCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "models", description = "where the bundles go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--work", defaultValue = "work/data", description = "where the corpus split goes (default: ${DEFAULT-VALUE})")
    Path work;

    @Mixin
    PresetOption preset;

    @Mixin
    CorpusSourceOptions source;

    @Mixin
    EpochsOption epochs;

    @Mixin
    SeedOption seed;

    @Option(names = "--case-study-comparison", description = "also train a diffusion model the case study's way "
            + "(padding never masked) and compare it in the evaluation")
    boolean caseStudy;

    @Option(names = "--diffusion-from-ar", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "start the diffusion model from the AR baseline's weights (train --init-from; the default, "
                    + "measured in docs/experiments.md); --no-diffusion-from-ar trains it from a random start")
    boolean diffusionFromAr;

    @Option(names = "--skip-evaluate", description = "stop after training")
    boolean skipEvaluate;

    @Mixin
    SamplesOption samples;

    @Override
    public Integer call() {
        int code;
        if (!Files.isRegularFile(work.resolve(CorpusFiles.TRAIN))) {
            System.out.println("all: data into " + work);
            var options = DataCommand.options(spec, source, seed.value(), null, NoteFilter.Limits.DEFAULT, work);
            if ((code = DataCommand.build(options)) != 0) {
                return failed("data", code);
            }
        } else {
            System.out.println("all: reusing the corpus in " + work);
        }
        System.out.println("all: eda into " + out.resolve("eda"));
        if ((code = EdaCommand.write(work, out.resolve("eda"))) != 0) {
            return failed("eda", code);
        }
        // the AR baseline first, so that the diffusion model can start from its weights
        Path initFrom = diffusionFromAr ? out.resolve(ModelKind.AUTOREGRESSIVE.id()) : null;
        if ((code = train(ModelKind.AUTOREGRESSIVE, ModelKind.AUTOREGRESSIVE.id(), true, null)) != 0
                || (code = train(ModelKind.DIFFUSION, ModelKind.DIFFUSION.id(), true, initFrom)) != 0) {
            return code;
        }
        if (caseStudy && (code = train(ModelKind.DIFFUSION, EvaluateCommand.CASE_STUDY_BUNDLE, false, null)) != 0) {
            return code;
        }
        if (!skipEvaluate) {
            System.out.println("all: evaluate " + out);
            List<Integer> steps = Arrays.stream(EvaluateCommand.DEFAULT_STEPS.split(",")).map(Integer::valueOf).toList();
            if ((code = EvaluateCommand.evaluate(spec, out, work, null, samples.value(), samples.value(), steps, seed.value())) != 0) {
                return failed("evaluate", code);
            }
        }
        System.out.println("all: bundles in " + out.toAbsolutePath());
        return 0;
    }

    /** Trains one bundle into OUT/name unless it is finished; resumes from a checkpoint when there is one. */
    private int train(ModelKind kind, String name, boolean padAsTarget, Path initFrom) {
        Path bundle = out.resolve(name);
        if (Files.isRegularFile(bundle.resolve(BundleMetadata.FILE_NAME))) {
            System.out.println("all: " + bundle + " is already trained");
            return 0;
        }
        // Training writes OUT/<model>; a differently named bundle trains in its own directory.
        boolean ownName = name.equals(kind.id());
        Path target = ownName ? out : out.resolve(name + "-work");
        boolean resume = Files.isRegularFile(target.resolve(kind.id() + "-checkpoint").resolve("checkpoint").resolve("state.json"));
        if (resume) {
            System.out.println("all: resuming " + name + " from its last checkpoint");
        }
        System.out.println("all: train " + name + " into " + target);
        var options = TrainCommand.options(spec, kind, epochs.value(), TrainCommand.DEFAULT_BATCH_SIZE,
                null, null, null, true, -1, seed.value(), padAsTarget, resume, initFrom);
        try {
            TrainCommand.train(spec, kind, preset.value(), work, target, options);
            if (!ownName) {
                Files.move(target.resolve(kind.id()), bundle);
            }
            return 0;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            System.err.println("all: training " + name + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int failed(String step, int code) {
        System.err.println("all: '" + step + "' failed with exit code " + code);
        return code;
    }
}
