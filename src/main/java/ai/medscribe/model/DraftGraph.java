package ai.medscribe.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.ArrayList;
import java.util.List;

/**
 * The drafting model's canvas and its inference passes. A canvas is {@code sourceLength} transcript
 * positions, then the header of the section to write, then the note: {@code [source | header note]}.
 * Attention has a block structure: a transcript position attends only to the transcript; a header or
 * note position attends to the transcript and to the note (both ways for diffusion, only backwards
 * within the note for the AR model). ALiBi's distance penalty applies within a region, not across:
 * the note reads the whole transcript alike. The diffusion model's time vector is added to the note
 * positions only.
 *
 * <p>A diffusion model started from the AR model's weights has a shifted output
 * ({@link ModelConfig#shiftedOutput()}): note position j is predicted from the hidden state at j-1,
 * as the AR model predicts it (the header predicts the first word), so what each position already
 * predicts carries over (Dream, DiffuLLaMA).
 *
 * <p>So the transcript's keys and values never depend on the note nor on t: {@link #source} computes
 * them once per request, and every denoising pass ({@link #note}) or AR step ({@link #arStep}) runs over
 * the note's positions alone, reading the transcript's keys and values. This prefix cache is exact by
 * construction (the same sums as the full canvas of {@link ModelGraph}, up to float rounding), unlike
 * Fast-dLLM's approximate one, whose prompt attends to the response.
 */
public final class DraftGraph {

    public static final String SOURCE = "source";
    public static final String SOURCE_KEYS = "source_keys";
    public static final String SOURCE_VALUES = "source_values";
    public static final String NOTE = "note";
    public static final String T = "t";
    public static final String LOGITS = "logits";
    public static final String TOKEN = "token";
    public static final String POSITION = "position";
    public static final String NOTE_KEYS = "note_keys";
    public static final String NOTE_VALUES = "note_values";
    /** The training canvas's feeds: each column's position in the full canvas, and 1 at note columns. */
    public static final String POSITIONS = "positions";
    public static final String NOTE_MASK = "note_mask";

    private DraftGraph() {
    }

    /** [1, H, L, L]: transcript rows see only transcript keys; ALiBi within each region; AR: causal in the note. */
    static float[][][][] canvasBias(ModelConfig config) {
        int length = config.maxLength();
        int source = config.sourceLength();
        int heads = config.heads();
        boolean causal = config.kind() == ModelKind.AUTOREGRESSIVE;
        float[][][][] bias = new float[1][heads][length][length];
        for (int h = 0; h < heads; h++) {
            double slope = slope(h, heads);
            for (int i = 0; i < length; i++) {
                boolean noteRow = i >= source;
                for (int j = 0; j < length; j++) {
                    boolean noteKey = j >= source;
                    float b;
                    if (!noteRow && noteKey) {
                        b = TransformerBlocks.NEG_INF;
                    } else if (noteRow != noteKey) {
                        b = 0f;
                    } else if (causal && noteRow && j > i) {
                        b = TransformerBlocks.NEG_INF;
                    } else {
                        b = (float) (-slope * Math.abs(i - j));
                    }
                    bias[0][h][i][j] = b;
                }
            }
        }
        return bias;
    }

    static double slope(int head, int heads) {
        return Math.pow(2, -8.0 * (head + 1) / heads);
    }

    /** Token plus position embedding of tokens [B, L'] at the table rows {@code positions} [L'], as [B*L', d]. */
    static Operand<TFloat32> embed(Ops tf, Parameters params, ModelConfig config, Operand<TInt32> tokens,
                                   Operand<TInt32> positions) {
        int d = config.dModel();
        var table = params.normal("embed.tokens", config.vocabSize(), d);
        var positionTable = params.normal("embed.positions", config.maxLength(), d);
        var x = tf.math.add(tf.gather(table, tokens, tf.constant(0)), tf.gather(positionTable, positions, tf.constant(0)));
        return tf.reshape(x, tf.constant(new int[] {-1, d}));
    }

