package ai.medscribe.functions;

/**
 * How the diffusion sampler picks what to commit each step: the most confident positions, random
 * positions (the ablation), or confidence with remasking of committed tokens (ReMDM-style).
 */
public enum UnmaskingStrategy {
    CONFIDENCE, RANDOM, REMASK
}
