package ai.medscribe.train;

import java.util.List;

/** A bundle's training.json: the model, the preset and one record per epoch. */
public record TrainingCurves(String modelType, String preset, List<EpochRecord> epochs) {
}
