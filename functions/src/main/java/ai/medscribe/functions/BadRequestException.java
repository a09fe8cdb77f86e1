package ai.medscribe.functions;

/** A request the service refuses: answered with {@code status} (4xx) and an {@link ErrorBody}. */
public class BadRequestException extends RuntimeException {

    private final int status;
    private final String field;
    private final Object limit;

    public BadRequestException(int status, String field, Object limit, String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.limit = limit;
    }

    public BadRequestException(String field, Object limit, String message) {
        this(400, field, limit, message);
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return new ErrorBody("invalid request", field, limit, getMessage());
    }
}
