package ai.medscribe.functions;

import java.util.List;

/**
 * {@code generate}'s answer: the notes, the model that wrote them, the options used (the confidence
 * threshold null for the autoregressive baseline) and the latency.
 */
public record GenerateResponse(List<GeneratedNoteView> notes, ModelInfo model, String mode, String strategy,
        boolean remask, int steps, double temperature, long seed, Double threshold, long latencyMs) {
}
