package ai.medscribe.training;

import picocli.CommandLine.Option;

/** {@code --samples}, shared by {@code evaluate} and {@code all}: how many notes each evaluation row writes. */
public class SamplesOption {

    @Option(names = "--samples", defaultValue = "100", description = "notes per evaluation row (default: ${DEFAULT-VALUE})")
    int samples;

    int value() {
        return samples;
    }
}
