package ai.medscribe.model;

import ai.medscribe.text.Tokenizer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Sampling inside the graph, so only ids and confidences cross into Java: temperature, softmax, the
 * draw (the diffusion step: inverse CDF with fed uniforms, one per position; the AR step: Gumbel-max
 * from a stateless seed) and the probability of the sampled token. [MASK] is never sampled.
 */
public final class SamplingHeads {

    /** Forbid bits of the denoise step's {@code forbid} input. */
    public static final int FORBID_PAD = 1;
    public static final int FORBID_HEADERS = 2;
    public static final int ONLY_PAD = 4;

    /** Sampled ids and their confidence. */
    public record Sample(Operand<TInt32> ids, Operand<TFloat32> confidence) {
    }

    private SamplingHeads() {
    }

    /**
     * The denoise step of a variable-length graph ({@link ModelGraph#maskedLogits()}): only the masked
     * positions are sampled, under their {@code forbid} bits [B, L], each by inverse CDF with its own
     * fed {@code uniform} [B, L] draw in (0, 1), so a row's tokens depend on its logits and its own
     * draws alone, not on the other rows of the batch. ids [B, L] hold the sampled token there and the
     * input token elsewhere, confidence [B, L] its probability there and 1 elsewhere.
     */
    public static Sample denoiseMasked(Ops tf, ModelGraph model, Operand<TInt32> forbid, Operand<TFloat32> temperature,
                                       Operand<TFloat32> uniform, int vocabSize, int[] headerIds) {
        var positions = model.maskedPositions();
        var allowed = applyForbid(tf, model.maskedLogits(), tf.gatherNd(forbid, positions), vocabSize, headerIds);
        Sample masked = sampleByUniform(tf, allowed, temperature, tf.gatherNd(uniform, positions), vocabSize);
        var ones = tf.fill(tf.shape(model.tokens()), tf.constant(1f));
        return new Sample(tf.tensorScatterNdUpdate(model.tokens(), positions, masked.ids()),
                tf.tensorScatterNdUpdate(ones, positions, masked.confidence()));
    }

