package ai.medscribe.functions.api.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code draft} answer: the model and its bundle's hash, the transcript's SHA-256 (never its
 * text), the options used (steps and threshold for diffusion only), and each section drafted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DraftResponse(String model, String modelHash, String transcriptSha256, Integer steps, Double threshold,
        List<Section> sections) implements DraftAnswer {

    /**
     * One drafted section: its product name (HPI for GENHX) and MTS header, the text, the model passes
     * and wall time it took, always {@code generated: true}, and its sentences with the transcript turns
     * (0-based) that support them; {@code unsupportedSentences} counts those with too little support;
     * {@code turns}, present when the transcript is over the model's transcript region, the turns the
     * section was drafted from (absent otherwise).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Section(String name, String header, String text, int passes, double millis, boolean generated,
            List<Sentence> sentences, int unsupportedSentences, Turns turns) {
    }

    /** Turns {@code from} (0-based, inclusive) to {@code to} (exclusive) of the transcript's {@code of} turns. */
    public record Turns(int from, int to, int of) {
    }

    /** A sentence of a drafted section, its supporting turns (best first) and whether they are enough. */
    public record Sentence(String text, List<Integer> turns, boolean supported) {
    }
}
