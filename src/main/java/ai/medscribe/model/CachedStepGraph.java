package ai.medscribe.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.List;

/**
 * The AR model's key/value-cached decode step, over the same variables as its full pass: each row's
 * token at {@code position} [B] of {@code tokens} [B, L] goes through every layer at that one position;
 * its keys and values are written into the caches at the position and its query attends to the cached
 * keys up to it, padding keys hidden as the full pass hides them. So a pass costs one position, not L,
 * and its logits [B, V] are the full pass's at that position once positions 0..position-1 are in the
 * caches. The caches are stacked over layers: [layers, B, heads, L, headDim]. A prompt's caches come
 * from {@code prefillKeys} and {@code prefillValues}: one full causal pass over {@code tokens} that
 * keeps every layer's keys and values (those at positions not yet written are overwritten by the
 * step that feeds them, before any query can see them).
 */
public record CachedStepGraph(Placeholder<TFloat32> keyCache, Placeholder<TFloat32> valueCache,
                              Operand<TFloat32> logits, Operand<TFloat32> keys, Operand<TFloat32> values,
                              Operand<TFloat32> prefillKeys, Operand<TFloat32> prefillValues) {

    public static final String KEY_CACHE = "key_cache";
    public static final String VALUE_CACHE = "value_cache";

    /** The shape of each cache for a batch of rows. */
    public static Shape cacheShape(ModelConfig config, long batch) {
        return Shape.of(config.layers(), batch, config.heads(), config.maxLength(), config.headDim());
    }

    /**
     * Builds the step beside a full AR graph: {@code params} is that graph's, so the variables are shared;
     * {@code tokens} and {@code position} are the placeholders the next-token signature reads too.
     */
    public static CachedStepGraph build(Ops tf, ModelConfig config, Parameters params, Operand<TInt32> tokens,
                                        Operand<TInt32> position) {
        if (config.kind() != ModelKind.AUTOREGRESSIVE) {
            throw new IllegalArgumentException("only the causal model has a cached decode step");
        }
        TransformerBlocks blocks = new TransformerBlocks(tf, params, config, null);
        int length = config.maxLength();
        Shape shape = Shape.of(config.layers(), -1, config.heads(), length, config.headDim());
        var keyCache = tf.withName(KEY_CACHE).placeholder(TFloat32.class, Placeholder.shape(shape));
        var valueCache = tf.withName(VALUE_CACHE).placeholder(TFloat32.class, Placeholder.shape(shape));

        var pick = tf.oneHot(position, tf.constant(length), tf.constant(1), tf.constant(0));
        Operand<TInt32> token = tf.sum(tf.math.mul(tokens, pick), tf.constant(1));
        var onehot = tf.oneHot(position, tf.constant(length), tf.constant(1f), tf.constant(0f));
        var write = tf.reshape(onehot, tf.constant(new int[] {-1, 1, length, 1}));
        var keyBias = tf.math.add(ModelGraph.paddingKeyBias(tf, tokens), futureBias(tf, position, length));

        Operand<TFloat32> x = blocks.embedAt(token, position);
        List<Operand<TFloat32>> keys = new ArrayList<>();
        List<Operand<TFloat32>> values = new ArrayList<>();
        var layerKeys = tf.unstack(keyCache, (long) config.layers(), Unstack.axis(0L)).output();
        var layerValues = tf.unstack(valueCache, (long) config.layers(), Unstack.axis(0L)).output();
        for (int i = 0; i < config.layers(); i++) {
            var step = blocks.cachedLayer(x, new TransformerBlocks.KeyValues(layerKeys.get(i), layerValues.get(i)),
                    write, keyBias, "layer" + i);
            x = step.x();
            keys.add(step.cache().keys());
            values.add(step.cache().values());
        }
        Operand<TFloat32> logits = blocks.headAt(x);

        Operand<TFloat32> full = blocks.embed(tokens);
        var causal = tf.math.add(ModelGraph.paddingKeyBias(tf, tokens), ModelGraph.causalBias(tf, length));
        List<Operand<TFloat32>> prefillKeys = new ArrayList<>();
        List<Operand<TFloat32>> prefillValues = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            var layer = blocks.layerWithKeys(full, causal, "layer" + i);
            full = layer.x();
            prefillKeys.add(layer.cache().keys());
            prefillValues.add(layer.cache().values());
        }
        return new CachedStepGraph(keyCache, valueCache, logits, tf.stack(keys, Stack.axis(0L)),
                tf.stack(values, Stack.axis(0L)), tf.stack(prefillKeys, Stack.axis(0L)),
                tf.stack(prefillValues, Stack.axis(0L)));
    }

    /** [B, 1, 1, L]: -1e9 at the positions after each row's {@code position}, as the causal mask's row there. */
    static Operand<TFloat32> futureBias(Ops tf, Operand<TInt32> position, int length) {
        int[] range = new int[length];
        for (int j = 0; j < length; j++) {
            range[j] = j;
        }
        var later = tf.math.greater(tf.constant(new int[][] {range}), tf.expandDims(position, tf.constant(1)));
        var bias = tf.math.mul(tf.dtypes.cast(later, TFloat32.class), tf.constant(TransformerBlocks.NEG_INF));
        return tf.reshape(bias, tf.constant(new int[] {-1, 1, 1, length}));
    }
}