    /**
     * Inverse-CDF sampling over logits [N, V] with one uniform [N] in (0, 1) per row: the first token
     * whose cumulative probability at {@code temperature} reaches {@code uniform} times the total. A
     * token of probability 0 (forbidden) is never the first to reach a positive target, and the target
     * stays below the total, so a row always gets an allowed token; at or below temperature 1e-4 the
     * probabilities are one-hot and every draw picks the argmax. The confidence is the token's
     * probability under the model itself (temperature 1), as Fast-dLLM and LLaDA measure it: tempered,
     * every token of a near-greedy draw would look sure and a threshold would commit the whole note
     * in its first pass.
     */
    static Sample sampleByUniform(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> temperature,
                                  Operand<TFloat32> uniform, int vocabSize) {
        var scaled = tf.math.div(logits, tf.math.maximum(temperature, tf.constant(1e-4f)));
        var probs = tf.nn.softmax(scaled);
        var cdf = tf.math.cumsum(probs, tf.constant(-1));
        var total = tf.slice(cdf, tf.constant(new int[] {0, vocabSize - 1}), tf.constant(new int[] {-1, 1}));
        var target = tf.math.mul(tf.expandDims(uniform, tf.constant(-1)), total);
        Operand<TInt32> ids = tf.sum(tf.dtypes.cast(tf.math.less(cdf, target), TInt32.class), tf.constant(-1));
        var chosen = tf.oneHot(ids, tf.constant(vocabSize), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> confidence = tf.sum(tf.math.mul(tf.nn.softmax(logits), chosen), tf.constant(-1));
        return new Sample(ids, confidence);
    }

    /**
     * Logits [N, V] with what each position's {@code forbid} bits [N] exclude at -1e9 (1: no [PAD],
     * 2: no section headers, 4: only [PAD]; [MASK] always); {@code headerIds} are the header tokens' ids.
     */
    static Operand<TFloat32> applyForbid(Ops tf, Operand<TFloat32> logits, Operand<TInt32> forbid, int vocabSize,
                                         int[] headerIds) {
        float[] padOnly = new float[vocabSize];
        float[] headers = new float[vocabSize];
        float[] allButPad = new float[vocabSize];
        float[] mask = new float[vocabSize];
        padOnly[Tokenizer.PAD_ID] = 1f;
        for (int id : headerIds) {
            headers[id] = 1f;
        }
        java.util.Arrays.fill(allButPad, 1f);
        allButPad[Tokenizer.PAD_ID] = 0f;
        mask[Tokenizer.MASK_ID] = 1f;

        var bits = tf.expandDims(forbid, tf.constant(-1));
        var noPad = bit(tf, bits, FORBID_PAD);
        var noHeaders = bit(tf, bits, FORBID_HEADERS);
        var onlyPad = bit(tf, bits, ONLY_PAD);
        // onlyPad wins over noPad, so a position is never left with nothing to sample
        Operand<TFloat32> forbidden = tf.math.add(
                tf.math.mul(tf.math.sub(tf.constant(1f), onlyPad),
                        tf.math.add(tf.math.mul(noPad, tf.constant(padOnly)), tf.math.mul(noHeaders, tf.constant(headers)))),
                tf.math.mul(onlyPad, tf.constant(allButPad)));
        forbidden = tf.math.minimum(tf.math.add(forbidden, tf.constant(mask)), tf.constant(1f));
        return tf.math.add(logits, tf.math.mul(forbidden, tf.constant(TransformerBlocks.NEG_INF)));
    }

    /** The AR next-token head: the logits at {@code position} [B] of [B, L, V], sampled. */
    public static Sample nextToken(Ops tf, Operand<TFloat32> logits, Operand<TInt32> position,
                                   Operand<TFloat32> temperature, Operand<TInt64> seed, int length, int vocabSize) {
        var pick = tf.expandDims(tf.oneHot(position, tf.constant(length), tf.constant(1f), tf.constant(0f)), tf.constant(-1));
        Operand<TFloat32> atPosition = tf.sum(tf.math.mul(logits, pick), tf.constant(1));
        return nextToken(tf, atPosition, temperature, seed, vocabSize);
    }

    /**
     * The AR next-token head over one position's logits [B, V] (the cached decode step's): the same
     * sampling, noise included, as the full pass's head, so a seed gives the same token either way.
     */
    public static Sample nextToken(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> temperature,
                                   Operand<TInt64> seed, int vocabSize) {
        float[] mask = new float[vocabSize];
        mask[Tokenizer.MASK_ID] = TransformerBlocks.NEG_INF;
        return sample(tf, tf.math.add(logits, tf.constant(mask)), temperature, seed, vocabSize);
    }

    /** Gumbel-max sampling over the last axis; temperature at or below 1e-4 is greedy. */
    static Sample sample(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> temperature, Operand<TInt64> seed,
                         int vocabSize) {
        var scaled = tf.math.div(logits, tf.math.maximum(temperature, tf.constant(1e-4f)));
        var uniform = tf.random.statelessRandomUniform(tf.shape(scaled), seed);
        var clipped = tf.clipByValue(uniform, tf.constant(1e-20f), tf.constant(1f - 1e-7f));
        var gumbel = tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(clipped))));
        Operand<TInt32> ids = tf.math.argMax(tf.math.add(scaled, gumbel), tf.constant(-1), TInt32.class);
        var probs = tf.nn.softmax(scaled);
        var chosen = tf.oneHot(ids, tf.constant(vocabSize),
                tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> confidence = tf.sum(tf.math.mul(probs, chosen), tf.constant(-1));
        return new Sample(ids, confidence);
    }

    private static Operand<TFloat32> bit(Ops tf, Operand<TInt32> bits, int bit) {
        var set = tf.math.notEqual(tf.bitwise.bitwiseAnd(bits, tf.constant(bit)), tf.constant(0));
        return tf.dtypes.cast(set, TFloat32.class);
    }

    /**
     * On the host: log(sum(exp(logits))) of one row of logits, computed stably (from its maximum), so
     * {@code logits[v] - logSumExp(logits)} is the log-probability of token v under the graph's softmax.
     */
    public static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
