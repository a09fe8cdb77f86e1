package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.ErrorBody;

/**
 * A request the service refuses: answered with {@code status} (4xx) and an {@link ErrorBody}. The
 * message is the service's own text: it never quotes request content.
 */
public class BadRequestException extends RuntimeException {

    private final int status;
    private final String error;
    private final String field;
    private final Object limit;

    public BadRequestException(int status, String error, String field, Object limit, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
        this.limit = limit;
    }

    public BadRequestException(int status, String field, Object limit, String message) {
        this(status, "invalid request", field, limit, message);
    }

    public BadRequestException(String field, Object limit, String message) {
        this(400, field, limit, message);
    }

    /** A body (or event data) that is not one JSON document. */
    public static BadRequestException malformedJson() {
        return new BadRequestException(400, "malformed JSON", "body", "a JSON document",
                "the request body (or event data) is not valid JSON of the expected shape");
    }

    /** A CloudEvent without a required attribute, or with one the service does not accept. */
    public static BadRequestException invalidCloudEvent(String field, Object limit, String message) {
        return new BadRequestException(400, "invalid CloudEvent", field, limit, message);
    }

    /** The same refusal for a field of an item of a list: {@code within("notes[1]")} names {@code notes[1].note}. */
    BadRequestException within(String item) {
        return new BadRequestException(status, error, item + "." + field, limit, item + ": " + getMessage());
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return new ErrorBody(error, field, limit, getMessage());
    }
}
