package ai.medscribe.training;

import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.draft.DraftBundle;
import ai.medscribe.draft.Drafter;
import ai.medscribe.draft.Support;
import ai.medscribe.draft.TurnSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code draft}: drafts note sections from a transcript file with a drafting bundle and prints them with their support. */
@Command(name = "draft", mixinStandardHelpOptions = true,
        description = "Drafts note sections from a conversation transcript (Doctor:/Patient: lines) with a drafting bundle.")
public class DraftCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--transcript", required = true, description = "a UTF-8 text file: one turn a line, 'Doctor: ...' / 'Patient: ...'")
    Path transcript;

    @Option(names = "--sections", split = ",", defaultValue = "HPI",
            description = "sections to draft, e.g. HPI,ROS,ASSESSMENT,PLAN or MTS-Dialog headers like CC, MEDICATIONS (default: ${DEFAULT-VALUE})")
    List<String> sections;

    @Option(names = "--bundle", defaultValue = "models/drafting/diffusion", description = "drafting bundle (default: ${DEFAULT-VALUE})")
    Path bundle;

    @Option(names = "--steps", defaultValue = "" + Drafter.Options.DEFAULT_STEPS, description = "diffusion passes at most (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--threshold", defaultValue = "" + Drafter.Options.DEFAULT_THRESHOLD,
            description = "diffusion: commit every word at least this sure in a pass (default: ${DEFAULT-VALUE})")
    double threshold;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(transcript)) {
            throw new ParameterException(spec.commandLine(), "--transcript " + transcript + " is not a file");
        }
        List<MtsHeader> headers;
        Drafter.Options options;
        try {
            headers = sections.stream().map(MtsHeader::parse).toList();
            options = new Drafter.Options(steps, threshold);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String text = Files.readString(transcript, StandardCharsets.UTF_8);
        try (DraftBundle loaded = DraftBundle.load(bundle)) {
            Drafter drafter = new Drafter(loaded);
            TurnSelector selector = TurnSelector.standard();
            int region = loaded.config().sourceLength();
            TurnSelector.Transcript whole = TurnSelector.Transcript.of(text, loaded.tokenizer());
            System.out.printf("model %s (%s), hash %s%n", loaded.metadata().modelType().id(), loaded.metadata().preset(),
                    loaded.metadata().modelHash().substring(0, 12));
            for (MtsHeader header : headers) {
                TurnSelector.Window window = selector.select(whole, header, loaded.tokenizer(), region);
                Drafter.Draft draft = drafter.draft(window.text(), header, options, window.cut());
                System.out.printf("%n%s: %s%n", header.sectionName(), draft.text());
                if (window.selected()) {
                    System.out.printf("  (drafted from turns %d-%d of %d%s: the transcript is over the model's %d tokens)%n",
                            window.from() + 1, window.to(), window.turns(), window.cut() ? ", cut" : "", region);
                }
                for (Support.Sentence s : Support.link(draft.text(), text)) {
                    if (!s.supported()) {
                        System.out.println("  no source in the transcript: \"" + s.text() + "\"");
                    }
                }
                System.out.printf("  (%d passes, %.0f ms)%n", draft.passes(), draft.millis());
            }
            return 0;
        }
    }
}
