package ai.medscribe.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A copy of the tiny diffusion bundle whose weights were altered after export (one byte of the
 * variables data flipped): the SHA-256 check must refuse it.
 */
public class CorruptBundleResource implements QuarkusTestResourceLifecycleManager {

    static final String CORRUPT_FILE = "variables/variables.data-00000-of-00001";

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("medscribe-corrupt-bundles");
            Path source = TinyBundles.directory().resolve("diffusion");
            Path copy = root.resolve("diffusion");
            TinyBundles.copyTree(source, copy);
            Path weights = copy.resolve(CORRUPT_FILE);
            byte[] bytes = Files.readAllBytes(weights);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(weights, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            return Map.of("medscribe.bundles.location", root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
