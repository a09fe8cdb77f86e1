package ai.medscribe.bundle;

import ai.medscribe.model.ModelConfig;

import java.nio.file.Path;

/**
 * A trained model as the exporter needs it: its config, the seed its graph was built with, the
 * checkpoint ({@code prefix}, as {@code Session.save} wrote it) holding its variables, and its
 * parameter count. Training hands this over, so the bundle never sees the trainer.
 */
public record Checkpoint(ModelConfig config, long initSeed, Path prefix, long parameterCount) {
}