    /** x [B*L', d] plus the time vector [B, d] where {@code noteMask} [L'] is 1 (the header and note). */
    static Operand<TFloat32> addWhere(Ops tf, TransformerBlocks blocks, ModelConfig config, Operand<TFloat32> x,
                                      Operand<TFloat32> time, Operand<TFloat32> noteMask) {
        int d = config.dModel();
        var x3 = tf.reshape(x, blocks.shape(-1, TransformerBlocks.LENGTH, d));
        var mask = tf.expandDims(tf.expandDims(noteMask, tf.constant(0)), tf.constant(2));
        var added = tf.math.mul(tf.expandDims(time, tf.constant(1)), mask);
        return tf.reshape(tf.math.add(x3, added), tf.constant(new int[] {-1, d}));
    }

    /**
     * [1, H, L', L'], {@link #canvasBias} computed in the graph for columns at {@code positions} with
     * {@code noteMask}: within a region ALiBi over the positions' distance, a transcript row never
     * sees a note key, a note row sees the whole transcript unpenalised; the AR model's note rows do
     * not see later note positions.
     */
    static Operand<TFloat32> bias(Ops tf, ModelConfig config, Operand<TInt32> positions, Operand<TFloat32> noteMask) {
        int heads = config.heads();
        var p = tf.dtypes.cast(positions, TFloat32.class);
        var rowsP = tf.expandDims(p, tf.constant(1));
        var colsP = tf.expandDims(p, tf.constant(0));
        var distance = tf.math.abs(tf.math.sub(rowsP, colsP));
        float[][][] slopes = new float[heads][1][1];
        for (int h = 0; h < heads; h++) {
            slopes[h][0][0] = (float) -slope(h, heads);
        }
        Operand<TFloat32> alibi = tf.math.mul(tf.constant(slopes), distance);
        var one = tf.constant(1f);
        var rowNote = tf.expandDims(noteMask, tf.constant(1));
        var colNote = tf.expandDims(noteMask, tf.constant(0));
        var rowSource = tf.math.sub(one, rowNote);
        var colSource = tf.math.sub(one, colNote);
        var same = tf.math.add(tf.math.mul(rowNote, colNote), tf.math.mul(rowSource, colSource));
        Operand<TFloat32> blocked = tf.math.mul(rowSource, colNote);
        if (config.kind() == ModelKind.AUTOREGRESSIVE) {
            var later = tf.dtypes.cast(tf.math.greater(colsP, rowsP), TFloat32.class);
            blocked = tf.math.add(blocked, tf.math.mul(tf.math.mul(rowNote, colNote), later));
        }
        var bias = tf.math.add(tf.math.mul(same, alibi), tf.math.mul(blocked, tf.constant(TransformerBlocks.NEG_INF)));
        return tf.expandDims(bias, tf.constant(0));
    }

    /** The transcript pass: source [B, s] (s up to sourceLength) to every layer's keys and values, [layers, B, H, s, hd]. */
    public record SourcePass(Placeholder<TInt32> source, Operand<TFloat32> keys, Operand<TFloat32> values) {
    }

