package ai.medscribe.model;

import ai.medscribe.text.Tokenizer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Sampling inside the graph, so only ids and confidences cross into Java: temperature, softmax,
 * Gumbel-max sampling from a stateless seed, and the probability of the sampled token.
 * [MASK] is never sampled.
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
     * positions are sampled, under their {@code forbid} bits [B, L]; ids [B, L] hold the sampled token
     * there and the input token elsewhere, confidence [B, L] its probability there and 1 elsewhere.
     */
    public static Sample denoiseMasked(Ops tf, ModelGraph model, Operand<TInt32> forbid, Operand<TFloat32> temperature,
                                       Operand<TInt64> seed, int vocabSize, int[] headerIds) {
        var positions = model.maskedPositions();
        Sample masked = denoiseStep(tf, model.maskedLogits(), tf.gatherNd(forbid, positions), temperature, seed,
                vocabSize, headerIds);
        var ones = tf.fill(tf.shape(model.tokens()), tf.constant(1f));
        return new Sample(tf.tensorScatterNdUpdate(model.tokens(), positions, masked.ids()),
                tf.tensorScatterNdUpdate(ones, positions, masked.confidence()));
    }

    /**
     * The denoise step over logits [B, L, V] (or [N, V] for N positions): forbid [B, L] (or [N]) is a
     * bitmask per position (1: no [PAD], 2: no section headers, 4: only [PAD]); {@code headerIds} are
     * the header tokens' ids.
     */
    public static Sample denoiseStep(Ops tf, Operand<TFloat32> logits, Operand<TInt32> forbid,
                                     Operand<TFloat32> temperature, Operand<TInt64> seed, int vocabSize, int[] headerIds) {
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
        var masked = tf.math.add(logits, tf.math.mul(forbidden, tf.constant(TransformerBlocks.NEG_INF)));
        return sample(tf, masked, temperature, seed, vocabSize);
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
}
