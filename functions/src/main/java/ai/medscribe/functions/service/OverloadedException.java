package ai.medscribe.functions.service;

/**
 * The batching queue is full: answered 429 with {@code Retry-After} (seconds) so callers back off
 * and retry, instead of queueing without bound.
 */
public class OverloadedException extends RuntimeException {

    private final int maxQueue;
    private final long retryAfterSeconds;

    public OverloadedException(int maxQueue, long retryAfterSeconds) {
        super("the service is busy: " + maxQueue + " requests are already waiting; retry after " + retryAfterSeconds + " s");
        this.maxQueue = maxQueue;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int maxQueue() {
        return maxQueue;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
