package ai.medscribe.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code benchmark}: the step sweep, optionally against the autoregressive baseline. */
public record BenchmarkRequest(List<Integer> stepCounts, int samples, boolean includeAutoregressive) {

    static final Set<String> FIELDS = Set.of("stepCounts", "samples", "includeAutoregressive");

    static BenchmarkRequest from(JsonNode body, RequestLimits limits) {
        RequestFields f = RequestFields.of(body, FIELDS);
        List<Integer> steps = new ArrayList<>();
        List<JsonNode> items = f.array("stepCounts", 1, limits.maxStepCounts());
        for (int i = 0; i < items.size(); i++) {
            String field = "stepCounts[" + i + "]";
            JsonNode v = items.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new BadRequestException(field, "1.." + limits.maxLength(), field + " must be an integer");
            }
            steps.add(RequestFields.checkRange(field, v.asInt(), 1, limits.maxLength()));
        }
        if (steps.isEmpty()) {
            steps.addAll(List.of(5, 10, 15, 20, 25).stream().filter(s -> s <= limits.maxLength()).toList());
        }
        return new BenchmarkRequest(List.copyOf(steps), f.integer("samples", 1, limits.maxSamples(), 8),
                f.bool("includeAutoregressive", true));
    }
}
