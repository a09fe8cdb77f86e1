package ai.medscribe.functions.service;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code benchmark}: the diffusion step sweep on {@code samples} notes per step count and layout
 * mode (scaffold and free), optionally against the autoregressive baseline. The work is bounded so
 * that a request stays short: each measurement also runs one warm-up note, so a request costs
 * (samples + 1) x (2 x the sum of the step counts, plus the maximum length when the baseline runs)
 * model passes, at most {@code medscribe.limits.max-benchmark-passes}. The key/value-cached baseline,
 * measured beside the uncached one, is not counted: each of its passes computes one position.
 */
public record BenchmarkInput(List<Integer> stepCounts, int samples, boolean includeAutoregressive) {

    /** The body as sent: a field left out (or null) takes its default. */
    record Request(List<Integer> stepCounts, Integer samples, Boolean includeAutoregressive) {
    }

    static final List<Integer> DEFAULT_STEP_COUNTS = List.of(5, 10, 15, 20, 25);
    /** The layout modes the benchmark measures (InferenceBenchmark.defaultVariants: scaffold, free). */
    static final int MODES = 2;

    static FieldRules rules(RequestLimits limits) {
        return new FieldRules()
                .with("stepCounts", FieldRules.array(1, limits.maxStepCounts()))
                .with("stepCounts[]", FieldRules.integerItem(1, limits.maxLength()))
                .with("samples", FieldRules.integer(1, limits.maxSamples()))
                .with("includeAutoregressive", FieldRules.bool());
    }

    public static BenchmarkInput from(JsonNode body, RequestLimits limits) {
        FieldRules f = rules(limits);
        Request r = RequestReader.read(body, Request.class, f);
        List<Integer> steps = new ArrayList<>();
        List<Integer> items = f.get("stepCounts", r.stepCounts(), List.of());
        for (int i = 0; i < items.size(); i++) {
            steps.add(f.item("stepCounts[]", "stepCounts[" + i + "]", items.get(i)));
        }
        if (steps.isEmpty()) {
            steps.addAll(DEFAULT_STEP_COUNTS.stream().filter(s -> s <= limits.maxLength()).toList());
        }
        int samples = f.get("samples", r.samples(), 4);
        boolean autoregressive = f.get("includeAutoregressive", r.includeAutoregressive(), true);
        long passes = (samples + 1L) * (MODES * steps.stream().mapToInt(Integer::intValue).sum()
                + (autoregressive ? limits.maxLength() : 0));
        if (passes > limits.maxBenchmarkPasses()) {
            throw new BadRequestException("samples", limits.maxBenchmarkPasses() + " model passes",
                    "(samples + 1) x (2 x sum of stepCounts" + (autoregressive ? " + max length " + limits.maxLength() : "")
                            + ") is " + passes + " model passes, over the limit of " + limits.maxBenchmarkPasses()
                            + "; ask for fewer samples or step counts");
        }
        return new BenchmarkInput(List.copyOf(steps), samples, autoregressive);
    }
}
