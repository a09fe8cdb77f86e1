package ai.medscribe.functions.service;

/** The model a request needs is not loaded (yet, or it failed to load): answered 503 so callers retry later. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }
}
