package ai.medscribe.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The headline figures at the top of evaluation.json: one model's default row (the ones the ethics
 * report judges), its latency and the speedups. {@code Evaluation} writes it and the detailed rows
 * after it; readers bind only this part and ignore the rest. A figure that is missing or not a
 * number reads as null (not measured), so a hand-edited or older file still reads.
 */
@JsonPropertyOrder({EvaluationSummary.MODEL, EvaluationSummary.VARIANT, EvaluationSummary.STEPS,
        EvaluationSummary.MEAN_PASSES, EvaluationSummary.SAMPLES, EvaluationSummary.STRUCTURE_RATE,
        EvaluationSummary.PHRASE_VALIDITY, EvaluationSummary.REPETITION_RATE, EvaluationSummary.PLAN_COHERENCE,
        EvaluationSummary.ROUGE_L, EvaluationSummary.ROUGE_L_VARIANT, EvaluationSummary.LATENCY_MS,
        EvaluationSummary.HARDWARE, EvaluationSummary.SPEEDUP, EvaluationSummary.SPEEDUP_VS_CACHED})
public record EvaluationSummary(
        @JsonProperty(MODEL) String model,
        @JsonProperty(VARIANT) String variant,
        @JsonProperty(STEPS) @JsonDeserialize(using = LenientInteger.class) Integer steps,
        @JsonProperty(MEAN_PASSES) @JsonDeserialize(using = LenientDouble.class) Double meanPasses,
        @JsonProperty(SAMPLES) @JsonDeserialize(using = LenientInteger.class) Integer samples,
        @JsonProperty(STRUCTURE_RATE) @JsonDeserialize(using = LenientDouble.class) Double structureRate,
        @JsonProperty(PHRASE_VALIDITY) @JsonDeserialize(using = LenientDouble.class) Double phraseValidity,
        @JsonProperty(REPETITION_RATE) @JsonDeserialize(using = LenientDouble.class) Double repetitionRate,
        @JsonProperty(PLAN_COHERENCE) @JsonDeserialize(using = LenientDouble.class) Double planCoherence,
        @JsonProperty(ROUGE_L) @JsonDeserialize(using = LenientDouble.class) Double rougeL,
        @JsonProperty(ROUGE_L_VARIANT) String rougeLVariant,
        @JsonProperty(LATENCY_MS) Latency latencyMs,
        @JsonProperty(HARDWARE) String hardware,
        @JsonProperty(SPEEDUP) @JsonDeserialize(using = LenientDouble.class) Double speedupVsAutoregressive,
        @JsonProperty(SPEEDUP_VS_CACHED) @JsonDeserialize(using = LenientDouble.class) Double speedupVsCachedAutoregressive) {

    public static final String FILE_NAME = "evaluation.json";

    public static final String MODEL = "model";
    public static final String VARIANT = "variant";
    public static final String STEPS = "steps";
    public static final String MEAN_PASSES = "mean_passes";
    public static final String SAMPLES = "samples";
    public static final String STRUCTURE_RATE = "structure_rate";
    public static final String PHRASE_VALIDITY = "phrase_validity";
    public static final String REPETITION_RATE = "repetition_rate";
    public static final String PLAN_COHERENCE = "plan_coherence";
    public static final String ROUGE_L = "rouge_l";
    public static final String ROUGE_L_VARIANT = "rouge_l_variant";
    public static final String LATENCY_MS = "latency_ms";
    public static final String HARDWARE = "hardware";
    public static final String SPEEDUP = "speedup_vs_autoregressive";
    public static final String SPEEDUP_VS_CACHED = "speedup_vs_cached_autoregressive";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Note latency in milliseconds. */
    @JsonPropertyOrder({"mean", "p50", "p99"})
    public record Latency(@JsonDeserialize(using = LenientDouble.class) Double mean,
                          @JsonDeserialize(using = LenientDouble.class) Double p50,
                          @JsonDeserialize(using = LenientDouble.class) Double p99) {
    }

    /** The figure under {@code key}, one of the fraction keys above (null when not measured). */
    public Double figure(String key) {
        return switch (key) {
            case STRUCTURE_RATE -> structureRate;
            case PHRASE_VALIDITY -> phraseValidity;
            case REPETITION_RATE -> repetitionRate;
            case PLAN_COHERENCE -> planCoherence;
            case ROUGE_L -> rougeL;
            default -> throw new IllegalArgumentException("not a headline figure of " + FILE_NAME + ": " + key);
        };
    }

    /** The bundle's evaluation.json, or null when it has none. */
    public static EvaluationSummary read(Path bundleDir) throws IOException {
        Path file = bundleDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(FILE_NAME + " cannot be read as JSON (" + e.getClass().getSimpleName() + ")");
        }
        return of(tree);
    }

    /**
     * The summary of a parsed evaluation.json; null when it is not a JSON object, every figure null
     * when its headline cannot be bound (e.g. a latency that is not an object).
     */
    public static EvaluationSummary of(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        try {
            return JSON.treeToValue(tree, EvaluationSummary.class);
        } catch (IOException | IllegalArgumentException e) {
            return new EvaluationSummary(null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }
    }

    /** A number, or null for anything else. */
    static final class LenientDouble extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken().isNumeric()) {
                return p.getDoubleValue();
            }
            p.skipChildren();
            return null;
        }

        @Override
        public Double getNullValue(DeserializationContext ctx) {
            return null;
        }
    }

    /** A whole number, or null for anything else. */
    static final class LenientInteger extends JsonDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            p.skipChildren();
            return null;
        }

        @Override
        public Integer getNullValue(DeserializationContext ctx) {
            return null;
        }
    }
}
