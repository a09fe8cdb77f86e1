package ai.medscribe.functions;

/** The model a request needs is not loaded or not wired yet: answered 503 so callers retry later. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }
}
