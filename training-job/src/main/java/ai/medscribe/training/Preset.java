package ai.medscribe.training;

import ai.medscribe.LowerCaseId;
import ai.medscribe.model.ModelConfig;

/** The model sizes of {@code --preset}, as {@link ModelConfig#preset} names them. */
enum Preset implements LowerCaseId {
    TINY, SMALL, BASE
}
