package ai.medscribe.functions.api;

import java.util.List;

import ai.medscribe.functions.api.dto.BatchInfillResponse;
import ai.medscribe.functions.api.dto.BenchmarkRequest;
import ai.medscribe.functions.api.dto.BenchmarkResponse;
import ai.medscribe.functions.api.dto.GenerateAnswer;
import ai.medscribe.functions.api.dto.GenerateRequest;
import ai.medscribe.functions.api.dto.GenerateResponse;
import ai.medscribe.functions.api.dto.InfillAnswer;
import ai.medscribe.functions.api.dto.InfillRequest;
import ai.medscribe.functions.api.dto.InfillResponse;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.service.BatchInfillInput;
import ai.medscribe.functions.service.BenchmarkInput;
import ai.medscribe.functions.service.GenerateInput;
import ai.medscribe.functions.service.InfillInput;
import ai.medscribe.functions.service.Limits;
import ai.medscribe.functions.service.NoteWriter;
import ai.medscribe.model.ModelKind;
import io.quarkus.funqy.Funq;

/**
 * generate, infill and benchmark: take the request record (bound strictly and validated before Funqy
 * reads it, by the request gate: web.RequestGuard with {@link StrictJson}), call the {@link NoteWriter},
 * return its record.
 */
public class NoteFunctions {

    private final Limits limits;
    private final NoteWriter writer;
    private final FunctionMetrics metrics;

    public NoteFunctions(Limits limits, NoteWriter writer, FunctionMetrics metrics) {
        this.limits = limits;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** A {@link GenerateResponse}, or with {@code format: fhir} a FHIR document Bundle ({@link FhirAnswers}). */
    @Funq(FunctionNames.GENERATE)
    public GenerateAnswer generate(GenerateRequest request) {
        GenerateInput input = GenerateInput.of(request, limits.current());
        GenerateResponse answer = metrics.time(FunctionNames.GENERATE, input.model().id(), input.steps(), () -> writer.generate(input));
        return input.format() == OutputFormat.FHIR ? FhirAnswers.generate(answer) : answer;
    }

    /**
     * An {@link InfillResponse}, or with {@code format: fhir} a FHIR document Bundle ({@link FhirAnswers});
     * for a list of notes ({@code notes}) a {@link BatchInfillResponse} of one of those per note, in order.
     */
    @Funq(FunctionNames.INFILL)
    public InfillAnswer infill(InfillRequest request) {
        if (request.isList()) {
            BatchInfillInput input = BatchInfillInput.of(request, limits.current());
            List<InfillResponse> answers = metrics.time(FunctionNames.INFILL, ModelKind.DIFFUSION.id(),
                    input.notes().get(0).steps(), () -> writer.infill(input));
            return new BatchInfillResponse(answers.stream().<InfillAnswer>map(a -> input.format() == OutputFormat.FHIR
                    ? FhirAnswers.infill(a) : a).toList());
        }
        InfillInput input = InfillInput.of(request, limits.current());
        InfillResponse answer = metrics.time(FunctionNames.INFILL, ModelKind.DIFFUSION.id(), input.steps(), () -> writer.infill(input));
        return input.format() == OutputFormat.FHIR ? FhirAnswers.infill(answer) : answer;
    }

    @Funq(FunctionNames.BENCHMARK)
    public BenchmarkResponse benchmark(BenchmarkRequest request) {
        BenchmarkInput input = BenchmarkInput.of(request, limits.current());
        return metrics.time(FunctionNames.BENCHMARK, ModelKind.DIFFUSION.id(), 0, () -> writer.benchmark(input));
    }
}
