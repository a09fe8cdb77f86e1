package ai.medscribe.train;

/** Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then cosine decay to {@code floor} at {@code totalSteps}. */
public record LearningRateSchedule(double peak, double floor, int warmupSteps, int totalSteps) {

    public double rate(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
