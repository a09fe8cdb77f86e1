import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow once at image build time, so that JavaCPP unpacks its natives (about 650 MB)
 * into the cache directory baked into the image instead of into every new pod on its first
 * request. Run with the application's own lib/main/ on the class path, so that the cached files
 * are keyed by the same jar names the application loads them from.
 */
public class TensorFlowWarmUp {
    public static void main(String[] args) {
        System.out.println("TensorFlow " + TensorFlow.version() + " natives unpacked into "
                + System.getProperty("org.bytedeco.javacpp.cachedir"));
    }
}
