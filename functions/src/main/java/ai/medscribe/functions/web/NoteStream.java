package ai.medscribe.functions.web;

import ai.medscribe.functions.api.FunctionNames;
import ai.medscribe.functions.api.FhirAnswers;
import ai.medscribe.functions.api.FunctionMetrics;
import ai.medscribe.functions.api.dto.GenerateResponse;
import ai.medscribe.functions.api.dto.InfillResponse;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.api.StrictJson;
import ai.medscribe.functions.api.dto.GenerateRequest;
import ai.medscribe.functions.api.dto.InfillRequest;
import ai.medscribe.functions.service.BatchInfillInput;
import ai.medscribe.functions.service.GenerateInput;
import ai.medscribe.functions.service.InfillInput;
import ai.medscribe.functions.service.Limits;
import ai.medscribe.functions.service.NoteWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

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
 * the note is written on a worker thread. The events are live: each {@code step} event is written
 * (chunked) as the sampler finishes that step, through the sampler's per-step listener
 * ({@link ai.medscribe.sample.DiffusionSampler.StepListener}); the first one sends the headers. With
 * batching on, a streamed note does not wait in the batcher's queue: it is written alone, as a batch
 * of one, which is the note the batcher would give it ({@link NoteWriter#generateTraced(GenerateInput,
 * Consumer)}). Should the writing fail after events were sent, an {@code error} event ends the stream.
 */
@ApplicationScoped
public class NoteStream {

    public static final String MEDIA_TYPE = "text/event-stream";
    /** After {@link RequestGuard#ORDER}, before Funqy's routes. */
    static final int ORDER = RequestGuard.ORDER + 5;
    private static final Logger LOG = Logger.getLogger(NoteStream.class);

    private final Limits limits;
    private final StrictJson requests;
    private final NoteWriter writer;
    private final FunctionMetrics metrics;
    private final ObjectMapper json;
    private final Event<StreamedStep> streamed;

    public NoteStream(Limits limits, StrictJson requests, NoteWriter writer, FunctionMetrics metrics, ObjectMapper json,
            Event<StreamedStep> streamed) {
        this.limits = limits;
        this.requests = requests;
        this.writer = writer;
        this.metrics = metrics;
        this.json = json;
        this.streamed = streamed;
    }

    void install(@Observes Router router) {
        router.post("/generate/stream").order(ORDER).blockingHandler(ctx -> stream(ctx, this::generate), false);
        router.post("/infill/stream").order(ORDER).blockingHandler(ctx -> stream(ctx, this::infill), false);
    }

    private NoteWriter.Traced<Object> generate(JsonNode body, Consumer<List<String>> onCanvas) {
        GenerateInput input = GenerateInput.of(requests.bind(body, GenerateRequest.class), limits.current());
        if (input.count() != 1) {
            throw new BadRequestException("count", "1 when streaming", "a stream shows one note forming: ask for count 1");
        }
        if (input.model() != ModelKind.DIFFUSION) {
            throw new BadRequestException("model", "diffusion when streaming",
                    "only the diffusion model has denoising steps to stream");
        }
        NoteWriter.Traced<GenerateResponse> done = metrics.time(FunctionNames.GENERATE, input.model().id(), input.steps(),
                () -> writer.generateTraced(input, onCanvas));
        Object answer = input.format() == OutputFormat.FHIR ? FhirAnswers.generate(done.answer()) : done.answer();
        return new NoteWriter.Traced<>(answer, done.canvases());
    }

    private NoteWriter.Traced<Object> infill(JsonNode body, Consumer<List<String>> onCanvas) {
        InfillRequest request = requests.bind(body, InfillRequest.class);
        if (request.isList()) {
            throw new BadRequestException(BatchInfillInput.FIELD, "absent when streaming",
                    "a stream shows one note forming: send note or sections");
        }
        InfillInput input = InfillInput.of(request, limits.current());
        NoteWriter.Traced<InfillResponse> done = metrics.time(FunctionNames.INFILL, ModelKind.DIFFUSION.id(), input.steps(),
                () -> writer.infillTraced(input, onCanvas));
        Object answer = input.format() == OutputFormat.FHIR ? FhirAnswers.infill(done.answer()) : done.answer();
        return new NoteWriter.Traced<>(answer, done.canvases());
    }

    private void stream(RoutingContext ctx,
            BiFunction<JsonNode, Consumer<List<String>>, NoteWriter.Traced<Object>> write) {
        HttpServerResponse response = ctx.response();
        int[] sent = {0};
        Consumer<List<String>> onCanvas = canvas -> {
            if (sent[0] == 0) {
                start(response);
            }
            int index = sent[0]++;
            if (!response.closed()) {
                response.write(event("step", text(step(index, canvas))));
            }
            streamed.fire(new StreamedStep(index));
        };
        String last;
        try {
            // RequestGuard has checked that the body is one JSON document (an empty one is {}).
            NoteWriter.Traced<Object> done = write.apply(json.readTree(ctx.body().buffer().getBytes()), onCanvas);
            last = event("result", text(done.answer())) + event("end", "{}");
        } catch (RuntimeException | IOException refused) {
            if (sent[0] == 0) {
                // ErrorResponses answers it as the function would (4xx JSON, 503, ...): nothing was sent yet.
                ctx.fail(refused);
            } else {
                LOG.warnf("stream: failed after %d step events: %s", sent[0], refused.getClass().getSimpleName());
                if (!response.closed()) {
                    response.end(event("error", "{\"error\":\"the note could not be finished\"}"));
                }
            }
            return;
        }
        if (sent[0] == 0) {
            start(response);
        }
        if (!response.closed()) {
            response.end(last);
        }
    }

    private static void start(HttpServerResponse response) {
        response.setChunked(true).putHeader("Content-Type", MEDIA_TYPE).putHeader("Cache-Control", "no-cache");
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
