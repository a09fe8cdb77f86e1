package ai.medscribe.functions.api;

import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.functions.api.dto.DraftRequest;
import ai.medscribe.functions.api.dto.DraftResponse;
import ai.medscribe.functions.service.DraftService;
import io.quarkus.funqy.Funq;

/**
 * {@code draft}: note sections drafted from a conversation transcript. Binds and validates the
 * {@link DraftRequest} ({@link StrictJson}: Jackson, then Bean Validation, refusals as the service's
 * error body), hands it to the {@link DraftService}, and answers its {@link DraftResponse} (or, with
 * {@code format: fhir}, a FHIR document Bundle).
 */
public class DraftFunction {

    private final Validator validator;
    private final DraftService service;
    private final FunctionMetrics metrics;

    public DraftFunction(Validator validator, DraftService service, FunctionMetrics metrics) {
        this.validator = validator;
        this.service = service;
        this.metrics = metrics;
    }

    @Funq(FunctionNames.DRAFT)
    public Object draft(JsonNode body) {
        DraftRequest request = StrictJson.bind(body, DraftRequest.class, validator);
        DraftService.Command command = new DraftService.Command(request.transcript(), request.headers(),
                request.modelKind(), request.options());
        DraftResponse answer = metrics.time(FunctionNames.DRAFT, command.model().id(), command.options().steps(),
                () -> service.draft(command));
        return request.fhir() ? DraftFhir.document(answer) : answer;
    }
}
