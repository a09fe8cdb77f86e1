package ai.medscribe.sample;

/** A request the sampler cannot serve as asked: names the field and the limit it broke. */
public class InvalidRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
