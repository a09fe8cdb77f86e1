package ai.medscribe.eval;

import java.util.Arrays;
import java.util.List;

/** Mean, median and 99th percentile of latencies in milliseconds. */
public record LatencyStats(int samples, double meanMs, double p50Ms, double p99Ms) {

    public static LatencyStats of(List<Double> millis) {
        if (millis.isEmpty()) {
            return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LatencyStats(sorted.length, Arrays.stream(sorted).average().orElse(Double.NaN),
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
