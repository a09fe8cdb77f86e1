package ai.medscribe.functions.web;

import ai.medscribe.functions.api.FunctionNames;
import ai.medscribe.functions.api.StrictJson;
import ai.medscribe.functions.api.dto.ErrorBody;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.upload.UploadEvent;

import java.io.IOException;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks every function request before Funqy reads it, so a client fault is a 4xx with an
 * {@link ErrorBody} (never a 500, never a log line quoting the request):
 * <ul>
 * <li>functions are called with POST (405 otherwise);</li>
 * <li>a plain request is JSON ({@code application/json}, 415 otherwise); an empty body is {@code {}};</li>
 * <li>a binary CloudEvent (a {@code ce-id} header) has {@code ce-id}, {@code ce-source},
 * {@code ce-type} and a known {@code ce-specversion} (1.0 or 0.3), and JSON data (400 when empty);</li>
 * <li>a structured CloudEvent ({@code application/cloudevents+json}) is a JSON object with
 * {@code id}, {@code source}, {@code type} and a known {@code specversion};</li>
 * <li>every body is one well-formed JSON document (400 otherwise, answered here: Funqy would log the
 * parser's message, which quotes the body);</li>
 * <li>the body (or the event's data) of a function that takes a request record
 * ({@link FunctionNames#REQUEST_TYPES}) binds strictly to that record and passes its Bean Validation
 * ({@link StrictJson}): Funqy binds the record again, leniently, from a body known to be valid;</li>
 * <li>the event data of {@code complete-upload} (a storage notification, whose providers send many
 * fields it does not read) has the shape of an S3 or GCS notification and binds, unknown fields
 * ignored, to its record ({@link UploadEvent#bind}), with the mapper Funqy binds it with.</li>
 * </ul>
 * Failures go to the {@link ErrorResponses} failure handler. Health and metrics ({@code /q/}) pass, and
 * so does the playground page ({@code /playground/}, {@link PlaygroundPage}).
 * The route runs after the body handler and the HTTP security filters (orders below -100) and
 * before Funqy's route.
 */
@ApplicationScoped
public class RequestGuard {

    static final int ORDER = -10;
    static final String PLAYGROUND = "/playground";
    static final Set<String> SPEC_VERSIONS = Set.of("1.0", "0.3");
    private static final int MAX_ATTRIBUTE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

    private final StrictJson requests;
    private final ObjectMapper funqy;

    public RequestGuard(StrictJson requests, ObjectMapper funqy) {
        this.requests = requests;
        this.funqy = funqy;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.path().startsWith("/q/") || request.path().equals("/q") || isPlayground(request.path())) {
            ctx.next();
            return;
        }
        try {
            if (request.method() != HttpMethod.POST) {
                throw new BadRequestException(405, "method not allowed", "method", "POST",
                        "functions are called with POST");
            }
            String type = request.getHeader("Content-Type");
            Buffer body = ctx.body().buffer();
            boolean empty = body == null || body.toString(java.nio.charset.StandardCharsets.UTF_8).isBlank();
            if (type != null && type.startsWith("application/cloudevents+json")) {
                JsonNode event = structured(empty ? null : body);
                bind(request.path(), event.get("type").asText(), event.get("data"));
            } else if (request.headers().contains("ce-id")) {
                bind(request.path(), request.getHeader("ce-type"), binary(request, type, empty ? null : body));
            } else {
                // Funqy's own test for a plain request; anything else it would refuse (and log the type).
                if (type == null || !type.startsWith("application/json")) {
                    throw unsupported();
                }
                if (empty) {
                    ctx.setBody(EMPTY_OBJECT.copy());
                }
                bind(request.path(), null, empty ? JsonNodeFactory.instance.objectNode() : parse(body));
            }
        } catch (BadRequestException refused) {
            ctx.fail(refused);
            return;
        }
        ctx.next();
    }

    /**
     * Binds and validates {@code data} as the request record of the function it calls: for a CloudEvent
     * the one its type names (Funqy routes an event by its type alone, whatever the path), else the one
     * the path names; the storage notification of {@code complete-upload}. Other functions' data passes.
     */
    private void bind(String path, String eventType, JsonNode data) {
        String function = eventType != null
                ? FunctionNames.EVENT_TYPES.getOrDefault(eventType, eventType)
                : path.substring(1);
        Class<?> type = FunctionNames.REQUEST_TYPES.get(function);
        if (FunctionNames.COMPLETE_UPLOAD.equals(function)) {
            UploadEvent.bind(data, funqy);
        } else if (type != null) {
            requests.bind(data, type);
        }
    }

    /** The playground page's files ({@link PlaygroundPage}), read with GET: not a function. */
    static boolean isPlayground(String path) {
        return path.equals(PLAYGROUND) || path.startsWith(PLAYGROUND + "/");
    }

    private static JsonNode binary(HttpServerRequest request, String type, Buffer body) {
        for (String header : new String[] {"ce-id", "ce-source", "ce-type"}) {
            String value = request.getHeader(header);
            if (value == null || value.isBlank() || value.length() > MAX_ATTRIBUTE) {
                throw BadRequestException.invalidCloudEvent(header, "a non-empty string",
                        "a binary CloudEvent needs the " + header + " header (at most " + MAX_ATTRIBUTE + " characters)");
            }
        }
        String version = request.getHeader("ce-specversion");
        if (version == null || !SPEC_VERSIONS.contains(version)) {
            throw BadRequestException.invalidCloudEvent("ce-specversion", "1.0 or 0.3",
                    version == null ? "a binary CloudEvent needs the ce-specversion header"
                            : "unsupported CloudEvents specversion");
        }
        if (type != null && !isJson(type)) {
            throw unsupported();
        }
        if (body == null) {
            throw BadRequestException.invalidCloudEvent("data", "{bucket, name} or {Records: [...]}",
                    "the CloudEvent has no data");
        }
        return parse(body);
    }

    private static JsonNode structured(Buffer body) {
        if (body == null) {
            throw BadRequestException.invalidCloudEvent("body", "a CloudEvent JSON object",
                    "a structured CloudEvent needs a JSON object as its body");
        }
        JsonNode event = parse(body);
        if (!event.isObject()) {
            throw BadRequestException.invalidCloudEvent("body", "a CloudEvent JSON object",
                    "a structured CloudEvent must be a JSON object");
        }
        JsonNode version = event.get("specversion");
        if (version == null || !version.isTextual() || !SPEC_VERSIONS.contains(version.asText())) {
            throw BadRequestException.invalidCloudEvent("specversion", "1.0 or 0.3",
                    version == null ? "the CloudEvent has no specversion" : "unsupported CloudEvents specversion");
        }
        for (String attribute : new String[] {"id", "source", "type"}) {
            JsonNode v = event.get(attribute);
            if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_ATTRIBUTE) {
                throw BadRequestException.invalidCloudEvent(attribute, "a non-empty string",
                        "the CloudEvent needs a string " + attribute + " attribute (at most " + MAX_ATTRIBUTE
                                + " characters)");
            }
        }
        JsonNode contentType = event.get("datacontenttype");
        if (contentType != null && !contentType.isNull() && (!contentType.isTextual() || !isJson(contentType.asText()))) {
            throw new BadRequestException(415, "unsupported media type", "datacontenttype", "application/json",
                    "the CloudEvent data must be JSON");
        }
        return event;
    }

    private static JsonNode parse(Buffer body) {
        try {
            JsonNode node = JSON.readTree(body.getBytes());
            if (node == null || node.isMissingNode()) {
                throw BadRequestException.malformedJson();
            }
            return node;
        } catch (IOException e) {
            // The parser's message quotes the body: neither logged nor answered.
            throw BadRequestException.malformedJson();
        }
    }

    private static boolean isJson(String type) {
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json") && !media.contains("batch");
    }

    private static BadRequestException unsupported() {
        return new BadRequestException(415, "unsupported media type", "Content-Type",
                "application/json|application/cloudevents+json", "send JSON or a CloudEvent");
    }
}
