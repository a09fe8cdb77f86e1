package ai.medscribe.training;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/**
 * The training job's entry point: {@code data}, {@code eda}, {@code train}, {@code evaluate}, {@code all},
 * {@code reexport}, {@code benchmark}.
 */
@TopCommand
@Command(name = "medscribe-training", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Builds the MedScribe corpus, trains the diffusion and autoregressive models, evaluates and exports them.",
        subcommands = {DataCommand.class, EdaCommand.class, TrainCommand.class, EvaluateCommand.class, AllCommand.class,
                ReexportCommand.class, BenchmarkCommand.class, DraftTrainCommand.class,
                DraftEvaluateCommand.class, DraftBenchmarkCommand.class, DraftCommand.class, DraftCuesCommand.class})
public class MedScribeCommand {
}