    public static SourcePass source(Ops tf, Parameters params, ModelConfig config) {
        requireDrafting(config);
        var source = tf.withName(SOURCE).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        Operand<TInt32> length = fedLength(tf, source);
        TransformerBlocks blocks = new TransformerBlocks(tf, params, config, null, length);
        Operand<TFloat32> x = blocks.embed(source);
        var alibi = tf.slice(tf.constant(regionDistance(config.heads(), config.sourceLength())),
                tf.constant(new int[] {0, 0, 0, 0}),
                blocks.shape(1, config.heads(), TransformerBlocks.LENGTH, TransformerBlocks.LENGTH));
        var keyBias = tf.math.add(ModelGraph.paddingKeyBias(tf, source), alibi);
        List<Operand<TFloat32>> keys = new ArrayList<>();
        List<Operand<TFloat32>> values = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            var layer = blocks.layerWithKeys(x, keyBias, "layer" + i);
            x = layer.x();
            keys.add(layer.cache().keys());
            values.add(layer.cache().values());
        }
        return new SourcePass(source, tf.stack(keys, Stack.axis(0L)), tf.stack(values, Stack.axis(0L)));
    }

    /** The transcript's keys and values as fed to a note pass or an AR step, with the transcript's tokens (for its padding). */
    public record SourceCache(Placeholder<TInt32> source, Placeholder<TFloat32> keys, Placeholder<TFloat32> values) {
    }

    /** Placeholders for the transcript's cache; {@code source} is the transcript pass's own token placeholder. */
    public static SourceCache sourceCache(Ops tf, ModelConfig config, Placeholder<TInt32> source) {
        Shape shape = Shape.of(config.layers(), -1, config.heads(), -1, config.headDim());
        return new SourceCache(source,
                tf.withName(SOURCE_KEYS).placeholder(TFloat32.class, Placeholder.shape(shape)),
                tf.withName(SOURCE_VALUES).placeholder(TFloat32.class, Placeholder.shape(shape)));
    }

    /**
     * One pass over the header and note, note [B, n] (n up to noteLength + 1, position 0 the header),
     * reading the transcript's cache: logits [B, n, V], the full canvas's at those positions. The
     * diffusion model takes its mask ratio {@code t} [B]; the AR model's pass (t null) is its full
     * causal pass over the note, for checks.
     */
    public record NotePass(Placeholder<TInt32> note, Placeholder<TFloat32> t, Operand<TFloat32> logits) {
    }

    public static NotePass note(Ops tf, Parameters params, ModelConfig config, SourceCache cache) {
        requireDrafting(config);
        boolean diffusion = config.kind() == ModelKind.DIFFUSION;
        int d = config.dModel();
        int heads = config.heads();
        var note = tf.withName(NOTE).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        Placeholder<TFloat32> t = diffusion ? tf.withName(T).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1))) : null;
        Operand<TInt32> length = fedLength(tf, note);
        TransformerBlocks blocks = new TransformerBlocks(tf, params, config, null, length);
        var table = params.normal("embed.tokens", config.vocabSize(), d);
        var positions = params.normal("embed.positions", config.maxLength(), d);
        var notePositions = tf.slice(positions, tf.constant(new int[] {config.sourceLength(), 0}),
                blocks.shape(TransformerBlocks.LENGTH, d));
        Operand<TFloat32> x = tf.reshape(tf.math.add(tf.gather(table, note, tf.constant(0)), notePositions),
                tf.constant(new int[] {-1, d}));
        if (diffusion) {
            x = blocks.addPerSequence(x, blocks.timeVector(t));
        }
        // [B, H, n, s + n]: the transcript's padding hidden, then the note's own bias
        var rows = tf.zeros(blocks.shape(1, heads, TransformerBlocks.LENGTH, 1), TFloat32.class);
        var toSource = tf.math.add(ModelGraph.paddingKeyBias(tf, cache.source()), rows);
        var noteTable = tf.constant(noteBias(config));
        var within = tf.slice(noteTable, tf.constant(new int[] {0, 0, 0, 0}),
                blocks.shape(1, heads, TransformerBlocks.LENGTH, TransformerBlocks.LENGTH));
        var toNote = tf.math.add(ModelGraph.paddingKeyBias(tf, note), within);
        var keyBias = tf.concat(List.of(toSource, toNote), tf.constant(3));
        var sourceKeys = tf.unstack(cache.keys(), (long) config.layers(), Unstack.axis(0L)).output();
        var sourceValues = tf.unstack(cache.values(), (long) config.layers(), Unstack.axis(0L)).output();
        for (int i = 0; i < config.layers(); i++) {
            String prefix = "layer" + i;
            var h = blocks.layerNorm(x, prefix + ".ln1");
            var q = split(tf, blocks, config, blocks.linear(h, d, d, prefix + ".attn.q"));
            var k = split(tf, blocks, config, blocks.linear(h, d, d, prefix + ".attn.k"));
            var v = split(tf, blocks, config, blocks.linear(h, d, d, prefix + ".attn.v"));
            var keys = tf.concat(List.of(sourceKeys.get(i), k), tf.constant(2));
            var values = tf.concat(List.of(sourceValues.get(i), v), tf.constant(2));
            var mixed = attend(tf, config, q, keys, values, keyBias);
            x = residual(tf, blocks, config, x, mixed, prefix);
        }
        Operand<TFloat32> logits = blocks.head(x);
        if (config.shiftedOutput()) {
            // note column j from column j-1's hidden state (the header's column takes the last's: never read)
            logits = ModelGraph.shiftRight(tf, logits, length);
        }
        return new NotePass(note, t, tf.withName(LOGITS).identity(logits));
    }

    /**
     * The AR model's cached step: each row's {@code token} [B] at note {@code position} [B] (0 is the
     * header) goes through every layer at that one position, its keys and values written into the
     * note's caches ([layers, B, H, noteLength + 1, hd]) at the position; its query attends to the
     * transcript's cache and to the note's up to it. Logits [B, V] predict the note's next token.
     */
    public record ArStep(Placeholder<TInt32> token, Placeholder<TInt32> position, Placeholder<TFloat32> noteKeys,
                         Placeholder<TFloat32> noteValues, Operand<TFloat32> logits, Operand<TFloat32> keys,
                         Operand<TFloat32> values) {
    }

    public static ArStep arStep(Ops tf, Parameters params, ModelConfig config, SourceCache cache) {
        requireDrafting(config);
        if (config.kind() != ModelKind.AUTOREGRESSIVE) {
            throw new IllegalArgumentException("only the AR drafting model has a cached step");
        }
        int d = config.dModel();
        int heads = config.heads();
        int span = config.noteLength() + 1;
        TransformerBlocks blocks = new TransformerBlocks(tf, params, config, null);
        var token = tf.withName(TOKEN).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        var position = tf.withName(POSITION).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Shape shape = Shape.of(config.layers(), -1, heads, span, config.headDim());
        var noteKeys = tf.withName(NOTE_KEYS).placeholder(TFloat32.class, Placeholder.shape(shape));
        var noteValues = tf.withName(NOTE_VALUES).placeholder(TFloat32.class, Placeholder.shape(shape));

        Operand<TFloat32> x = blocks.embedAt(token, tf.math.add(position, tf.constant(config.sourceLength())));
        var write = tf.reshape(tf.oneHot(position, tf.constant(span), tf.constant(1f), tf.constant(0f)),
                tf.constant(new int[] {-1, 1, span, 1}));
        var keep = tf.math.sub(tf.constant(1f), write);
        // [B, H, 1, s + span]: the transcript's padding hidden; the note's keys after the position hidden
        var toSource = tf.math.add(ModelGraph.paddingKeyBias(tf, cache.source()),
                tf.zeros(tf.constant(new int[] {1, heads, 1, 1}), TFloat32.class));
        var rowBias = tf.gather(tf.constant(noteRows(config)), position, tf.constant(0));
        var toNote = tf.reshape(rowBias, tf.constant(new int[] {-1, heads, 1, span}));
        var keyBias = tf.concat(List.of(toSource, toNote), tf.constant(3));
        var sourceKeys = tf.unstack(cache.keys(), (long) config.layers(), Unstack.axis(0L)).output();
        var sourceValues = tf.unstack(cache.values(), (long) config.layers(), Unstack.axis(0L)).output();
        var layerKeys = tf.unstack(noteKeys, (long) config.layers(), Unstack.axis(0L)).output();
        var layerValues = tf.unstack(noteValues, (long) config.layers(), Unstack.axis(0L)).output();
        List<Operand<TFloat32>> newKeys = new ArrayList<>();
        List<Operand<TFloat32>> newValues = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            String prefix = "layer" + i;
            var h = blocks.layerNorm(x, prefix + ".ln1");
            var oneHead = tf.constant(new int[] {-1, heads, 1, config.headDim()});
            var q = tf.reshape(blocks.linear(h, d, d, prefix + ".attn.q"), oneHead);
            var k = tf.reshape(blocks.linear(h, d, d, prefix + ".attn.k"), oneHead);
            var v = tf.reshape(blocks.linear(h, d, d, prefix + ".attn.v"), oneHead);
            var cachedKeys = tf.math.add(tf.math.mul(layerKeys.get(i), keep), tf.math.mul(write, k));
            var cachedValues = tf.math.add(tf.math.mul(layerValues.get(i), keep), tf.math.mul(write, v));
            newKeys.add(cachedKeys);
            newValues.add(cachedValues);
            var keys = tf.concat(List.of(sourceKeys.get(i), cachedKeys), tf.constant(2));
            var values = tf.concat(List.of(sourceValues.get(i), cachedValues), tf.constant(2));
            var mixed = attend(tf, config, q, keys, values, keyBias);
            x = residual(tf, blocks, config, x, mixed, prefix);
        }
        return new ArStep(token, position, noteKeys, noteValues, blocks.headAt(x), tf.stack(newKeys, Stack.axis(0L)),
                tf.stack(newValues, Stack.axis(0L)));
    }

    /** softmax(q k^T / sqrt(hd) + bias) v, heads merged back: [rows, d]. */
    private static Operand<TFloat32> attend(Ops tf, ModelConfig config, Operand<TFloat32> q, Operand<TFloat32> keys,
                                            Operand<TFloat32> values, Operand<TFloat32> keyBias) {
        Operand<TFloat32> scores = tf.train.batchMatMul(q, keys, TFloat32.class, BatchMatMul.adjY(true));
        scores = tf.math.add(tf.math.mul(scores, tf.constant((float) (1.0 / Math.sqrt(config.headDim())))), keyBias);
        Operand<TFloat32> mixed = tf.train.batchMatMul(tf.nn.softmax(scores), values, TFloat32.class);
        mixed = tf.linalg.transpose(mixed, tf.constant(new int[] {0, 2, 1, 3}));
        return tf.reshape(mixed, tf.constant(new int[] {-1, config.dModel()}));
    }

    /** The rest of a pre-norm layer after attention: output projection, residual, MLP, residual. */
    private static Operand<TFloat32> residual(Ops tf, TransformerBlocks blocks, ModelConfig config, Operand<TFloat32> x,
                                              Operand<TFloat32> mixed, String prefix) {
        int d = config.dModel();
        var attended = tf.math.add(x, blocks.linear(mixed, d, d, prefix + ".attn.out"));
        return tf.math.add(attended, blocks.mlp(blocks.layerNorm(attended, prefix + ".ln2"), prefix + ".mlp"));
    }

    /** [rows, d] to [B, H, n, hd] over the fed canvas length. */
    private static Operand<TFloat32> split(Ops tf, TransformerBlocks blocks, ModelConfig config, Operand<TFloat32> x) {
        var heads = tf.reshape(x, blocks.shape(-1, TransformerBlocks.LENGTH, config.heads(), config.headDim()));
        return tf.linalg.transpose(heads, tf.constant(new int[] {0, 2, 1, 3}));
    }

    /** [1, H, n, n]: ALiBi within one region of n positions. */
    static float[][][][] regionDistance(int heads, int n) {
        float[][][][] bias = new float[1][heads][n][n];
        for (int h = 0; h < heads; h++) {
            double slope = slope(h, heads);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    bias[0][h][i][j] = (float) (-slope * Math.abs(i - j));
                }
            }
        }
        return bias;
    }

    /** [1, H, N+1, N+1]: the note region's own bias (the canvas bias's note block). */
    static float[][][][] noteBias(ModelConfig config) {
        float[][][][] canvas = canvasBias(config);
        int s = config.sourceLength();
        int span = config.noteLength() + 1;
        float[][][][] out = new float[1][config.heads()][span][span];
        for (int h = 0; h < config.heads(); h++) {
            for (int i = 0; i < span; i++) {
                System.arraycopy(canvas[0][h][s + i], s, out[0][h][i], 0, span);
            }
        }
        return out;
    }

    /** [N+1, H, N+1]: for each note position, its row of {@link #noteBias} per head (the AR step's bias). */
    static float[][][] noteRows(ModelConfig config) {
        float[][][][] note = noteBias(config);
        int span = config.noteLength() + 1;
        float[][][] rows = new float[span][config.heads()][];
        for (int p = 0; p < span; p++) {
            for (int h = 0; h < config.heads(); h++) {
                rows[p][h] = note[0][h][p];
            }
        }
        return rows;
    }

    private static Operand<TInt32> fedLength(Ops tf, Operand<TInt32> tokens) {
        return tf.gather(tf.shape(tokens), tf.constant(1), tf.constant(0));
    }

    private static void requireDrafting(ModelConfig config) {
        if (!config.drafts()) {
            throw new IllegalArgumentException("preset " + config.preset() + " has no transcript region");
        }
    }
}
