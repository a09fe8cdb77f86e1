package ai.medscribe.functions.upload;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

/**
 * The completions running in this process, by bucket and output key: a delivery of an upload whose
 * completion is already running waits for it instead of running the model again (brokers deliver at
 * least once, and may deliver one event several times at once). One instance per application, as
 * Funqy makes a new function object per request. Replicas do not share it: across replicas, the
 * deterministic output key makes a later delivery find the output, and the conditional write
 * ({@code ObjectStore.putIfAbsent}) leaves the first of two concurrent completions in place.
 */
@Singleton
public class InFlightUploads {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    /**
     * Runs {@code work} unless a run for {@code slot} is in progress; then waits for that run and
     * returns null when it succeeded (the caller then finds its output), or throws its failure.
     */
    <T> T runOnce(String slot, Supplier<T> work) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = running.putIfAbsent(slot, mine);
        if (other != null) {
            await(other);
            return null;
        }
        try {
            T result = work.get();
            running.remove(slot, mine);
            mine.complete(null);
            return result;
        } catch (RuntimeException | Error e) {
            running.remove(slot, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** How many completions are running (for tests and diagnostics). */
    int running() {
        return running.size();
    }

    private static void await(CompletableFuture<Void> other) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    other.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
