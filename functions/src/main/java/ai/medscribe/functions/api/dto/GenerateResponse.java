package ai.medscribe.functions.api.dto;

import java.util.List;

/**
 * {@code generate}'s answer: the notes, the model that wrote them, the options used (the confidence
 * threshold null for the autoregressive baseline) and the latency.
 */
public record GenerateResponse(List<GeneratedNoteView> notes, ModelInfo model, String mode, String strategy,
        boolean remask, int steps, double temperature, long seed, Double threshold, long latencyMs) implements GenerateAnswer {

    /** The same answer without the notes' traces (a streamed note keeps its trace for the events only). */
    public GenerateResponse withoutTrace() {
        List<GeneratedNoteView> bare = notes.stream().map(n -> new GeneratedNoteView(n.text(), n.sections(), n.tokens(),
                n.structure(), n.errors(), null, n.passes())).toList();
        return new GenerateResponse(bare, model, mode, strategy, remask, steps, temperature, seed, threshold, latencyMs);
    }
}
