package ai.medscribe.sample;

/**
 * How many masked positions each denoising step commits (LLaDA's {@code get_num_transfer_tokens}):
 * an even share per step, the remainder going to the earliest steps, so that no mask is left after
 * the last step.
 */
public final class UnmaskSchedule {

    private UnmaskSchedule() {
    }

    /** Commit counts for {@code steps} steps over {@code masked} positions; they sum to {@code masked}. */
    public static int[] counts(int masked, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, was " + steps);
        }
        int[] counts = new int[steps];
        int base = masked / steps;
        int remainder = masked % steps;
        for (int s = 0; s < steps; s++) {
            counts[s] = base + (s < remainder ? 1 : 0);
        }
        return counts;
    }

    /** The count for the next step when {@code masked} positions remain and {@code stepsLeft} steps are left. */
    public static int next(int masked, int stepsLeft) {
        return counts(masked, stepsLeft)[0];
    }
}
