package ai.medscribe.training;

import ai.medscribe.model.ModelConfig;

/** The model sizes of {@code --preset}, as {@link ModelConfig#preset} names them. */
enum Preset {
    TINY, SMALL, BASE;

    /** The name {@link ModelConfig#preset} and the bundle's metadata use. */
    String id() {
        return OptionWords.word(this);
    }
}
