package ai.medscribe.ethics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class EthicsAssessmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static final String SYNTHETIC = "{\"modelType\":\"diffusion\",\"preset\":\"tiny\",\"parameterCount\":120000,"
            + "\"sha256\":\"abcdef0123456789\",\"corpus\":{\"style\":\"soap\",\"notes\":5000,\"source\":\"synthetic\"}}";

    @Test
    void goodMeasuredRatesOnSyntheticDataAreLowRisk() throws Exception {
        EthicsAssessment a = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion", json(SYNTHETIC),
                json("{\"structure_rate\":0.98,\"phrase_validity\":0.95,\"repetition_rate\":0.02,"
                        + "\"plan_coherence\":0.9,\"rouge_l\":0.41}"))));
        assertEquals(RiskLevel.LOW, a.overallRiskLevel());
        assertTrue(a.justification().contains("structure_rate = 0.980"));
        assertTrue(a.biasRisks().get(0).evidence().contains("5000 notes from source 'synthetic'"));
        assertTrue(a.biasRisks().stream().allMatch(r -> !r.mitigation().isBlank()));
        assertTrue(a.privacyConcerns().stream().allMatch(c -> !c.safeguard().isBlank()));
        assertEquals(EthicsAssessment.THRESHOLDS.size() + 3, a.thresholds().size());
    }

    @Test
    void theModelCardsStatementOfUseIsCitedAsAFinding() throws Exception {
        String card = "# MedScribe small bundles\n\nTrained on synthetic notes.\n"
                + "- Research and demonstration only: not for clinical use.\n";
        EthicsAssessment a = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion", json(SYNTHETIC), null, card)));
        assertTrue(a.findings().stream().anyMatch(f -> f.source().equals("MODEL_CARD.md")
                && f.statement().equals("diffusion: model card: Research and demonstration only: not for clinical use.")),
                a.findings().toString());
        EthicsAssessment none = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion", json(SYNTHETIC), null)));
        assertTrue(none.findings().stream().noneMatch(f -> f.source().equals("MODEL_CARD.md")));
    }

    @Test
    void aHighRepetitionRateMakesTheRiskHighAndSaysWhy() throws Exception {
        EthicsAssessment a = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion", json(SYNTHETIC),
                json("{\"structure_rate\":0.97,\"phrase_validity\":0.95,\"repetition_rate\":0.62,"
                        + "\"plan_coherence\":0.9}"))));
        assertEquals(RiskLevel.HIGH, a.overallRiskLevel());
        assertTrue(a.justification().contains("repetition_rate = 0.620 (62.0%"), a.justification());
        assertFalse(a.justification().contains("structure_rate"));
    }

    @Test
    void missingEvaluationIsMissingEvidenceAndAtLeastMedium() throws Exception {
        EthicsAssessment a = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion", json(SYNTHETIC), null)));
        assertEquals(RiskLevel.MEDIUM, a.overallRiskLevel());
        assertTrue(a.justification().contains("evidence missing"));
    }

    @Test
    void unreadableValuesCountAsUnmeasured() throws Exception {
        EthicsAssessment a = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion", json("{}"),
                json("{\"structure_rate\":\"high\",\"phrase_validity\":1.7,\"repetition_rate\":0.0,"
                        + "\"plan_coherence\":0.99}"))));
        assertEquals(RiskLevel.MEDIUM, a.overallRiskLevel());
        assertTrue(a.justification().contains("structure_rate is not measured"));
        assertTrue(a.justification().contains("phrase_validity is not measured"));
        assertTrue(a.justification().contains("provenance is not recorded"));
    }

    @Test
    void realClinicalNotesWithoutStratifiedEvaluationAreAtLeastMedium() throws Exception {
        EthicsAssessment a = EthicsAssessment.assess(List.of(new BundleEvidence("diffusion",
                json("{\"corpus\":{\"source\":\"mimic-iii\",\"notes\":20000}}"),
                json("{\"structure_rate\":0.99,\"phrase_validity\":0.99,\"repetition_rate\":0.01,"
                        + "\"plan_coherence\":0.99}"))));
        assertEquals(RiskLevel.MEDIUM, a.overallRiskLevel());
        assertTrue(a.justification().contains("historical disparities"));
    }

    @Test
    void noBundleIsMediumWithThatReason() {
        EthicsAssessment a = EthicsAssessment.assess(List.of());
        assertEquals(RiskLevel.MEDIUM, a.overallRiskLevel());
        assertTrue(a.justification().contains("no model bundle is loaded"));
        assertEquals("\"medium\"", assertJson(a.overallRiskLevel()));
    }

    private static String assertJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
