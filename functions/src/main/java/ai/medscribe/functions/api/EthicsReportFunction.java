package ai.medscribe.functions.api;

import ai.medscribe.functions.api.dto.EthicsReport;
import ai.medscribe.functions.api.dto.EthicsRequest;
import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.bundles.LoadedBundle;

import java.util.List;

import ai.medscribe.ethics.EthicsAssessment;
import ai.medscribe.ethics.PhiDetector;
import io.quarkus.funqy.Funq;

/** ethics-report: the assessment backed by the loaded bundles, plus PHI-like spans of a given note. */
public class EthicsReportFunction {

    private final BundleRegistry registry;
    private final FunctionMetrics metrics;

    public EthicsReportFunction(BundleRegistry registry, FunctionMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Funq(FunctionNames.ETHICS_REPORT)
    public EthicsReport ethicsReport(EthicsRequest request) {
        return metrics.time(FunctionNames.ETHICS_REPORT, "none", 0, () -> {
            List<LoadedBundle> bundles = registry.loaded();
            EthicsAssessment assessment = EthicsAssessment.assess(bundles.stream().map(LoadedBundle::evidence).toList());
            return new EthicsReport(assessment,
                    request.note() == null ? List.of() : PhiDetector.instance().detect(request.note()),
                    bundles.stream().map(LoadedBundle::name).toList());
        });
    }
}
