package ai.medscribe.functions.service;

import ai.medscribe.functions.config.MedscribeConfig;

import ai.medscribe.functions.bundles.WarmUp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.medscribe.sample.GeneratedNote;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Server-side batching of diffusion requests, as TensorFlow Serving batches: a request waits in a
 * bounded queue; the batch thread takes the oldest, gathers the compatible requests (same bundle,
 * same sampler options but the seed) that arrive within {@code window}, up to {@code max-batch}
 * notes, and writes them all in one sampler batch ({@link NoteGenerator#shared}), each with its own
 * seed, so every request gets the notes it gets alone. Incompatible requests wait for a batch of
 * their own. When {@code max-queue} requests are waiting, a new one is refused at once
 * ({@link OverloadedException}: 429 with Retry-After) rather than queued without bound.
 * Logs batch sizes and timings only.
 */
@ApplicationScoped
public class NoteBatcher {

    private static final Logger LOG = Logger.getLogger(NoteBatcher.class);

    /** Requests that may share a batch: the same loaded bundle and the same options, seed aside. */
    record Key(NoteGenerator generator, SamplerOptions options) {
    }

    /** One request: its parts (a batch infill has one per note) are written in the same batch. */
    private record Pending(Key key, List<NoteGenerator.BatchPart> parts,
            CompletableFuture<List<List<GeneratedNote>>> result) {
        int rows() {
            return parts.stream().mapToInt(NoteGenerator.BatchPart::rows).sum();
        }
    }

    private final boolean enabled;
    private final long windowNanos;
    private final int maxBatch;
    private final int maxQueue;
    private final MeterRegistry metrics;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private boolean paused;
    private boolean closed;
    private Thread worker;
    /** Moving average of a batch's wall time, for Retry-After (before the first batch: the warm-up's). */
    private volatile double batchMillis = 0;
    private volatile long batches;

    @Inject
    public NoteBatcher(MedscribeConfig config, MeterRegistry metrics) {
        this(config.batching().enabled(), config.batching().window(), config.batching().maxBatch(),
                config.batching().maxQueue(), metrics);
    }

    public NoteBatcher(boolean enabled, Duration window, int maxBatch, int maxQueue, MeterRegistry metrics) {
        if (maxBatch < 1 || maxQueue < 1 || window.isNegative()) {
            throw new IllegalArgumentException("medscribe.batching: max-batch and max-queue must be >= 1, window >= 0");
        }
        this.enabled = enabled;
        this.windowNanos = window.toNanos();
        this.maxBatch = maxBatch;
        this.maxQueue = maxQueue;
        this.metrics = metrics;
    }

    /** A batcher that is off: every request runs alone. */
    static NoteBatcher disabled() {
        return new NoteBatcher(false, Duration.ZERO, 1, 1, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Writes {@code part}'s notes in a shared batch and waits for them. Throws
     * {@link OverloadedException} when the queue is full.
     */
    public List<GeneratedNote> write(NoteGenerator generator, NoteGenerator.BatchPart part, SamplerOptions options) {
        return write(generator, List.of(part), options).get(0);
    }

    /**
     * Writes the notes of several parts of one request (a batch infill) in the same sampler batch,
     * which other compatible requests may join up to {@code max-batch} notes (a request of more
     * notes is a batch of its own); each part's notes, in order.
     */
    public List<List<GeneratedNote>> write(NoteGenerator generator, List<? extends NoteGenerator.BatchPart> parts,
            SamplerOptions options) {
        Pending pending = new Pending(new Key(generator, options.withSeed(0)), List.copyOf(parts), new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new ModelUnavailableException("the service is shutting down");
            }
            if (queue.size() >= maxQueue) {
                Counter.builder("medscribe.batching.refused").register(metrics).increment();
                throw new OverloadedException(maxQueue, retryAfterSeconds(batchesAhead()));
            }
            queue.addLast(pending);
            if (worker == null) {
                worker = new Thread(this::serve, "medscribe-batcher");
                worker.setDaemon(true);
                worker.start();
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return pending.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while waiting for the batch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The sampler batches the queue holds: requests of different bundles or options never share one,
     * so each group of compatible requests is its own ceil(rows / max-batch) batches. Under the lock.
     */
    private int batchesAhead() {
        java.util.Map<Key, Integer> rows = new java.util.HashMap<>();
        for (Pending p : queue) {
            rows.merge(p.key(), p.rows(), Integer::sum);
        }
        int batches = 0;
        for (int r : rows.values()) {
            batches += (r + maxBatch - 1) / maxBatch;
        }
        return batches;
    }

    /**
     * Seconds until the queue ahead has likely drained: its batches, and the one running, times the
     * wall time of a batch as observed (the moving average of served batches; before the first, the
     * warm-up's shared batch, {@link WarmUp#batchMillis}; 1 s when neither has run).
     */
    long retryAfterSeconds(int batchesAhead) {
        double perBatch = batches > 0 ? batchMillis : WarmUp.batchMillis() > 0 ? WarmUp.batchMillis() : 1000;
        double millis = perBatch * (batchesAhead + 1);
        return Math.max(1, (long) Math.ceil(millis / 1000));
    }

    private void serve() {
        while (true) {
            List<Pending> batch;
            try {
                batch = gather();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            run(batch);
        }
    }

    /** The oldest request and the compatible ones that arrive within the window, up to max-batch notes. */
    private List<Pending> gather() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (queue.isEmpty() || paused)) {
                arrived.await();
            }
            if (closed) {
                return null;
            }
            Pending first = queue.pollFirst();
            List<Pending> batch = new ArrayList<>(List.of(first));
            int rows = first.rows();
            long deadline = System.nanoTime() + windowNanos;
            while (rows < maxBatch) {
                for (Iterator<Pending> it = queue.iterator(); it.hasNext() && rows < maxBatch; ) {
                    Pending p = it.next();
                    if (p.key().equals(first.key()) && rows + p.rows() <= maxBatch) {
                        it.remove();
                        batch.add(p);
                        rows += p.rows();
                    }
                }
                long left = deadline - System.nanoTime();
                if (rows >= maxBatch || left <= 0 || closed) {
                    break;
                }
                arrived.awaitNanos(left);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Pending> batch) {
        long start = System.nanoTime();
        Key key = batch.get(0).key();
        int rows = batch.stream().mapToInt(Pending::rows).sum();
        List<List<GeneratedNote>> notes;
        try {
            notes = key.generator().shared(batch.stream().flatMap(p -> p.parts().stream()).toList(), key.options());
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                counted(batch, rows, start);
                batch.get(0).result().completeExceptionally(e);
            } else {
                // one request's fault (say a layout the model cannot hold) must not fail the others: each alone
                batch.forEach(p -> run(List.of(p)));
            }
            return;
        }
        // counted before any request sees its answer, so a caller that has its answer sees the batch counted
        counted(batch, rows, start);
        int part = 0;
        for (Pending p : batch) {
            p.result().complete(List.copyOf(notes.subList(part, part + p.parts().size())));
            part += p.parts().size();
        }
    }

    private void counted(List<Pending> batch, int rows, long start) {
        double millis = (System.nanoTime() - start) / 1e6;
        batchMillis = batches == 0 ? millis : 0.8 * batchMillis + 0.2 * millis;
        batches++;
        DistributionSummary.builder("medscribe.batching.notes").description("notes per sampler batch")
                .register(metrics).record(rows);
        LOG.debugf("batch: %d requests, %d notes, %d steps, %.0f ms", batch.size(), rows,
                batch.get(0).key().options().steps(), millis);
    }

    /** Requests waiting for a batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Batches written so far. */
    public long batches() {
        return batches;
    }

    /** Tests: hold the batch thread so that requests wait in the queue (no timing in the tests). */
    public void pause(boolean pause) {
        lock.lock();
        try {
            paused = pause;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @PreDestroy
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.forEach(p -> p.result().completeExceptionally(
                    new ModelUnavailableException("the service is shutting down")));
            queue.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
