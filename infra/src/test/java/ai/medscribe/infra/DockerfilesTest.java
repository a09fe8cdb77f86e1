package ai.medscribe.infra;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image builds agree with the Maven build and unpack TensorFlow where the application looks for it. */
class DockerfilesTest {

    private static final Pattern WARM_UP_CACHE =
            Pattern.compile("RUN java -Dorg\\.bytedeco\\.javacpp\\.cachedir=\"?([^\"\\s]+)\"? .*TensorFlowWarmUp");
    private static final Pattern ENTRYPOINT_CACHE =
            Pattern.compile("ENTRYPOINT .*-Dorg\\.bytedeco\\.javacpp\\.cachedir=\\\\\"([^\\\\]+)\\\\\".*quarkus-run\\.jar");

    @Test
    void warmUpUnpacksTheNativesWhereTheApplicationLoadsThem() {
        for (String variant : List.of("cpu", "gpu")) {
            String dockerfile = Manifests.readSource("infra/docker/Dockerfile." + variant);
            Matcher warmUp = WARM_UP_CACHE.matcher(dockerfile);
            Matcher entrypoint = ENTRYPOINT_CACHE.matcher(dockerfile);
            assertTrue(warmUp.find(), variant + ": no TensorFlow warm-up at build time");
            assertTrue(entrypoint.find(), variant + ": the entry point sets no JavaCPP cache directory");
            assertEquals(warmUp.group(1), entrypoint.group(1), variant + ": warm-up and application use different caches");
            assertTrue(dockerfile.contains("/deployments/lib/main/*"),
                    variant + ": the warm-up must load the application's own jars (the cache is keyed by jar name)");
            assertTrue(dockerfile.contains("infra/docker/TensorFlowWarmUp.java"), variant + ": warm-up source");
        }
    }

    @Test
    void gpuImageUsesTheGpuNativesOnCuda12WithCudnn9AndCpuImageDoesNot() {
        String gpu = Manifests.readSource("infra/docker/Dockerfile.gpu");
        String cpu = Manifests.readSource("infra/docker/Dockerfile.cpu");
        assertTrue(Manifests.readSource("pom.xml").contains("<tensorflow.native.classifier>linux-x86_64-gpu<"),
                "the root pom's gpu profile must select the GPU natives");
        assertTrue(gpu.contains("mvn -B -Pgpu "), "Dockerfile.gpu must build with -Pgpu");
        assertFalse(cpu.contains("-Pgpu"), "Dockerfile.cpu must build the CPU natives");
        assertTrue(Pattern.compile("(?m)^FROM nvidia/cuda:12\\.[0-9.]+-cudnn(9)?-runtime-ubuntu").matcher(gpu).find(),
                "Dockerfile.gpu must run on a CUDA 12 + cuDNN runtime base");
        assertFalse(cpu.contains("nvidia/cuda"), "Dockerfile.cpu needs no CUDA");
    }
}
