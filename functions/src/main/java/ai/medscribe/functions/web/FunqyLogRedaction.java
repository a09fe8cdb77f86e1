package ai.medscribe.functions.web;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Funqy's request handler logs what it could not handle with the request's own values: the CloudEvent
 * type it could not map, the media type it refused, a parser's message quoting the body, and the
 * exception of a failed call with its message. {@link RequestGuard} answers the known cases before
 * Funqy sees them; this filter on Funqy's log category ({@code io.quarkus.funqy}) is the second line:
 * it keeps each record's level and the text before the first ':' or quote, and drops parameters and
 * the exception, so no request content (and no stack trace) reaches the log from there.
 * {@link ErrorResponses} logs every 500 with exception classes and frames.
 */
@ApplicationScoped
public class FunqyLogRedaction implements Filter {

    static final String CATEGORY = "io.quarkus.funqy";
    /** Held so the configured logger (and its filter) stays: java.util.logging keeps loggers weakly. */
    private static volatile Logger funqy;

    void install(@Observes StartupEvent start) {
        Logger logger = Logger.getLogger(CATEGORY);
        logger.setFilter(new FunqyLogRedaction());
        funqy = logger;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        record.setMessage(redact(record.getMessage()));
        record.setParameters(null);
        record.setThrown(null);
        return true;
    }

    static String redact(String message) {
        if (message == null) {
            return null;
        }
        int cut = message.length();
        for (char stop : new char[] {':', '\'', '"', '\n', '%', '{'}) {
            int at = message.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String kept = message.substring(0, Math.min(cut, 120)).trim();
        return kept.length() == message.length() ? kept : kept + " (details not logged)";
    }
}
