package ai.medscribe.training;

import picocli.CommandLine.Option;

/** {@code --seed}, shared by every command that draws at random: one number makes a run repeatable. */
public class SeedOption {

    @Option(names = "--seed", defaultValue = "42",
            description = "seed of every random draw: corpus, split, masks, sampling (default: ${DEFAULT-VALUE})")
    long seed;

    long value() {
        return seed;
    }
}
