package ai.medscribe.functions.api.dto;

import java.util.List;

import ai.medscribe.ethics.EthicsAssessment;
import ai.medscribe.ethics.PhiSpan;

/** {@code ethics-report}'s answer: the assessment, and the PHI-like spans of the note if one was given. */
public record EthicsReport(EthicsAssessment assessment, List<PhiSpan> phiSpans, List<String> models) {
}
