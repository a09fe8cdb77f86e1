package ai.medscribe.training;

import ai.medscribe.bundle.BundleMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code all}: data, eda, both models, evaluation — what the Kubernetes Job runs. Rerun with the
 * same --out it picks up where it stopped: the corpus and finished bundles are kept, and a model
 * whose training was interrupted resumes from its last checkpoint. A step that fails ends the run
 * with that step's exit code (2 for bad arguments).
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

    @Option(names = "--style", defaultValue = "coherent", description = "synthetic corpus style (default: ${DEFAULT-VALUE})")
    String style;

    @Option(names = "--notes", defaultValue = "5000", description = "synthetic notes (default: ${DEFAULT-VALUE})")
    int notes;

    @Option(names = "--input", description = "the user's notes (JSONL or NOTEEVENTS.csv) instead of the synthetic corpus")
    Path input;

    @Option(names = "--epochs", description = "epochs for both models (default: each preset's)")
    Integer epochs;

    @Mixin
    SeedOption seed;

    @Option(names = "--case-study-comparison", description = "also train a diffusion model the case study's way "
            + "(padding never masked) and compare it in the evaluation")
    boolean caseStudy;

    @Option(names = "--diffusion-from-ar", description = "start the diffusion model from the AR baseline's weights "
            + "(train --init-from) instead of a random start; measured in the README, not the default")
    boolean diffusionFromAr;

    @Option(names = "--skip-evaluate", description = "stop after training")
    boolean skipEvaluate;

    @Option(names = "--samples", defaultValue = "100", description = "evaluation notes per row (default: ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        int code;
        if (!Files.isRegularFile(work.resolve("train.jsonl"))) {
            List<String> data = new ArrayList<>(List.of("data", "--out", work.toString(), "--style", style,
                    "--notes", String.valueOf(notes), "--seed", String.valueOf(seed.value())));
            if (input != null) {
                data.addAll(List.of("--input", input.toString()));
            }
            if ((code = run(root, data)) != 0) {
                return code;
            }
        } else {
            System.out.println("all: reusing the corpus in " + work);
        }
        if ((code = run(root, List.of("eda", "--corpus", work.toString(), "--out", out.resolve("eda").toString()))) != 0) {
            return code;
        }
        // the AR baseline first, so that the diffusion model can start from its weights (issue 9)
        List<String> initFrom = diffusionFromAr
                ? List.of("--init-from", out.resolve("autoregressive").toString()) : List.of();
        if ((code = train(root, "autoregressive", "autoregressive", true, List.of())) != 0
                || (code = train(root, "diffusion", "diffusion", true, initFrom)) != 0) {
            return code;
        }
        if (caseStudy && (code = train(root, "diffusion", EvaluateCommand.CASE_STUDY_BUNDLE, false, List.of())) != 0) {
            return code;
        }
        if (!skipEvaluate && (code = run(root, List.of("evaluate", "--models", out.toString(), "--corpus", work.toString(),
                "--samples", String.valueOf(samples), "--infill-samples", String.valueOf(samples),
                "--seed", String.valueOf(seed.value())))) != 0) {
            return code;
        }
        System.out.println("all: bundles in " + out.toAbsolutePath());
        return 0;
    }

    /** Trains one bundle into OUT/name unless it is finished; resumes from a checkpoint when there is one. */
    private int train(CommandLine root, String model, String name, boolean padAsTarget, List<String> extra) {
        Path bundle = out.resolve(name);
        if (Files.isRegularFile(bundle.resolve(BundleMetadata.FILE_NAME))) {
            System.out.println("all: " + bundle + " is already trained");
            return 0;
        }
        // The train command writes OUT/<model>; a differently named bundle trains in its own directory.
        Path target = name.equals(model) ? out : out.resolve(name + "-work");
        List<String> args = new ArrayList<>(List.of("train", "--model", model, "--preset", preset.value(), "--corpus",
                work.toString(), "--out", target.toString(), "--seed", String.valueOf(seed.value()),
                "--pad-as-target", String.valueOf(padAsTarget)));
        if (epochs != null) {
            args.addAll(List.of("--epochs", String.valueOf(epochs)));
        }
        args.addAll(extra);
        if (Files.isRegularFile(target.resolve(model + "-checkpoint").resolve("checkpoint").resolve("state.json"))) {
            System.out.println("all: resuming " + name + " from its last checkpoint");
            args.add("--resume");
        }
        int code = run(root, args);
        if (code == 0 && !name.equals(model)) {
            try {
                Files.move(target.resolve(model), bundle);
            } catch (java.io.IOException e) {
                System.err.println("all: cannot move the " + name + " bundle into place: " + e.getMessage());
                return 1;
            }
        }
        return code;
    }

    private static int run(CommandLine root, List<String> args) {
        System.out.println("all: " + String.join(" ", args));
        int code = root.execute(args.toArray(String[]::new));
        if (code != 0) {
            System.err.println("all: '" + args.get(0) + "' failed with exit code " + code);
        }
        return code;
    }
}
