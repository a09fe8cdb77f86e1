package ai.medscribe.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.sample.InvalidRequestException;
import ai.medscribe.store.StoreException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns failures into JSON answers. Funqy fails the routing context with the function's exception
 * (or a bare 400 when it cannot parse the body, 404/406 for an unknown function, type or media
 * type); this failure handler, registered on every route, answers them with an {@link ErrorBody}:
 * 4xx for bad requests, 503 when the store or the model is unavailable (so brokers redeliver), 500
 * otherwise. It logs the status and exception class only, never request content.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionMetrics metrics;

    public ErrorResponses(FunctionMetrics metrics) {
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    void answer(RoutingContext ctx) {
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
        } else if (failure instanceof StoreException store) {
            status = store.missing() ? 404 : 503;
            body = new ErrorBody(store.missing() ? "object not found" : "object store unavailable", "store", null,
                    store.missing() ? "the object does not exist" : "the object store cannot be read or written; retry");
        } else if (failure instanceof ModelUnavailableException model) {
            status = 503;
            body = new ErrorBody("model unavailable", "model", null, model.getMessage());
        } else if (causedByJson(failure) || (failure == null && ctx.statusCode() == 400)) {
            status = 400;
            body = new ErrorBody("malformed JSON", "body", "a JSON document",
                    "the request body (or event data) is not valid JSON of the expected shape");
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
            LOG.errorf("function %s failed: %s", ctx.request().path(),
                    failure == null ? "status " + ctx.statusCode() : failure.getClass().getName());
        }
        metrics.error(functionName(ctx), status);
        LOG.debugf("answered %d on %s (%s)", status, ctx.request().path(), body.field());
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    /** Funqy wraps a function's exception (ApplicationException, InvocationTargetException): find ours. */
    private static Throwable known(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadRequestException || c instanceof InvalidRequestException || c instanceof StoreException
                    || c instanceof ModelUnavailableException) {
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

    private static String functionName(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = path.length() > 1 ? path.substring(1) : "";
        return name.matches("[a-z-]{1,32}") ? name : "other";
    }
}
