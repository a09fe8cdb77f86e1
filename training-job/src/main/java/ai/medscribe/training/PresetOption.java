package ai.medscribe.training;

import picocli.CommandLine.Option;

/** {@code --preset}, checked as it is parsed, so a wrong name exits 2 before any work starts. */
public class PresetOption {

    @Option(names = "--preset", defaultValue = "small", converter = OptionWords.Presets.class,
            completionCandidates = OptionWords.Presets.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Preset preset;

    String value() {
        return preset.id();
    }
}
