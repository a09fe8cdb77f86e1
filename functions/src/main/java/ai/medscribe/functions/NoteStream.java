package ai.medscribe.functions;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /generate/stream} and {@code POST /infill/stream}: one note as Server-Sent Events, a
 * {@code step} event per canvas of the denoising trace (the start, then after every step), then a
 * {@code result} event holding the answer {@code generate} or {@code infill} gives for the same
 * request, then {@code end}. Funqy cannot stream, so these are plain Vert.x routes beside it: after
 * the body handler, the bearer-token check and the {@link RequestGuard} (POST, JSON), before Funqy.
 * The request is validated as the function's (a refused one is the usual JSON error, no stream) and
 * the note is written on a worker thread, through the batcher like any other note; the events are
 * sent once it is written (the sampler keeps the trace, it has no per-step callback).
 */
@ApplicationScoped
public class NoteStream {

    static final String MEDIA_TYPE = "text/event-stream";
    /** After {@link RequestGuard#ORDER}, before Funqy's routes. */
    static final int ORDER = RequestGuard.ORDER + 5;

    private final Limits limits;
    private final NoteWriter writer;
    private final FunctionMetrics metrics;
    private final ObjectMapper json;

    public NoteStream(Limits limits, NoteWriter writer, FunctionMetrics metrics, ObjectMapper json) {
        this.limits = limits;
        this.writer = writer;
        this.metrics = metrics;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.post("/generate/stream").order(ORDER).blockingHandler(ctx -> stream(ctx, this::generate), false);
        router.post("/infill/stream").order(ORDER).blockingHandler(ctx -> stream(ctx, this::infill), false);
    }

    private NoteWriter.Traced<Object> generate(JsonNode body) {
        GenerateInput input = GenerateInput.from(body, limits.current());
        if (input.count() != 1) {
            throw new BadRequestException("count", "1 when streaming", "a stream shows one note forming: ask for count 1");
        }
        if (input.model() != ModelKind.DIFFUSION) {
            throw new BadRequestException("model", "diffusion when streaming",
                    "only the diffusion model has denoising steps to stream");
        }
        NoteWriter.Traced<GenerateResponse> done = metrics.time("generate", input.model().id(), input.steps(),
                () -> writer.generateTraced(input));
        Object answer = input.format() == OutputFormat.FHIR ? FhirAnswers.generate(done.answer()) : done.answer();
        return new NoteWriter.Traced<>(answer, done.canvases());
    }

    private NoteWriter.Traced<Object> infill(JsonNode body) {
        if (BatchInfillInput.isList(body)) {
            throw new BadRequestException(BatchInfillInput.FIELD, "absent when streaming",
                    "a stream shows one note forming: send note or sections");
        }
        InfillInput input = InfillInput.from(body, limits.current());
        NoteWriter.Traced<InfillResponse> done = metrics.time("infill", ModelKind.DIFFUSION.id(), input.steps(),
                () -> writer.infillTraced(input));
        Object answer = input.format() == OutputFormat.FHIR ? FhirAnswers.infill(done.answer()) : done.answer();
        return new NoteWriter.Traced<>(answer, done.canvases());
    }

    private void stream(RoutingContext ctx, Function<JsonNode, NoteWriter.Traced<Object>> write) {
        String events;
        try {
            // RequestGuard has checked that the body is one JSON document (an empty one is {}).
            NoteWriter.Traced<Object> done = write.apply(json.readTree(ctx.body().buffer().getBytes()));
            events = events(done);
        } catch (RuntimeException | IOException refused) {
            // ErrorResponses answers it as the function would (4xx JSON, 503, ...): nothing was sent yet.
            ctx.fail(refused);
            return;
        }
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Type", MEDIA_TYPE).putHeader("Cache-Control", "no-cache").end(events);
    }

    /** The step events, the result and the end, in the SSE wire format. */
    String events(NoteWriter.Traced<Object> done) throws JsonProcessingException {
        StringBuilder out = new StringBuilder();
        List<List<String>> canvases = done.canvases();
        for (int i = 0; i < canvases.size(); i++) {
            out.append(event("step", json.writeValueAsString(step(i, canvases.get(i)))));
        }
        out.append(event("result", json.writeValueAsString(done.answer())));
        out.append(event("end", "{}"));
        return out.toString();
    }

    /** One canvas: its index (0 = the start), how many positions are still masked, and the tokens as text. */
    static Map<String, Object> step(int index, List<String> tokens) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", index);
        step.put("masked", tokens.stream().filter(Tokenizer.MASK::equals).count());
        step.put("text", tokens.stream().filter(t -> !t.equals(Tokenizer.PAD)).collect(Collectors.joining(" ")));
        step.put("tokens", tokens);
        return step;
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
