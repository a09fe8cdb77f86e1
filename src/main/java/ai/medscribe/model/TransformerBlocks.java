package ai.medscribe.model;

import ai.medscribe.Seeds;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The named blocks both models are built from. Activations are kept as [B*L, d] matrices; attention
 * reshapes to [B, heads, L, headDim]. {@code keyBias} is an additive [B or 1, 1, L or 1, L] bias:
 * 0 where a key may be attended, -1e9 where it may not (padding keys, future positions).
 */
public final class TransformerBlocks {

    static final float NEG_INF = -1e9f;

    private final Ops tf;
    private final Parameters params;
    private final ModelConfig config;
    private final Dropout dropout;
    /** The canvas length as a scalar fed through the tokens' shape; null when it is the config's fixed maxLength. */
    private final Operand<TInt32> length;

    /** Marks the canvas length in {@link #shape}. */
    static final int LENGTH = -2;

    /** Dropout while training: a rate and a stateless seed, both fed; {@code null} for inference graphs. */
    public record Dropout(Operand<TFloat32> rate, Operand<TInt64> seed) {
    }

    public TransformerBlocks(Ops tf, Parameters params, ModelConfig config, Dropout dropout) {
        this(tf, params, config, dropout, null);
    }

    /**
     * Blocks over a canvas of {@code length} positions (a scalar read from the input's shape, at most
     * the config's maxLength), or of maxLength when {@code length} is null.
     */
    public TransformerBlocks(Ops tf, Parameters params, ModelConfig config, Dropout dropout, Operand<TInt32> length) {
        this.tf = tf;
        this.params = params;
        this.config = config;
        this.dropout = dropout;
        this.length = length;
    }

    /**
     * A shape (or slice size) vector with {@link #LENGTH} standing for the canvas length: a constant on a
     * fixed canvas, else built from the fed length.
     */
    Operand<TInt32> shape(int... dims) {
        if (length == null) {
            int[] fixed = dims.clone();
            for (int i = 0; i < fixed.length; i++) {
                fixed[i] = fixed[i] == LENGTH ? config.maxLength() : fixed[i];
            }
            return tf.constant(fixed);
        }
        java.util.List<Operand<TInt32>> parts = new java.util.ArrayList<>();
        for (int dim : dims) {
            parts.add(dim == LENGTH ? tf.reshape(length, tf.constant(new int[] {1})) : tf.constant(new int[] {dim}));
        }
        return tf.concat(parts, tf.constant(0));
    }

    public Operand<TFloat32> linear(Operand<TFloat32> x, int in, int out, String prefix) {
        var w = params.normal(prefix + ".w", in, out);
        var b = params.zeros(prefix + ".b", out);
        if (dropout == null) {
            // inference: BiasAdd lets the graph optimizer fuse it into the matmul (same sums)
            return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
        }
        return tf.math.add(tf.linalg.matMul(x, w), b);
    }

