package ai.medscribe.functions.bundles;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Asks TensorFlow whether it has a GPU: one addition pinned to {@code /device:GPU:0} in a session
 * that may not move it elsewhere ({@code allow_soft_placement=false}). TensorFlow's placer runs
 * it on the first GPU it lists or refuses it, saying which devices it has; TensorFlow Java 1.1.0
 * has no public device listing (the C API's {@code TF_SessionListDevices} needs a session handle
 * that {@link Session} keeps to itself), and the placer is what the models' sessions use anyway.
 */
final class TensorFlowGpu {

    /** Whether TensorFlow placed an op on a GPU, and TensorFlow's own words when it did not. */
    record Answer(boolean present, String detail) {
    }

    static final DeviceSpec FIRST_GPU = DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0)
            .build();

    private static final int MAX_DETAIL = 400;

    private TensorFlowGpu() {
    }

    static Answer find() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph).withDevice(FIRST_GPU);
            var sum = tf.math.add(tf.constant(1f), tf.constant(2f));
            ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).build();
            try (Session session = new Session(graph, strict);
                    var result = session.runner().fetch(sum).run()) {
                float value = ((TFloat32) result.get(0)).getFloat();
                return new Answer(value == 3f, "an op pinned to " + FIRST_GPU + " ran there");
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return new Answer(false, "TensorFlow could not place an op on " + FIRST_GPU + ": " + firstLines(e));
        }
    }

    /** TensorFlow's message without the graph dump that follows it (names of our own probe ops only). */
    private static String firstLines(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL) + "...";
    }
}
