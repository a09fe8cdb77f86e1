package ai.medscribe.functions;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code generate}: sample {@code count} notes from scratch. */
public record GenerateRequest(int steps, double temperature, int maxLength, long seed, int count,
        UnmaskingStrategy strategy, boolean trace, ModelKind model) {

    static final Set<String> FIELDS = Set.of("steps", "temperature", "maxLength", "seed", "count", "strategy", "trace",
            "model");

    static GenerateRequest from(JsonNode body, RequestLimits limits) {
        RequestFields f = RequestFields.of(body, FIELDS);
        int maxLength = f.integer("maxLength", 1, limits.maxLength(), limits.maxLength());
        return new GenerateRequest(
                f.integer("steps", 1, maxLength, Math.min(20, maxLength)),
                f.positive("temperature", limits.maxTemperature(), 1.0),
                maxLength,
                f.longValue("seed", 0L),
                f.integer("count", 1, limits.maxCount(), 1),
                f.choice("strategy", UnmaskingStrategy.class, UnmaskingStrategy.CONFIDENCE),
                f.bool("trace", false),
                f.choice("model", ModelKind.class, ModelKind.DIFFUSION));
    }
}
