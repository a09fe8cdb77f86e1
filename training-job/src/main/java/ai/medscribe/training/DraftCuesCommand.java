package ai.medscribe.training;

import ai.medscribe.dialog.MtsDialog;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.draft.TurnSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code draft-cues}: learns each section's cue words from conversation/section pairs (which turns
 * of a long encounter a section is drafted from, {@link TurnSelector}) and writes them as the
 * product's resource.
 */
@Command(name = "draft-cues", mixinStandardHelpOptions = true,
        description = "Learns the section cue words that choose the turns of a long conversation a section is drafted from.")
public class DraftCuesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", defaultValue = "data/mts-dialog/MTS-Dialog-TrainingSet.csv",
            description = "MTS-Dialog pairs, CSV as published (default: ${DEFAULT-VALUE})")
    Path train;

    @Option(names = "--out", defaultValue = "src/main/resources/ai/medscribe/draft/" + TurnSelector.RESOURCE,
            description = "the cue file to write (default: the product's resource, ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(train)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + train);
        }
        var pairs = MtsDialog.read(train);
        TurnSelector selector = TurnSelector.learn(pairs, TurnSelector.source(train.getFileName().toString(), pairs.size()));
        selector.save(out);
        for (MtsHeader header : MtsHeader.values()) {
            var words = selector.cueWords(header, 8);
            if (!words.isEmpty()) {
                System.out.printf("%-14s %s%n", header.csvName(), String.join(" ", words));
            }
        }
        System.out.printf("cue words of %d headers from %d pairs -> %s%n", selector.cues().headers().size(), pairs.size(), out);
        return 0;
    }
}
