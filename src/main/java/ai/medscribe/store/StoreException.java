package ai.medscribe.store;

/**
 * The store could not be read or written. {@link #missing()} tells a missing object (the caller's
 * problem) from a store that failed (worth retrying). Messages name the bucket and the key's
 * {@link ObjectStore#logId hash}, never the key itself (it may name a patient) nor content; the
 * cause's message (a file system path, say) is left out too, the cause itself is kept.
 */
public class StoreException extends RuntimeException {

    private final boolean missing;

    public StoreException(String message, boolean missing, Throwable cause) {
        super(message, cause);
        this.missing = missing;
    }

    public static StoreException missing(String bucket, String key) {
        return new StoreException("no object " + bucket + "/" + ObjectStore.logId(key), true, null);
    }

    public static StoreException failed(String what, String bucket, String key, Throwable cause) {
        return new StoreException("cannot " + what + " " + bucket + "/" + ObjectStore.logId(key) + ": "
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName()), false, cause);
    }

    /** True when the object does not exist; false when the store itself failed. */
    public boolean missing() {
        return missing;
    }
}
