package ai.medscribe.training;

import ai.medscribe.draft.DraftTraining;
import ai.medscribe.draft.PassCost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code draft-pass-cost}: what one pass of the small drafting model costs at canvases of 128, 256 and 512 positions. */
@Command(name = "draft-pass-cost", mixinStandardHelpOptions = true,
        description = "Times one pass of the small drafting model over canvases of 128, 256 and 512 positions: "
                + "the whole canvas, the transcript alone, and the note reading the transcript's cached keys and values.")
public class DraftBenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--passes", defaultValue = "30", description = "timed passes per figure (default: ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--note", defaultValue = "63", description = "note positions after the header (default: ${DEFAULT-VALUE})")
    int note;

    @Override
    public Integer call() {
        if (passes < 1 || note < 1 || note > 126) {
            throw new ParameterException(spec.commandLine(), "--passes must be >= 1 and --note from 1 to 126");
        }
        System.out.printf("%7s %10s %5s %12s %14s %12s %8s%n", "canvas", "transcript", "note", "full pass ms",
                "transcript ms", "note pass ms", "full/note");
        for (var r : PassCost.measure(DraftTraining.DEFAULT_VOCAB, new int[] {128, 256, 512}, note, passes)) {
            System.out.printf("%7d %10d %5d %12.2f %14.2f %12.2f %7.2fx%n", r.canvas(), r.transcript(), r.note(),
                    r.fullPassMs(), r.transcriptPassMs(), r.notePassMs(), r.fullPassMs() / r.notePassMs());
        }
        return 0;
    }
}
