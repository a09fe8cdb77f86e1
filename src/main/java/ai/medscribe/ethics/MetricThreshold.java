package ai.medscribe.ethics;

import java.util.Locale;

/**
 * A measured error rate and the values at which it raises the risk level. For a metric where
 * higher is better, a value below {@code medium} is MEDIUM risk and below {@code high} is HIGH;
 * where lower is better, above them.
 */
public record MetricThreshold(String key, String meaning, boolean higherIsBetter, double medium, double high) {

    public RiskLevel levelOf(double value) {
        if (higherIsBetter) {
            return value < high ? RiskLevel.HIGH : value < medium ? RiskLevel.MEDIUM : RiskLevel.LOW;
        }
        return value > high ? RiskLevel.HIGH : value > medium ? RiskLevel.MEDIUM : RiskLevel.LOW;
    }

    /** The rule in words, as printed in the report. */
    public String rule() {
        String cmp = higherIsBetter ? "below" : "above";
        return String.format(Locale.ROOT, "%s (%s): %s %.2f is medium risk, %s %.2f is high risk",
                key, meaning, cmp, medium, cmp, high);
    }
}
