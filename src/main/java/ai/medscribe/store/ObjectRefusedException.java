package ai.medscribe.store;

/**
 * The store will never give this object: it is larger than the reader's limit, or it is not a
 * regular file (a folder, a FIFO, a device, a socket). Permanent, unlike a failed store: a retry
 * gets the same answer, so callers answer 4xx (a broker does not redeliver) rather than 503.
 * Messages name the key only as its {@link ObjectStore#logId hash}.
 */
public final class ObjectRefusedException extends StoreException {

    /** Why the object is refused. */
    public enum Reason {
        /** larger than the limit the reader gave ({@link #limit()} bytes) */
        TOO_LARGE,
        /** the key names a folder */
        FOLDER,
        /** the key names a FIFO, a device or a socket: reading it could block or never end */
        SPECIAL_FILE
    }

    private final Reason reason;
    private final long limit;

    private ObjectRefusedException(Reason reason, long limit, String message) {
        super(message, false, null);
        this.reason = reason;
        this.limit = limit;
    }

    public static ObjectRefusedException tooLarge(String bucket, String key, long limit) {
        return new ObjectRefusedException(Reason.TOO_LARGE, limit,
                "object " + bucket + "/" + ObjectStore.logId(key) + " is larger than the limit of " + limit + " bytes");
    }

    public static ObjectRefusedException folder(String bucket, String key) {
        return new ObjectRefusedException(Reason.FOLDER, -1,
                "object " + bucket + "/" + ObjectStore.logId(key) + " is a folder, not an object");
    }

    public static ObjectRefusedException special(String bucket, String key) {
        return new ObjectRefusedException(Reason.SPECIAL_FILE, -1,
                "object " + bucket + "/" + ObjectStore.logId(key) + " is not a regular file (a FIFO, device or socket)");
    }

    public Reason reason() {
        return reason;
    }

    /** The byte limit of a {@link Reason#TOO_LARGE} refusal, else -1. */
    public long limit() {
        return limit;
    }
}
