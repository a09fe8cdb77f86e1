package ai.medscribe.training;

import picocli.CommandLine.Option;

/** {@code --epochs}, shared by {@code train} and {@code all}: 0 means each preset's own number. */
public class EpochsOption {

    @Option(names = "--epochs", defaultValue = "0", description = "epochs (default: the preset's)")
    int epochs;

    int value() {
        return epochs;
    }
}
