package ai.medscribe.bundle;

/** One denoise step's sampled ids [B][L] and the probability of each under softmax(logits / temperature). */
public record DenoiseStep(int[][] ids, float[][] confidence) {
}
