package ai.medscribe.ethics;

import ai.medscribe.LowerCaseId;
import com.fasterxml.jackson.annotation.JsonValue;

/** The case study's overall risk levels, ordered. */
public enum RiskLevel implements LowerCaseId {
    LOW, MEDIUM, HIGH;

    /** Written as its id in the assessment's JSON. */
    @JsonValue
    @Override
    public String id() {
        return LowerCaseId.super.id();
    }

    public RiskLevel atLeast(RiskLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
