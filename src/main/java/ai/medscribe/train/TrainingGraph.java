package ai.medscribe.train;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelGraph;
import ai.medscribe.model.TransformerBlocks;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import java.util.ArrayList;
import java.util.List;

/**
 * The training graph: the model with dropout, the weighted cross-entropy loss
 * {@code sum(weights * CE(logits, targets))} (the objective puts its normalisation in the weights),
 * and one AdamW step with global-norm clipping. Feed and fetch names are the constants below.
 */
public final class TrainingGraph {

    public static final String TARGETS = "targets";
    public static final String WEIGHTS = "weights";
    public static final String LEARNING_RATE = "lr";
    public static final String ADAM_RATE = "lr_adam";
    public static final String DROPOUT_RATE = "dropout_rate";
    public static final String DROPOUT_SEED = "dropout_seed";
    public static final String CE = "ce";
    public static final String LOSS = "loss";
    public static final String GRAD_NORM = "grad_norm";
    public static final String TRAIN_STEP = "train_step";

    static final float BETA1 = 0.9f;
    static final float EPSILON = 1e-8f;
    static final float WEIGHT_DECAY = 0.01f;
    static final float CLIP_NORM = 1.0f;

    private final ModelGraph model;

    private TrainingGraph(ModelGraph model) {
        this.model = model;
    }

    /** The graph with Adam's second-moment decay {@code beta2} (the bias correction is fed with the rate). */
    public static TrainingGraph build(Graph graph, ModelConfig config, long seed, double beta2) {
        Ops tf = Ops.create(graph);
        var rate = tf.withName(DROPOUT_RATE).placeholderWithDefault(tf.constant(0f), Shape.scalar());
        var dropoutSeed = tf.withName(DROPOUT_SEED).placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));
        ModelGraph model = ModelGraph.build(tf, config, seed, new TransformerBlocks.Dropout(rate, dropoutSeed));

        int vocab = config.vocabSize();
        // a drafting canvas is fed cut to each batch's longest transcript and note
        long columns = config.drafts() ? -1 : config.maxLength();
        var targets = tf.withName(TARGETS).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, columns)));
        var weights = tf.withName(WEIGHTS).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, columns)));
        var flatLogits = tf.reshape(model.logits(), tf.constant(new int[] {-1, vocab}));
        var labels = tf.oneHot(tf.reshape(targets, tf.constant(new int[] {-1})), tf.constant(vocab),
                tf.constant(1f), tf.constant(0f));
        // one-hot softmax CE: SparseSoftmaxCrossEntropyWithLogits has no gradient in TF Java 1.1.0
        var perToken = tf.nn.softmaxCrossEntropyWithLogits(flatLogits, labels).loss();
        var ce = tf.withName(CE).reshape(perToken, tf.shape(targets));
        Operand<TFloat32> loss = tf.withName(LOSS).sum(tf.math.mul(ce, weights), tf.constant(new int[] {0, 1}));

        adamW(tf, loss, model.parameters().variables(), model.parameters().names(), (float) beta2);
        return new TrainingGraph(model);
    }

    /**
     * AdamW with decoupled weight decay: w -= lr*wd*w + lrAdam * m / (sqrt(v) + eps), gradients clipped
     * by global norm. As nanoGPT does, only matrices (rank 2 and more: embeddings and projections) decay;
     * biases and LayerNorm gains and shifts (rank 1) take the Adam step alone, since shrinking a gain
     * towards 0 only fights the normalisation it scales.
     */
    private static void adamW(Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, List<String> names,
                              float beta2) {
        var lr = tf.withName(LEARNING_RATE).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        var lrAdam = tf.withName(ADAM_RATE).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Gradients grads = tf.gradients(loss, vars);
        List<Operand<TFloat32>> squares = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Operand<TFloat32> g = grads.dy(i);
            squares.add(tf.reshape(tf.sum(tf.math.square(g), tf.constant(allAxes(vars.get(i)))), tf.constant(new int[] {1})));
        }
        var norm = tf.withName(GRAD_NORM).math.sqrt(tf.sum(tf.concat(squares, tf.constant(0)), tf.constant(0)));
        var clip = tf.math.div(tf.constant(CLIP_NORM), tf.math.maximum(norm, tf.constant(CLIP_NORM)));
        List<Op> updates = new ArrayList<>();
        Ops init = tf.withInitScope();
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> w = vars.get(i);
            Operand<TFloat32> g = tf.math.mul(grads.<TFloat32>dy(i), clip);
            var m = tf.withName(names.get(i) + "-m").variable(init.zeros(init.constant(w.shape().asArray()), TFloat32.class));
            var v = tf.withName(names.get(i) + "-v").variable(init.zeros(init.constant(w.shape().asArray()), TFloat32.class));
            var mNew = tf.assign(m, tf.math.add(tf.math.mul(m, tf.constant(BETA1)), tf.math.mul(g, tf.constant(1 - BETA1))));
            var vNew = tf.assign(v, tf.math.add(tf.math.mul(v, tf.constant(beta2)),
                    tf.math.mul(tf.math.square(g), tf.constant(1 - beta2))));
            Operand<TFloat32> step = tf.math.mul(lrAdam, tf.math.div(mNew, tf.math.add(tf.math.sqrt(vNew), tf.constant(EPSILON))));
            if (decays(w)) {
                step = tf.math.add(tf.math.mul(tf.math.mul(w, lr), tf.constant(WEIGHT_DECAY)), step);
            }
            updates.add(tf.assignSub(w, step));
        }
        tf.withControlDependencies(updates).withName(TRAIN_STEP).noOp();
    }

    /** Whether weight decay applies to a variable: matrices yes, vectors (biases, LayerNorm) no. */
    static boolean decays(Variable<TFloat32> w) {
        return w.shape().numDimensions() >= 2;
    }

    private static int[] allAxes(Variable<TFloat32> v) {
        int rank = v.shape().numDimensions();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return axes;
    }

    public ModelGraph model() {
        return model;
    }
}
