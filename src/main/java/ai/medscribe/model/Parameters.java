package ai.medscribe.model;

import ai.medscribe.Seeds;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable variables of a graph, named flat with dots ({@code layer0.attn.q.w}: TensorFlow Java
 * names may not contain '/'), initialised deterministically from a seed with stateless random ops.
 */
public final class Parameters {

    private final Ops tf;
    private final long seed;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Variable<TFloat32>> byName = new HashMap<>();
    private long count;

    public Parameters(Ops tf, long seed) {
        this.tf = tf;
        this.seed = seed;
    }

    /** A weight matrix drawn from N(0, 0.02²), as GPT-style Transformers initialise. */
    public Variable<TFloat32> normal(String name, long... shape) {
        if (byName.containsKey(name)) {
            return byName.get(name);
        }
        Ops init = tf.withInitScope();
        long[] s = Seeds.initialWeights(seed, variables.size());
        Operand<TFloat32> value = init.math.mul(
                init.random.statelessRandomNormal(init.constant(shape), init.constant(s)), init.constant(0.02f));
        return add(name, value, shape);
    }

    public Variable<TFloat32> zeros(String name, long... shape) {
        if (byName.containsKey(name)) {
            return byName.get(name);
        }
        Ops init = tf.withInitScope();
        return add(name, init.zeros(init.constant(shape), TFloat32.class), shape);
    }

    public Variable<TFloat32> ones(String name, long... shape) {
        if (byName.containsKey(name)) {
            return byName.get(name);
        }
        Ops init = tf.withInitScope();
        return add(name, init.ones(init.constant(shape), TFloat32.class), shape);
    }

    private Variable<TFloat32> add(String name, Operand<TFloat32> init, long[] shape) {
        Variable<TFloat32> v = tf.withName(name).variable(init);
        variables.add(v);
        names.add(name);
        byName.put(name, v);
        count += Shape.of(shape).size();
        return v;
    }

    public List<Variable<TFloat32>> variables() {
        return variables;
    }

    public List<String> names() {
        return names;
    }

    public long count() {
        return count;
    }
}
