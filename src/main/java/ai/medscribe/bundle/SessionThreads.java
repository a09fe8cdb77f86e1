package ai.medscribe.bundle;

import org.tensorflow.proto.ConfigProto;

import java.util.function.UnaryOperator;

/**
 * How many threads one TensorFlow operation of a loaded bundle may use (the session's intra-op
 * parallelism), from the system property {@value #PROPERTY} or else the environment variable
 * {@value #ENV}; unset or 0 leaves TensorFlow's default, one thread per core.
 *
 * <p>The models are small: on 2 cores a diffusion pass over 112 positions spends a good part of its
 * time handing each operation's work to the other core and waiting for it. With 1 thread a note
 * written alone takes about a quarter less time and concurrent requests (each on its own core) go
 * faster, but one call that writes a batch of notes uses one core only. The figures for both settings:
 * {@code docs/deployment.md}, "Threads and batching".
 */
public final class SessionThreads {

    public static final String PROPERTY = "medscribe.tf.intra-op-threads";
    public static final String ENV = "MEDSCRIBE_TF_INTRA_OP_THREADS";

    private SessionThreads() {
    }

    /** The configured thread count (0: TensorFlow's default) from this JVM's properties and environment. */
    public static int configured() {
        return configured(System::getProperty, System::getenv);
    }

    /**
     * The thread count from {@code properties} ({@value #PROPERTY}), else {@code environment} ({@value #ENV}).
     *
     * @throws IllegalArgumentException naming the setting when it is not a whole number from 0 to 1024
     */
    static int configured(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String name = PROPERTY;
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            name = ENV;
            value = environment.apply(ENV);
        }
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int threads = Integer.parseInt(value.strip());
            if (threads >= 0 && threads <= 1024) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(name + " must be a whole number of threads from 0 (TensorFlow's default) to 1024, was \""
                + value + "\"");
    }

    /** The session configuration for {@code threads} intra-op threads (0: TensorFlow's default). */
    static ConfigProto config(int threads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).build();
    }
}
