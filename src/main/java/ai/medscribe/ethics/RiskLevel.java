package ai.medscribe.ethics;

import com.fasterxml.jackson.annotation.JsonValue;

/** The case study's overall risk levels, ordered. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public RiskLevel atLeast(RiskLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
