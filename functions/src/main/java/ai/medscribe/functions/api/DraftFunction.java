package ai.medscribe.functions.api;

import ai.medscribe.functions.api.dto.DraftAnswer;
import ai.medscribe.functions.api.dto.DraftRequest;
import ai.medscribe.functions.api.dto.DraftResponse;
import ai.medscribe.functions.service.DraftService;
import io.quarkus.funqy.Funq;

/**
 * {@code draft}: note sections drafted from a conversation transcript. Takes the {@link DraftRequest}
 * (bound strictly and validated before Funqy reads it, by the request gate with {@link StrictJson}:
 * refusals as the service's error body), hands it to the {@link DraftService}, and answers its {@link DraftResponse} (or, with
 * {@code format: fhir}, a FHIR document Bundle).
 */
public class DraftFunction {

    private final DraftService service;
    private final FunctionMetrics metrics;

    public DraftFunction(DraftService service, FunctionMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Funq(FunctionNames.DRAFT)
    public DraftAnswer draft(DraftRequest request) {
        DraftService.Command command = new DraftService.Command(request.transcript(), request.headers(),
                request.modelKind(), request.options());
        DraftResponse answer = metrics.time(FunctionNames.DRAFT, command.model().id(), command.options().steps(),
                () -> service.draft(command));
        return request.fhir() ? DraftFhir.document(answer) : answer;
    }
}
