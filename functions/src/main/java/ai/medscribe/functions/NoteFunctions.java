package ai.medscribe.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.note.Section;
import ai.medscribe.note.SoapNote;
import io.quarkus.funqy.Funq;

/**
 * generate, infill and benchmark: validate, call the model, return a record. generate and
 * benchmark validate fully and answer 503 until the sampler is wired (the lead's step);
 * infill runs through the {@link NoteCompleter} bean when there is one.
 */
public class NoteFunctions {

    private final Limits limits;
    private final BundleRegistry registry;
    private final Instance<NoteCompleter> completer;
    private final FunctionMetrics metrics;

    public NoteFunctions(Limits limits, BundleRegistry registry, Instance<NoteCompleter> completer,
            FunctionMetrics metrics) {
        this.limits = limits;
        this.registry = registry;
        this.completer = completer;
        this.metrics = metrics;
    }

    @Funq
    public JsonNode generate(JsonNode body) {
        GenerateRequest request = GenerateRequest.from(body, limits.current());
        return metrics.time("generate", request.model().bundleName(), request.steps(), () -> {
            requireBundle(request.model());
            throw new ModelUnavailableException("generate is not wired to the sampler yet");
        });
    }

    @Funq
    public InfillResponse infill(JsonNode body) {
        InfillRequest request = InfillRequest.from(body, limits.current());
        return metrics.time("infill", ModelKind.DIFFUSION.bundleName(), request.steps(), () -> {
            long start = System.nanoTime();
            NoteCompleter.Completion done = completer().complete(request.given().sections(), request.generate(),
                    request.lengths(), request.steps(), request.temperature(), request.seed());
            List<Section> given = new ArrayList<>(request.given().sections().keySet());
            given.removeAll(request.generate());
            Map<Section, String> sections = done.sections();
            return new InfillResponse(SoapNote.of(sections).text(), sections, request.generate(),
                    Section.SOAP.stream().filter(given::contains).toList(), done.modelHash(), request.steps(),
                    request.seed(), (System.nanoTime() - start) / 1_000_000);
        });
    }

    @Funq
    public JsonNode benchmark(JsonNode body) {
        BenchmarkRequest request = BenchmarkRequest.from(body, limits.current());
        return metrics.time("benchmark", ModelKind.DIFFUSION.bundleName(), 0, () -> {
            requireBundle(ModelKind.DIFFUSION);
            if (request.includeAutoregressive()) {
                requireBundle(ModelKind.AUTOREGRESSIVE);
            }
            throw new ModelUnavailableException("benchmark is not wired to the sampler yet");
        });
    }

    private void requireBundle(ModelKind kind) {
        if (registry.bundle(kind).isEmpty()) {
            throw new ModelUnavailableException("the " + kind.bundleName() + " bundle is not loaded: "
                    + registry.status().reason());
        }
    }

    private NoteCompleter completer() {
        if (!completer.isResolvable()) {
            throw new ModelUnavailableException("note completion is not wired to the sampler yet");
        }
        return completer.get();
    }
}
