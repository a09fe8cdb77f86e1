package ai.medscribe.store;

/**
 * The store could not be read or written. {@link #missing()} tells a missing object (the caller's
 * problem) from a store that failed (worth retrying). Messages name bucket and key, never content.
 */
public class StoreException extends RuntimeException {

    private final boolean missing;

    public StoreException(String message, boolean missing, Throwable cause) {
        super(message, cause);
        this.missing = missing;
    }

    public static StoreException missing(String bucket, String key) {
        return new StoreException("no object " + bucket + "/" + key, true, null);
    }

    public static StoreException failed(String what, String bucket, String key, Throwable cause) {
        return new StoreException("cannot " + what + " " + bucket + "/" + key + ": "
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName() + " " + cause.getMessage()),
                false, cause);
    }

    /** True when the object does not exist; false when the store itself failed. */
    public boolean missing() {
        return missing;
    }
}
