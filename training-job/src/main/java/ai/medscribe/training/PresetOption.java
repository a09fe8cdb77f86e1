package ai.medscribe.training;

import ai.medscribe.model.ModelConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --preset}, checked as it is parsed, so a wrong name exits 2 before any work starts. */
public class PresetOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private String preset = "small";

    @Option(names = "--preset", defaultValue = "small", description = "tiny | small | base (default: ${DEFAULT-VALUE})")
    void preset(String name) {
        if (!ModelConfig.PRESETS.contains(name)) {
            throw new ParameterException(mixee.commandLine(),
                    "unknown preset '" + name + "' (expected " + ModelConfig.PRESETS + ")");
        }
        preset = name;
    }

    String value() {
        return preset;
    }
}