    public Operand<TFloat32> layerNorm(Operand<TFloat32> x, String prefix) {
        int d = config.dModel();
        var gain = params.ones(prefix + ".g", d);
        var bias = params.zeros(prefix + ".b", d);
        Operand<TInt32> last = tf.constant(-1);
        var mean = tf.math.mean(x, last, org.tensorflow.op.math.Mean.keepDims(true));
        var centered = tf.math.sub(x, mean);
        var variance = tf.math.mean(tf.math.square(centered), last, org.tensorflow.op.math.Mean.keepDims(true));
        var normed = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-5f))));
        return tf.math.add(tf.math.mul(normed, gain), bias);
    }

    /** GELU, tanh approximation. */
    public Operand<TFloat32> gelu(Operand<TFloat32> x) {
        var cube = tf.math.mul(tf.math.mul(x, x), x);
        var inner = tf.math.mul(tf.constant(0.7978845608f), tf.math.add(x, tf.math.mul(tf.constant(0.044715f), cube)));
        return tf.math.mul(tf.math.mul(tf.constant(0.5f), x), tf.math.add(tf.constant(1f), tf.math.tanh(inner)));
    }

    /** Inverted dropout with a stateless mask; {@code salt} makes each site draw its own mask. */
    public Operand<TFloat32> dropout(Operand<TFloat32> x, long salt) {
        if (dropout == null || config.dropout() == 0f) {
            return x;
        }
        var seed = tf.math.add(dropout.seed(), tf.constant(new long[] {0L, salt}));
        var u = tf.random.statelessRandomUniform(tf.shape(x), seed);
        var keep = tf.dtypes.cast(tf.math.greaterEqual(u, dropout.rate()), TFloat32.class);
        var scale = tf.math.div(tf.constant(1f), tf.math.sub(tf.constant(1f), dropout.rate()));
        return tf.math.mul(tf.math.mul(x, keep), scale);
    }

    /** Multi-head self-attention over x [B*L, d]. */
    public Operand<TFloat32> attention(Operand<TFloat32> x, Operand<TFloat32> keyBias, String prefix) {
        return attentionWithKeys(x, keyBias, prefix).x();
    }

    /** {@link #attention}, also returning the keys and values it computed ([B, heads, L, headDim]): an AR prefill. */
    public CachedStep attentionWithKeys(Operand<TFloat32> x, Operand<TFloat32> keyBias, String prefix) {
        int d = config.dModel();
        var q = heads(linear(x, d, d, prefix + ".q"));
        var k = heads(linear(x, d, d, prefix + ".k"));
        var v = heads(linear(x, d, d, prefix + ".v"));
        Operand<TFloat32> scores = tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true));
        scores = tf.math.add(tf.math.mul(scores, tf.constant((float) (1.0 / Math.sqrt(config.headDim())))), keyBias);
        var weights = dropout(tf.nn.softmax(scores), Seeds.dropoutSite(prefix));
        Operand<TFloat32> mixed = tf.train.batchMatMul(weights, v, TFloat32.class);
        mixed = tf.linalg.transpose(mixed, tf.constant(new int[] {0, 2, 1, 3}));
        mixed = tf.reshape(mixed, tf.constant(new int[] {-1, d}));
        return new CachedStep(linear(mixed, d, d, prefix + ".out"), new KeyValues(k, v));
    }

    private Operand<TFloat32> heads(Operand<TFloat32> x) {
        var split = tf.reshape(x, shape(-1, LENGTH, config.heads(), config.headDim()));
        return tf.linalg.transpose(split, tf.constant(new int[] {0, 2, 1, 3}));
    }

    public Operand<TFloat32> mlp(Operand<TFloat32> x, String prefix) {
        var hidden = gelu(linear(x, config.dModel(), config.ffn(), prefix + ".fc"));
        return linear(hidden, config.ffn(), config.dModel(), prefix + ".proj");
    }

    /** One pre-norm encoder layer: x + attn(ln(x)), then x + mlp(ln(x)). */
    public Operand<TFloat32> layer(Operand<TFloat32> x, Operand<TFloat32> keyBias, String prefix) {
        return layerWithKeys(x, keyBias, prefix).x();
    }

    /** {@link #layer}, also returning its attention's keys and values over the whole canvas. */
    public CachedStep layerWithKeys(Operand<TFloat32> x, Operand<TFloat32> keyBias, String prefix) {
        CachedStep attn = attentionWithKeys(layerNorm(x, prefix + ".ln1"), keyBias, prefix + ".attn");
        var attended = tf.math.add(x, dropout(attn.x(), Seeds.dropoutSite(prefix + ".attn.drop")));
        var out = tf.math.add(attended, dropout(mlp(layerNorm(attended, prefix + ".ln2"), prefix + ".mlp"),
                Seeds.dropoutSite(prefix + ".mlp.drop")));
        return new CachedStep(out, attn.cache());
    }

    /** One layer's keys and values over the whole canvas, [B, heads, L, headDim] each: the AR decode cache. */
    public record KeyValues(Operand<TFloat32> keys, Operand<TFloat32> values) {
    }

    /** A layer's or attention's output and its keys and values (for a cached step: the updated cache). */
    public record CachedStep(Operand<TFloat32> x, KeyValues cache) {
    }

    /**
     * Attention for one new position per row, x [B, d]: its key and value are written into the cache
     * where {@code write} [B, 1, L, 1] is one (cache * (1 - write) + write * k), then its query attends
     * over all L cached keys under {@code keyBias} [B, 1, 1, L], which hides the positions after it.
     * The same variables and arithmetic as {@link #attention} at that position.
     */
    public CachedStep cachedAttention(Operand<TFloat32> x, KeyValues cache, Operand<TFloat32> write,
                                      Operand<TFloat32> keyBias, String prefix) {
        int d = config.dModel();
        var q = oneHead(linear(x, d, d, prefix + ".q"));
        var k = oneHead(linear(x, d, d, prefix + ".k"));
        var v = oneHead(linear(x, d, d, prefix + ".v"));
        var keep = tf.math.sub(tf.constant(1f), write);
        var keys = tf.math.add(tf.math.mul(cache.keys(), keep), tf.math.mul(write, k));
        var values = tf.math.add(tf.math.mul(cache.values(), keep), tf.math.mul(write, v));
        Operand<TFloat32> scores = tf.train.batchMatMul(q, keys, TFloat32.class, BatchMatMul.adjY(true));
        scores = tf.math.add(tf.math.mul(scores, tf.constant((float) (1.0 / Math.sqrt(config.headDim())))), keyBias);
        Operand<TFloat32> mixed = tf.train.batchMatMul(tf.nn.softmax(scores), values, TFloat32.class);
        mixed = tf.reshape(mixed, tf.constant(new int[] {-1, d}));
        return new CachedStep(linear(mixed, d, d, prefix + ".out"), new KeyValues(keys, values));
    }

    /** [B, d] to [B, heads, 1, headDim]. */
    private Operand<TFloat32> oneHead(Operand<TFloat32> x) {
        return tf.reshape(x, tf.constant(new int[] {-1, config.heads(), 1, config.headDim()}));
    }

    /** {@link #layer} for one new position per row, reading and updating its layer's cache (inference only). */
    public CachedStep cachedLayer(Operand<TFloat32> x, KeyValues cache, Operand<TFloat32> write,
                                  Operand<TFloat32> keyBias, String prefix) {
        CachedStep attn = cachedAttention(layerNorm(x, prefix + ".ln1"), cache, write, keyBias, prefix + ".attn");
        var attended = tf.math.add(x, attn.x());
        var out = tf.math.add(attended, mlp(layerNorm(attended, prefix + ".ln2"), prefix + ".mlp"));
        return new CachedStep(out, attn.cache());
    }

    /** The embedding of one token per row at its position: token [B] and position [B] to [B, d]. */
    public Operand<TFloat32> embedAt(Operand<TInt32> token, Operand<TInt32> position) {
        var table = params.normal("embed.tokens", config.vocabSize(), config.dModel());
        var positions = params.normal("embed.positions", config.maxLength(), config.dModel());
        return tf.math.add(tf.gather(table, token, tf.constant(0)), tf.gather(positions, position, tf.constant(0)));
    }

    /** {@link #head} for one position per row: [B, d] to [B, V]. */
    public Operand<TFloat32> headAt(Operand<TFloat32> x) {
        return linear(layerNorm(x, "final.ln"), config.dModel(), config.vocabSize(), "head");
    }

    /** Token plus learned position embedding (the first L rows of the table), as [B*L, d]. */
    public Operand<TFloat32> embed(Operand<TInt32> tokens) {
        var table = params.normal("embed.tokens", config.vocabSize(), config.dModel());
        Operand<TFloat32> positions = params.normal("embed.positions", config.maxLength(), config.dModel());
        if (length != null) {
            positions = tf.slice(positions, tf.constant(new int[] {0, 0}), shape(LENGTH, config.dModel()));
        }
        Operand<TFloat32> x = tf.gather(table, tokens, tf.constant(0));
        x = tf.math.add(x, positions);
        return tf.reshape(x, tf.constant(new int[] {-1, config.dModel()}));
    }

    /** The mask ratio is scaled to [0, 1000] before its sinusoids, as diffusion models scale their time steps. */
    static final float TIME_SCALE = 1000f;

    /**
     * Sinusoidal features of the mask ratio t [B], then Linear(d,4d), GELU, Linear(4d,d): [B, d]. With
     * t in [0, 1] and frequencies of at most 1 most features would be nearly constant, so t is scaled
     * by {@link #TIME_SCALE} first and the frequencies span one to a ten-thousandth of a turn per step.
     */
    public Operand<TFloat32> timeVector(Operand<TFloat32> t) {
        int d = config.dModel();
        int half = d / 2;
        float[] freqs = new float[half];
        for (int i = 0; i < half; i++) {
            freqs[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
        }
        var scaled = tf.math.mul(tf.expandDims(t, tf.constant(1)), tf.constant(TIME_SCALE));
        var angles = tf.math.mul(scaled, tf.constant(new float[][] {freqs}));
        Operand<TFloat32> features = tf.concat(java.util.List.of(tf.math.sin(angles), tf.math.cos(angles)), tf.constant(1));
        return linear(gelu(linear(features, d, 4 * d, "time.fc")), 4 * d, d, "time.proj");
    }

    /** Adds a per-sequence vector [B, d] to every position of x [B*L, d]. */
    public Operand<TFloat32> addPerSequence(Operand<TFloat32> x, Operand<TFloat32> perSequence) {
        int d = config.dModel();
        var x3 = tf.reshape(x, shape(-1, LENGTH, d));
        var sum = tf.math.add(x3, tf.expandDims(perSequence, tf.constant(1)));
        return tf.reshape(sum, tf.constant(new int[] {-1, d}));
    }

    /** Final norm and the vocabulary head: [B, L, V]. */
    public Operand<TFloat32> head(Operand<TFloat32> x) {
        var logits = linear(layerNorm(x, "final.ln"), config.dModel(), config.vocabSize(), "head");
        return tf.reshape(logits, shape(-1, LENGTH, config.vocabSize()));
    }
}
