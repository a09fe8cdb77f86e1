package ai.medscribe.train;

/** Progress callbacks of the trainer (a terminal progress bar in the training job). */
public interface TrainingListener {

    default void epochStarted(int epoch, int epochs, int steps) {
    }

    default void stepFinished(int step, double loss, double sequencesPerSecond) {
    }

    default void epochFinished(EpochRecord record) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
