package ai.medscribe.model;

import ai.medscribe.Seeds;
import ai.medscribe.text.Tokenizer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.List;

/**
 * The forward graph of either model: tokens [B, L] (and, for diffusion, the mask ratio t [B]) to
 * logits [B, L, V]. The diffusion model attends in both directions with a symmetric ALiBi distance
 * bias and ignores only padding keys that are really in the input (a masked padding position holds
 * [MASK] and is attended); the AR model adds a causal mask.
 *
 * <p>An inference graph of the diffusion model may take a canvas of any length up to maxLength
 * (the tokens' second dimension is free): a layout that ends in fixed padding is the same input
 * without that tail, since padding keys are never attended, so the logits of the positions before it
 * are the full canvas's. Such a graph also has the head over the masked positions alone
 * ({@code maskedPositions} [N, 2] as (row, position), {@code maskedLogits} [N, V]), which is what a
 * denoise step samples from: the head and the sampling then cost what is left to write, not L.
 */
public record ModelGraph(ModelConfig config, Placeholder<TInt32> tokens, Placeholder<TFloat32> t,
                         Operand<TFloat32> logits, Parameters parameters,
                         Operand<TInt32> maskedPositions, Operand<TFloat32> maskedLogits) {

    public static final String TOKENS = "tokens";
    public static final String T = "t";
    public static final String LOGITS = "logits";

    /** Builds the forward pass over the fixed canvas of maxLength; {@code dropout} is null for inference graphs. */
    public static ModelGraph build(Ops tf, ModelConfig config, long seed, TransformerBlocks.Dropout dropout) {
        return build(tf, config, seed, dropout, false);
    }

    /**
     * Builds the forward pass; with {@code variableLength} (diffusion inference only) the canvas may be
     * shorter than maxLength and the masked-position head is built too.
     */
    public static ModelGraph build(Ops tf, ModelConfig config, long seed, TransformerBlocks.Dropout dropout,
                                   boolean variableLength) {
        boolean diffusion = config.kind() == ModelKind.DIFFUSION;
        if (config.drafts()) {
            if (variableLength) {
                throw new IllegalArgumentException("a drafting model's inference passes are DraftGraph's");
            }
            return draftCanvas(tf, config, seed, dropout);
        }
        if (variableLength && (!diffusion || dropout != null)) {
            throw new IllegalArgumentException("only the diffusion model's inference graph takes a shorter canvas");
        }
        Parameters params = new Parameters(tf, seed);
        int maxLength = config.maxLength();
        Placeholder<TInt32> tokens = tf.withName(TOKENS).placeholder(TInt32.class,
                Placeholder.shape(Shape.of(-1, variableLength ? -1 : maxLength)));
        Operand<TInt32> length = variableLength ? tf.gather(tf.shape(tokens), tf.constant(1), tf.constant(0)) : null;
        TransformerBlocks blocks = new TransformerBlocks(tf, params, config, dropout, length);
        Placeholder<TFloat32> t = diffusion
                ? tf.withName(T).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1))) : null;

        Operand<TFloat32> x = blocks.embed(tokens);
        if (diffusion) {
            x = blocks.addPerSequence(x, blocks.timeVector(t));
        }
        x = blocks.dropout(x, Seeds.EMBEDDING_DROPOUT_SITE);
        Operand<TFloat32> keyBias = paddingKeyBias(tf, tokens);
        if (!diffusion) {
            keyBias = tf.math.add(keyBias, causalBias(tf, maxLength));
        } else {
            Operand<TFloat32> distance = distanceBias(tf, config.heads(), maxLength);
            if (variableLength) {
                distance = tf.slice(distance, tf.constant(new int[] {0, 0, 0, 0}),
                        blocks.shape(1, config.heads(), TransformerBlocks.LENGTH, TransformerBlocks.LENGTH));
            }
            keyBias = tf.math.add(keyBias, distance);
        }
        for (int i = 0; i < config.layers(); i++) {
            x = blocks.layer(x, keyBias, "layer" + i);
        }
        Operand<TFloat32> logits = blocks.head(x);
        Operand<TInt32> maskedPositions = null;
        Operand<TFloat32> maskedLogits = null;
        if (variableLength) {
            if (config.shiftedOutput()) {
                logits = shiftRight(tf, logits, length);
            }
            maskedPositions = tf.dtypes.cast(tf.where(tf.math.equal(tokens, tf.constant(Tokenizer.MASK_ID))), TInt32.class);
            // the hidden state that predicts (row, p): row * L + p, or its left neighbour's with a shifted output
            Operand<TInt32> rows = tf.gather(maskedPositions, tf.constant(0), tf.constant(1));
            Operand<TInt32> cols = tf.gather(maskedPositions, tf.constant(1), tf.constant(1));
            if (config.shiftedOutput()) {
                cols = tf.math.floorMod(tf.math.sub(cols, tf.constant(1)), length);
            }
            var source = tf.math.add(tf.math.mul(rows, length), cols);
            maskedLogits = blocks.headAt(tf.gather(x, source, tf.constant(0)));
        } else if (config.shiftedOutput()) {
            logits = shiftRight(tf, logits, maxLength);
        }
        return new ModelGraph(config, tokens, t, tf.withName(LOGITS).identity(logits), params, maskedPositions, maskedLogits);
    }

    /**
     * A drafting model's canvas (see {@link DraftGraph}) for training and checks: tokens [B, L'] of any
     * length, with {@value DraftGraph#POSITIONS} [L'] the position of each column in the full canvas
     * (its row of the position table) and {@value DraftGraph#NOTE_MASK} [L'] 1 at the header and note
     * columns, 0 at the transcript's. Both default to the full canvas of maxLength; a trainer feeds a
     * batch cut to its longest transcript and note instead, which the block bias makes exact: padding
     * keys are never attended, and distances are taken between positions, not columns.
     */
    private static ModelGraph draftCanvas(Ops tf, ModelConfig config, long seed, TransformerBlocks.Dropout dropout) {
        boolean diffusion = config.kind() == ModelKind.DIFFUSION;
        Parameters params = new Parameters(tf, seed);
        Placeholder<TInt32> tokens = tf.withName(TOKENS).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        int[] fullPositions = new int[config.maxLength()];
        float[] fullMask = new float[config.maxLength()];
        for (int p = 0; p < fullPositions.length; p++) {
            fullPositions[p] = p;
            fullMask[p] = p >= config.sourceLength() ? 1f : 0f;
        }
        var positions = tf.withName(DraftGraph.POSITIONS).placeholderWithDefault(tf.constant(fullPositions), Shape.of(-1));
        var noteMask = tf.withName(DraftGraph.NOTE_MASK).placeholderWithDefault(tf.constant(fullMask), Shape.of(-1));
        Operand<TInt32> length = tf.gather(tf.shape(tokens), tf.constant(1), tf.constant(0));
        TransformerBlocks blocks = new TransformerBlocks(tf, params, config, dropout, length);
        Placeholder<TFloat32> t = diffusion
                ? tf.withName(T).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1))) : null;
        Operand<TFloat32> x = DraftGraph.embed(tf, params, config, tokens, positions);
        if (diffusion) {
            x = DraftGraph.addWhere(tf, blocks, config, x, blocks.timeVector(t), noteMask);
        }
        x = blocks.dropout(x, Seeds.EMBEDDING_DROPOUT_SITE);
        Operand<TFloat32> keyBias = tf.math.add(paddingKeyBias(tf, tokens), DraftGraph.bias(tf, config, positions, noteMask));
        for (int i = 0; i < config.layers(); i++) {
            x = blocks.layer(x, keyBias, "layer" + i);
        }
        Operand<TFloat32> logits = blocks.head(x);
        if (config.shiftedOutput()) {
            // each column predicted from its left neighbour's hidden state, as the AR model it starts from
            logits = shiftRight(tf, logits, length);
        }
        return new ModelGraph(config, tokens, t, tf.withName(LOGITS).identity(logits), params, null, null);
    }

    /**
     * [B, L, V] with position p holding what was at p-1 and position 0 what was at L-1: each position's
     * prediction comes from its left neighbour's hidden state, as in the AR model the weights came
     * from; the last position, which an AR model never trains, predicts the first token.
     */
    static Operand<TFloat32> shiftRight(Ops tf, Operand<TFloat32> logits, int length) {
        var last = tf.slice(logits, tf.constant(new int[] {0, length - 1, 0}), tf.constant(new int[] {-1, 1, -1}));
        var rest = tf.slice(logits, tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, length - 1, -1}));
        return tf.concat(List.of(last, rest), tf.constant(1));
    }

    /** {@link #shiftRight(Ops, Operand, int)} over a canvas of a fed {@code length}. */
    static Operand<TFloat32> shiftRight(Ops tf, Operand<TFloat32> logits, Operand<TInt32> length) {
        var lastIndex = tf.reshape(tf.math.sub(length, tf.constant(1)), tf.constant(new int[] {1}));
        var zero = tf.constant(new int[] {0});
        var all = tf.constant(new int[] {-1});
        var last = tf.slice(logits, tf.concat(List.of(zero, lastIndex, zero), tf.constant(0)),
                tf.constant(new int[] {-1, 1, -1}));
        var rest = tf.slice(logits, tf.constant(new int[] {0, 0, 0}),
                tf.concat(List.of(all, lastIndex, all), tf.constant(0)));
        return tf.concat(List.of(last, rest), tf.constant(1));
    }

    /** [B, 1, 1, L]: -1e9 where the input token is [PAD]. */
    static Operand<TFloat32> paddingKeyBias(Ops tf, Operand<TInt32> tokens) {
        var isPad = tf.dtypes.cast(tf.math.equal(tokens, tf.constant(Tokenizer.PAD_ID)), TFloat32.class);
        var bias = tf.math.mul(isPad, tf.constant(TransformerBlocks.NEG_INF));
        return tf.expandDims(tf.expandDims(bias, tf.constant(1)), tf.constant(1));
    }

    /**
     * [1, H, L, L]: ALiBi's linear distance penalty, symmetric for a bidirectional model (as
     * MosaicBERT uses it): head h adds {@code -slope_h * |i - j|} with slopes 2^(-8(h+1)/H), so
     * some heads look at their neighbours from the first step and others far. A masked position
     * holds no information of its own: without this bias every neighbour must first be found
     * through learned absolute positions, which is the long loss plateau of the plain model.
     */
    static Operand<TFloat32> distanceBias(Ops tf, int heads, int length) {
        float[][][][] bias = new float[1][heads][length][length];
        for (int h = 0; h < heads; h++) {
            double slope = Math.pow(2, -8.0 * (h + 1) / heads);
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < length; j++) {
                    bias[0][h][i][j] = (float) (-slope * Math.abs(i - j));
                }
            }
        }
        return tf.constant(bias);
    }

    /** [1, 1, L, L]: -1e9 above the diagonal, so position i sees only positions up to i. */
    static Operand<TFloat32> causalBias(Ops tf, int length) {
        float[][] bias = new float[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                bias[i][j] = TransformerBlocks.NEG_INF;
            }
        }
        return tf.reshape(tf.constant(bias), tf.constant(new int[] {1, 1, length, length}));
    }
}
