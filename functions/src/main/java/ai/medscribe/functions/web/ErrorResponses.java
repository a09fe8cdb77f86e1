package ai.medscribe.functions.web;

import ai.medscribe.functions.api.FunctionNames;
import ai.medscribe.functions.api.FunctionMetrics;
import ai.medscribe.functions.api.dto.ErrorBody;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.service.ModelUnavailableException;
import ai.medscribe.functions.service.OverloadedException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.sample.InvalidRequestException;
import ai.medscribe.store.ObjectRefusedException;
import ai.medscribe.store.StoreException;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns failures into JSON answers. Funqy fails the routing context with the function's exception
 * (or a bare 400 when it cannot parse the body, 404/406 for an unknown function, type or media
 * type); this failure handler, registered on every route, answers them with an {@link ErrorBody}:
 * 4xx for bad requests (429 with Retry-After when the batching queue is full; 413/422 for an object
 * the store refuses for good: too large, a folder, a FIFO), 503 when the store or the model is
 * unavailable (so brokers redeliver; a store 503 carries Retry-After and is logged at WARN with its
 * cause's classes), 500 otherwise. Client faults (4xx) are not logged
 * above DEBUG and never with a stack trace; a 500 is logged with the exception classes and stack
 * frames only: no exception message (a parser's or a file system's message can quote request content
 * or an object key), no path, no request content.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds a caller should wait after a store failure (a 503) before retrying. */
    static final int STORE_RETRY_AFTER_SECONDS = 5;

    private final FunctionMetrics metrics;

    public ErrorResponses(FunctionMetrics metrics) {
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
        // A path no route serves: the same JSON answer instead of Vert.x's HTML page.
        router.errorHandler(404, this::notFound);
    }

    void notFound(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.request().path().startsWith("/q/")) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        answer(ctx);
    }

    void answer(RoutingContext ctx) {
        if (!ctx.response().ended() && refusedCaller(ctx)) {
            return;
        }
        if (ctx.response().ended() || ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        Throwable failure = known(ctx.failure());
        int status;
        ErrorBody body;
        if (failure instanceof BadRequestException bad) {
            status = bad.status();
            body = bad.body();
        } else if (failure instanceof InvalidRequestException invalid) {
            // The sampler's own checks (a length or note longer than the model holds).
            status = 400;
            body = new ErrorBody("invalid request", invalid.field(), null, invalid.getMessage());
        } else if (failure instanceof ObjectRefusedException refused) {
            // permanent: a broker must not redeliver (it dead-letters the event with this answer)
            boolean tooLarge = refused.reason() == ObjectRefusedException.Reason.TOO_LARGE;
            status = tooLarge ? 413 : 422;
            body = tooLarge
                    ? new ErrorBody("invalid request", "object", refused.limit(),
                            "the object is over the limit of " + refused.limit() + " bytes; it was not read")
                    : new ErrorBody("invalid request", "key", "a regular file", "the key does not name a regular file");
        } else if (failure instanceof StoreException store) {
            status = store.missing() ? 404 : 503;
            body = new ErrorBody(store.missing() ? "object not found" : "object store unavailable", "store", null,
                    store.missing() ? "the object does not exist" : "the object store cannot be read or written; retry");
            if (!store.missing()) {
                ctx.response().putHeader("Retry-After", String.valueOf(STORE_RETRY_AFTER_SECONDS));
                // the cause's classes only: the message would name the key (or quote a path)
                LOG.warnf("function %s: object store unavailable (%s); answered 503", functionName(ctx), causes(store));
            }
        } else if (failure instanceof OverloadedException busy) {
            status = 429;
            body = new ErrorBody("overloaded", "request", busy.maxQueue(), busy.getMessage());
            ctx.response().putHeader("Retry-After", String.valueOf(busy.retryAfterSeconds()));
        } else if (failure instanceof ModelUnavailableException model) {
            status = 503;
            body = new ErrorBody("model unavailable", "model", null, model.getMessage());
        } else if (causedByJson(failure) || (failure == null && ctx.statusCode() == 400)) {
            status = 400;
            body = BadRequestException.malformedJson().body();
        } else if (failure instanceof IllegalArgumentException && isCloudEvent(ctx)) {
            // Funqy's CloudEvent reader throws this when the event has no data to read.
            status = 400;
            body = new ErrorBody("invalid CloudEvent", "data", "{bucket, name} or {Records: [...]}",
                    "the CloudEvent has no readable data");
        } else if (failure == null && ctx.statusCode() == 404) {
            status = 404;
            body = new ErrorBody("no such function", "path", null,
                    "no function at this path, or no function for this CloudEvent type");
        } else if (failure == null && ctx.statusCode() == 406) {
            status = 415;
            body = new ErrorBody("unsupported media type", "Content-Type",
                    "application/json|application/cloudevents+json", "send JSON or a CloudEvent");
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            status = ctx.statusCode();
            body = new ErrorBody("bad request", "request", null, "the request was refused");
        } else {
            status = 500;
            body = new ErrorBody("internal error", null, null, "the function failed; see the service log");
            LOG.errorf("function %s failed: %s", functionName(ctx),
                    failure == null ? "status " + ctx.statusCode() : trace(failure));
        }
        metrics.error(functionName(ctx), status);
        LOG.debugf("answered %d on %s: %s", status, functionName(ctx), body.error());
        send(ctx, status, body);
    }

    /**
     * A caller refused by {@link BearerTokenPolicy} or by the token check (any path, metrics included):
     * 401 with {@code WWW-Authenticate: Bearer} (RFC 6750) when the token is missing or was refused,
     * 403 when a valid token may not call this function. Why a token was refused (signature, issuer,
     * expiry) is neither answered nor logged: the token and its claims are the caller's.
     */
    private boolean refusedCaller(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status;
        ErrorBody body;
        if (failure instanceof ForbiddenException) {
            status = 403;
            body = new ErrorBody("forbidden", "Authorization", null, "this token may not call this function");
        } else if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException
                || failure == null && ctx.statusCode() == 401) {
            status = 401;
            boolean sent = ctx.request().getHeader("Authorization") != null;
            body = new ErrorBody("unauthorized", "Authorization", "Bearer <JWT>", sent
                    ? "the bearer token was refused: its signature, issuer or audience is wrong, it has expired, or it is not a JWT"
                    : "this endpoint needs a bearer token: send Authorization: Bearer <JWT>");
            ctx.response().putHeader("WWW-Authenticate", sent ? "Bearer error=\"invalid_token\"" : "Bearer");
        } else {
            return false;
        }
        metrics.error(functionName(ctx), status);
        LOG.debugf("answered %d on %s: %s", status, functionName(ctx), body.error());
        send(ctx, status, body);
        return true;
    }

    private static void send(RoutingContext ctx, int status, ErrorBody body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    /**
     * The exception classes and their top stack frames, causes included, without any message: enough
     * to find the failing code, nothing from the request.
     */
    static String trace(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause(), depth++) {
            out.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(6, frames.length); i++) {
                out.append("\n\tat ").append(frames[i]);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return out.toString();
    }

    /** The classes of an exception's causes, outermost first, without messages. */
    static String causes(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure.getCause(); t != null && depth < 8; t = t.getCause(), depth++) {
            out.append(depth == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return out.length() == 0 ? "no cause" : out.toString();
    }

    /** Funqy wraps a function's exception (ApplicationException, InvocationTargetException): find ours. */
    private static Throwable known(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadRequestException || c instanceof InvalidRequestException || c instanceof StoreException
                    || c instanceof ModelUnavailableException || c instanceof OverloadedException) {
                return c;
            }
        }
        return t;
    }

    private static boolean isCloudEvent(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return ctx.request().headers().contains("ce-id") || type != null && type.startsWith("application/cloudevents");
    }

    private static boolean causedByJson(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The function a path names, or "other": a path is request content, so only known names are logged or tagged.
     * A CloudEvent posted to {@code /} is named by its type: a mapped trigger type ({@link FunctionNames#EVENT_TYPES}) or a
     * type that is a function's name (Funqy's default mapping).
     */
    static String functionName(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = path != null && path.length() > 1 ? path.substring(1) : "";
        if (name.isEmpty() && isCloudEvent(ctx)) {
            String type = eventType(ctx);
            if (type != null) {
                name = FunctionNames.EVENT_TYPES.getOrDefault(type, type);
            }
        }
        return FunctionNames.ALL.contains(name) ? name : "other";
    }


    /** The ce-type header of a binary CloudEvent, or the type attribute of a structured one (null when unreadable). */
    private static String eventType(RoutingContext ctx) {
        String header = ctx.request().getHeader("ce-type");
        if (header != null) {
            return header;
        }
        try {
            var body = ctx.body() == null ? null : ctx.body().buffer();
            if (body == null || body.length() == 0 || body.length() > 1 << 20) {
                return null;
            }
            com.fasterxml.jackson.databind.JsonNode type = JSON.readTree(body.getBytes()).get("type");
            return type != null && type.isTextual() ? type.asText() : null;
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
