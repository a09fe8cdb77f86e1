package ai.medscribe.bundle;

import ai.medscribe.model.CachedStepGraph;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * The keys and values the AR model's cached step has written for a batch of rows, kept as native
 * tensors ([layers, B, heads, L, headDim] each) so a step feeds back the last step's output without
 * copying it into Java. Each step replaces them; not for concurrent use; close it when the rows are done.
 */
public final class DecoderCache implements AutoCloseable {

    private final int batch;
    private TFloat32 keys;
    private TFloat32 values;
    private Result owner;

    DecoderCache(int batch, TFloat32 keys, TFloat32 values) {
        this.batch = batch;
        this.keys = keys;
        this.values = values;
    }

    /** The caches a prefill returned. */
    DecoderCache(int batch, Result prefill) {
        this.batch = batch;
        update(prefill);
    }

    public int batch() {
        return batch;
    }

    TFloat32 keys() {
        return keys;
    }

    TFloat32 values() {
        return values;
    }

    /** Takes the caches a step returned; the previous ones are released. */
    void update(Result step) {
        TFloat32 k = (TFloat32) step.get(CachedStepGraph.KEY_CACHE).orElseThrow();
        TFloat32 v = (TFloat32) step.get(CachedStepGraph.VALUE_CACHE).orElseThrow();
        close();
        owner = step;
        keys = k;
        values = v;
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
            owner = null;
        } else if (keys != null) {
            keys.close();
            values.close();
        }
        keys = null;
        values = null;
    }
}
