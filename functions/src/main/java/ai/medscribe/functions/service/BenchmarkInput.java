package ai.medscribe.functions.service;

import java.util.ArrayList;
import java.util.List;

import ai.medscribe.functions.api.dto.BenchmarkRequest;
import ai.medscribe.functions.api.dto.RequestLimits;

/**
 * {@code benchmark}: the diffusion step sweep on {@code samples} notes per step count and layout
 * mode (scaffold and free), optionally against the autoregressive baseline. The work is bounded so
 * that a request stays short: each measurement also runs one warm-up note, so a request costs
 * (samples + 1) x (2 x the sum of the step counts, plus the maximum length when the baseline runs)
 * model passes, at most {@code medscribe.limits.max-benchmark-passes}. The key/value-cached baseline,
 * measured beside the uncached one, is not counted: each of its passes computes one position.
 */
public record BenchmarkInput(List<Integer> stepCounts, int samples, boolean includeAutoregressive) {

    static final List<Integer> DEFAULT_STEP_COUNTS = List.of(5, 10, 15, 20, 25);
    /** The layout modes the benchmark measures (InferenceBenchmark.defaultVariants: scaffold, free). */
    static final int MODES = 2;

    /** The request's values, defaults for those left out; the work it asks for within the limit. */
    public static BenchmarkInput of(BenchmarkRequest r, RequestLimits limits) {
        List<Integer> steps = new ArrayList<>(r.stepCounts() == null ? List.of() : r.stepCounts());
        if (steps.isEmpty()) {
            steps.addAll(DEFAULT_STEP_COUNTS.stream().filter(s -> s <= limits.maxLength()).toList());
        }
        int samples = GenerateInput.or(r.samples(), 4);
        boolean autoregressive = GenerateInput.or(r.includeAutoregressive(), true);
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
