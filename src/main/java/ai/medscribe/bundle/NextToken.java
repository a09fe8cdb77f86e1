package ai.medscribe.bundle;

/** The AR model's sampled next token per sequence and its probability. */
public record NextToken(int[] ids, float[] confidence) {
}
